"""304 Not Modified for the small endpoints open pages poll.

A poll that finds nothing new should cost a few hundred bytes, not a copy of the
answer the reader already has. The endpoints tag their answers with an ETag;
this middleware, outermost of all, answers a matching If-None-Match with a bare
304, and the worker's in-memory copies (fast_path) do the same before Django
runs. Only the headers HTTP requires on a 304 are kept (RFC 9110, 15.4.5): the
browser keeps the security headers of the answer it already holds.
"""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.http import parse_etags

# What a 304 carries if the full answer would, as Django's own 304s do.
NOT_MODIFIED_HEADERS = ("cache-control", "content-location", "date", "etag", "expires", "vary")


class NotModifiedMiddleware(ConditionalGetMiddleware):
    """Django's conditional GET (whose 304 keeps only the headers above), for
    the answers that carry their own ETag only: pages are not hashed on every
    request."""

    def needs_etag(self, response) -> bool:
        return False


def not_modified(if_none_match: str, headers: list[tuple[str, str]]) -> list | None:
    """The headers of a 304 for a stored answer with these headers, or None if
    the request's If-None-Match does not name its ETag."""
    if not if_none_match:  # most requests: nothing to look up
        return None
    etag = next((value for name, value in headers if name.lower() == "etag"), None)
    if not etag:
        return None
    weak = etag.removeprefix("W/")
    if not any(tag == "*" or tag.removeprefix("W/") == weak for tag in parse_etags(if_none_match)):
        return None
    return [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS]
