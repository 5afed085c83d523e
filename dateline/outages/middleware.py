"""When the database cannot be reached: a plain 503 with Retry-After.

The page is built from a string, without the database, templates or context
processors, so it cannot fail the way the request did. Pages Varnish already
holds keep being served from it (deploy/varnish/dateline.vcl); this is what a
reader gets for the rest, and what an editor gets in the newsroom.

With a replica (dateline.replicas), readers keep reading from it when the
primary is gone, and the newsroom says it is read-only: it cannot save until
the primary is back or the replica is promoted. It says the same when the
database refuses writes ("cannot execute ... in a read-only transaction").
A refused save wrote nothing: Wagtail saves the revision, then publishes it,
each in a transaction of its own, so at worst a primary lost between the two
leaves the draft saved and the previous version live.
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
# PostgreSQL's read_only_sql_transaction: a standby, or a primary set read-only.
READ_ONLY_SQLSTATE = "25006"

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


def outage_response(
    request: HttpRequest, disk_full: bool = False, read_only: bool = False
) -> HttpResponse:
    newsroom = request.path.startswith(NEWSROOM_PREFIXES)
    if disk_full:
        title = _("The server's disk is full")
        message = _(
            "The file was not saved, and nothing of it was kept. Ask your administrator to "
            "free some space, then send it again."
        )
    elif newsroom and read_only:
        title = _("The newsroom is read-only for now")
        message = _(
            "The main database cannot take changes right now, so nothing can be saved or "
            "published. Nothing already saved was lost, and what you just sent was not "
            "half-written: send it again once this page works. Published pages stay online. "
            "The newsroom will work again as soon as the database is back or its replica "
            "has been promoted."
        )
    elif newsroom:
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
    """True when `exc` is a database being out of reach, not a bad query:
    a connection is gone or no longer answers."""
    if not isinstance(exc, CONNECTION_ERRORS):
        return False
    return not all(_answers(alias, fresh=False) for alias in connections)


def database_read_only(exc: BaseException | None) -> bool:
    """True when `exc` is a write refused because the database is read-only."""
    return getattr(getattr(exc, "__cause__", None), "sqlstate", None) == READ_ONLY_SQLSTATE


def _database_answers() -> bool:
    return _answers(DEFAULT_DB_ALIAS)


def _a_copy_answers() -> bool:
    """Whether a read-only copy of the database (a replica) still answers."""
    return any(_answers(alias) for alias in connections if alias != DEFAULT_DB_ALIAS)


def _answers(alias: str, *, fresh: bool = True) -> bool:
    """Whether `alias` answers. A connection that died (its server stopped or
    was replaced by a promoted replica) is dropped; with `fresh`, a new one is
    tried at once, so the first request after a failover is not refused."""
    conn = connections[alias]
    if conn.connection is not None:
        if conn.is_usable():
            return True
        _forget(conn)
        if not fresh:
            return False
    try:
        conn.ensure_connection()
        return True
    except DatabaseError:
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
            return outage_response(request, read_only=_a_copy_answers())
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        return response_for_outage(request, exception)


def response_for_outage(request: HttpRequest, exception: BaseException) -> HttpResponse | None:
    """The page for `exception` if it is an outage (a full disk, a database out
    of reach or read-only), else None. For views' exceptions and, through
    handler500 (dateline.outages.views), those of middleware: an editor's
    session is read before any view runs."""
    if no_space(exception):
        logger.error("No space left (%s): %s answered 507", exception, request.path)
        return outage_response(request, disk_full=True)
    if database_read_only(exception):
        logger.error("Database read-only (%s): %s answered 503", exception, request.path)
        return outage_response(request, read_only=True)
    if database_unreachable(exception):
        logger.error("Database unreachable (%s): %s answered 503", exception, request.path)
        return outage_response(request, read_only=_a_copy_answers())
    return None
