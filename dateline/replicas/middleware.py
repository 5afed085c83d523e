"""Reader requests read from the replica, unless it is out of reach."""

import contextlib
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest

from .routers import REPLICA, reads_from

logger = logging.getLogger("dateline.replicas")

# Where the newsroom is: its requests read what editors have just saved.
NEWSROOM_PREFIXES = ("/admin/", "/django-admin/")
# After the replica failed to answer, readers use the primary this long before
# it is tried again, rather than each waiting for a connection to fail.
RETRY_SECONDS = 5.0


def is_reader_request(request: HttpRequest) -> bool:
    """An anonymous reader's GET or HEAD of a public page. A session cookie
    means someone signed in (or a view that keeps per-visitor state): they
    must see their own changes at once, so they read from the primary."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(NEWSROOM_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


_down_until = 0.0


def replica_answers() -> bool:
    """Whether the replica takes queries, checked once per request (Django's
    health check, CONN_HEALTH_CHECKS) and not again for RETRY_SECONDS after
    it failed."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    conn = connections[REPLICA]
    try:
        conn.close_if_health_check_failed()
        conn.ensure_connection()
        return True
    except DatabaseError as exc:
        _down_until = time.monotonic() + RETRY_SECONDS
        with contextlib.suppress(DatabaseError):
            conn.close()
        logger.warning("Replica unreachable (%s): readers use the primary", exc)
        return False


class ReaderRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not is_reader_request(request) or not replica_answers():
            return self.get_response(request)
        with reads_from(REPLICA):
            return self.get_response(request)
