"""When the database cannot be reached: a plain 503 with Retry-After.

The page is built from a string, without the database, templates or context
processors, so it cannot fail the way the request did. Pages Varnish already
holds keep being served from it (deploy/varnish/dateline.vcl); this is what a
reader gets for the rest, and what an editor gets in the newsroom.
"""

import contextlib
import logging
from html import escape

from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from dateline.base import headers

from .storage import no_space

logger = logging.getLogger("dateline.outages")

RETRY_AFTER_SECONDS = 60
NEWSROOM_PREFIXES = ("/admin/", "/django-admin/")
CONNECTION_ERRORS = (OperationalError, InterfaceError)

PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}}
</style>
</head>
<body><main><h1>{title}</h1><p>{message}</p></main></body>
</html>
"""


def outage_response(request: HttpRequest, disk_full: bool = False) -> HttpResponse:
    if disk_full:
        title = _("The server's disk is full")
        message = _(
            "The file was not saved, and nothing of it was kept. Ask your administrator to "
            "free some space, then send it again."
        )
    elif request.path.startswith(NEWSROOM_PREFIXES):
        title = _("The database is unavailable")
        message = _(
            "The newsroom cannot reach its database, so nobody can log in, save or publish "
            "until it is back. Published pages stay online from the cache. This page will "
            "work again as soon as the database answers."
        )
    else:
        title = _("Temporarily unavailable")
        message = _("This page cannot be shown right now. Please try again in a minute.")
    page = PAGE.format(
        lang=escape(get_language() or "en"),
        dir="rtl" if get_language_bidi() else "ltr",
        title=escape(title),
        message=escape(message),
    )
    response = HttpResponse(page, status=507 if disk_full else 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    headers.no_store(response)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def database_unreachable(exc: BaseException | None) -> bool:
    """True when `exc` is the database being out of reach, not a bad query:
    the connection it came from is gone or no longer answers."""
    if not isinstance(exc, CONNECTION_ERRORS):
        return False
    for alias in connections:
        conn = connections[alias]
        if conn.connection is None or not conn.is_usable():
            _forget(conn)
            return True
    return False


def _database_answers() -> bool:
    conn = connections[DEFAULT_DB_ALIAS]
    try:
        conn.ensure_connection()
        if conn.is_usable():
            return True
    except CONNECTION_ERRORS:
        pass
    _forget(conn)
    return False


def _forget(conn) -> None:
    # A dead persistent connection would otherwise be reused (and fail) until
    # CONN_MAX_AGE runs out, long after the database is back.
    with contextlib.suppress(DatabaseError):
        conn.close()


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The login page itself needs no query, so the newsroom asks first:
        # an editor learns the database is down before typing a password.
        if request.path.startswith(NEWSROOM_PREFIXES) and not _database_answers():
            logger.error("Database unreachable: %s answered 503", request.path)
            return outage_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if no_space(exception):
            logger.error("No space left (%s): %s answered 507", exception, request.path)
            return outage_response(request, disk_full=True)
        if database_unreachable(exception):
            logger.error("Database unreachable (%s): %s answered 503", exception, request.path)
            return outage_response(request)
        return None
