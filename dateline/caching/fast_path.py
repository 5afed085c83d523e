"""Repeat views answered before Django runs at all.

Each worker process keeps an in-memory copy (status, final headers, body) of the
pages Django's PageCacheMiddleware has just served from or stored in the shared
page cache. The copy is only ever made from a response that middleware marked
as shared-cacheable, so the rules of what may be cached stay in one place; it
lives no longer than the shared entry it came from, and every purge changes the
shared generation marker, which drops every worker's copies at its next request.

Copies are kept per host header, as the shared ones are: a page's links are
built from the host it was asked for. That is also what checks the host here:
a copy only exists for a host Django accepted (ALLOWED_HOSTS), so a request for
any other host finds none and Django answers it 400. They are kept per
encoding too (brotli, gzip, none): a hit sends the stored bytes as they are.
"""

import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.signals import setting_changed

from .compress import choose as choose_encoding
from .conditional import not_modified
from .page_cache import generation_reader

MAX_COPIES = 1000
MAX_BODY_BYTES = 1024 * 1024


class FastPageCache:
    """A WSGI wrapper around Dateline's application."""

    def __init__(self, app: Callable, max_copies: int = MAX_COPIES):
        self.app = app
        self.max_copies = max_copies
        self._read_generation: Callable[[], object] | None = None
        self._generation: object = None
        self._copies: dict[tuple, tuple] = {}
        # The settings a hit reads, read once (a hit is a few microseconds:
        # Django's lazy settings cost a tenth of that); read again when a test
        # changes them.
        self._settings: tuple | None = None
        setting_changed.connect(self._forget_settings, weak=False)

    def _forget_settings(self, **kwargs) -> None:
        self._settings = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        if self._settings is None:
            self._settings = _read_settings()
        enabled, ssl_redirect, proxy_ssl_header = self._settings
        if (method != "GET" and method != "HEAD") or not enabled:
            return self.app(environ, start_response)
        secure = _is_secure(environ, proxy_ssl_header)
        if ssl_redirect and not secure:
            return self.app(environ, start_response)  # Django redirects it
        if self._read_generation is None:
            self._read_generation = generation_reader()
        generation = self._read_generation()
        copies = self._copies
        if generation != self._generation:
            copies = self._copies = {}
            self._generation = generation
        # HSTS depends on the scheme; links depend on the host; the body on the
        # encoding the client takes (each copy holds that variant's bytes).
        key = (
            choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", "")),
            secure,
            environ.get("HTTP_HOST"),
            environ.get("HTTP_X_FORWARDED_HOST"),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            # Save-Data readers get the text-only page at the same URL. The raw
            # header: each copy is Django's answer to that header, and a hit
            # costs no parsing.
            environ.get("HTTP_SAVE_DATA"),
        )
        copy = copies.get(key)
        if copy is not None:
            status, headers, body, expires = copy
            if expires > time.time():
                bare = not_modified(environ.get("HTTP_IF_NONE_MATCH", ""), headers)
                if bare is not None:
                    start_response("304 Not Modified", bare)
                    return []
                start_response(status, headers)
                return [body] if method == "GET" else []
            copies.pop(key, None)

        started = []

        def remember_start(status, headers, exc_info=None):
            started.append((status, headers))
            return start_response(status, headers, exc_info)

        response = self.app(environ, remember_start)
        expires = getattr(response, "dateline_cache_expires", None)
        if (
            expires
            and method == "GET"
            and started
            # A purge during this request may have come after the shared read.
            and self._read_generation() == generation
        ):
            self._keep(copies, key, started[0], response, expires)
        return response

    def _keep(self, copies: dict, key: tuple, start: tuple, response, expires: float) -> None:
        status, headers = start
        if any(name.lower() == "set-cookie" for name, _value in headers):
            return
        body = response.content
        if len(body) > MAX_BODY_BYTES:
            return
        headers = [(name, "HIT" if name.lower() == "x-cache" else value) for name, value in headers]
        if len(copies) >= self.max_copies:
            try:
                copies.pop(next(iter(copies)))
            except (StopIteration, RuntimeError, KeyError):
                pass
        copies[key] = (status, headers, body, expires)


def _read_settings() -> tuple:
    return (
        settings.DATELINE_PAGE_CACHE,
        settings.SECURE_SSL_REDIRECT,
        settings.SECURE_PROXY_SSL_HEADER,
    )


def _is_secure(environ: dict, proxy_ssl_header) -> bool:
    # As django.http.HttpRequest.scheme decides it.
    if proxy_ssl_header:
        header, secure_value = proxy_ssl_header
        value = environ.get(header)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"
