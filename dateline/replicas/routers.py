"""Which database a query goes to: the primary, except the reads of a
reader's request (ReaderRequestMiddleware), which go to the replica."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

# The alias this request reads from; None: the primary.
_reading_from: ContextVar[str | None] = ContextVar("dateline_reading_from", default=None)


@contextmanager
def reads_from(alias: str) -> Iterator[None]:
    """Send the reads made inside the block to `alias`."""
    token = _reading_from.set(alias)
    try:
        yield
    finally:
        _reading_from.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # Querysets for update (select_for_update, get_or_create) ask
        # db_for_write instead, so they stay on the primary.
        return _reading_from.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both hold the same rows: a page read from the replica may be linked
        # to one saved on the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # A replica follows the primary's schema; it cannot be migrated itself.
        return False if db == REPLICA else None
