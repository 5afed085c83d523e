"""Surrogate keys: names for what a response shows, so a cache that keeps it
(Varnish's xkey, a CDN's cache tags) can drop every response showing a thing
when that thing changes, however many pages that is.

The content names what a page shows (`shows`) while it builds the page; the
caching feature collects the names for each request (`collecting`), writes
them into the response's headers and purges by the same names. Below the
content layer: the names are plain strings, and outside a collection (a
management command, a purge, a test without the middleware) `shows` does
nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The current request's keys, in the order first shown (None: not collecting).
_shown: ContextVar[dict[str, None] | None] = ContextVar("dateline_surrogate_keys", default=None)


def shows(*keys: str) -> None:
    """The response being built shows what `keys` name."""
    collected = _shown.get()
    if collected is not None:
        collected.update(dict.fromkeys(keys))


@contextmanager
def collecting() -> Iterator[dict[str, None]]:
    """Collect what the block's response shows, into the dict it yields."""
    keys: dict[str, None] = {}
    token = _shown.set(keys)
    try:
        yield keys
    finally:
        _shown.reset(token)
