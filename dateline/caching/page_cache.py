"""The embedded default's shared page cache: what Varnish does in production,
for a newsroom on one small machine without it.

Only responses the site already marks as shared-cacheable (public, s-maxage,
no cookie) are kept; they live in the default cache (files shared by every
worker in the embedded default, Redis in production) until purged or expired.

A page is kept per host, as Django checked it (ALLOWED_HOSTS): its links are
built from the host it was asked for, so a copy made for one host name must
never reach readers of another, and a host Django refuses gets Django's 400
even for a cached page. Purges name the site's own host, so every host's copy
of a URL is kept under that URL's version, and a purge replaces the version.

A purge by surrogate key reaches pages whose URLs it does not name (an article
linking to the one published): each copy remembers the stamps of its keys
(the response's xkey header) when it was kept, and is a miss once one of
them is gone.
"""

import hashlib
import mmap
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse

from dateline.base.headers import saves_data, shared_seconds
from dateline.base.invalidation import cache_key, register_prefix

from . import compress

PAGE = register_prefix("page", "a shared copy of a public page")
PAGE_VERSION = register_prefix("page-version", "a URL's current page-cache version")
GENERATION_KEY = cache_key(
    register_prefix("page-generation", "changes with every purge of the page cache")
)
KEY_STAMP = register_prefix("page-key-stamp", "a surrogate key's stamp in the page cache")
# Longer than any page is kept: a copy that outlives its URL's version is only
# a miss.
VERSION_SECONDS = 24 * 60 * 60


def _version_key(path: str, query: str) -> str:
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    return cache_key(PAGE_VERSION, digest)


def _page_key(version: str, host: str, path: str, query: str, lite: bool = False) -> str:
    # "3": entries hold every encoding of the body and their keys' stamps.
    # A Save-Data reader gets the text-only page at the same URL (Vary:
    # Save-Data): a copy of its own, under the URL's version, so one purge
    # drops both.
    variant = " lite" if lite else ""
    digest = hashlib.sha256(f"3 {version} {host} {path}?{query}{variant}".encode()).hexdigest()
    return cache_key(PAGE, digest)


def _version(cache, path: str, query: str) -> str | None:
    """The URL's current version, made if it has none; None if a purge took it
    in between."""
    key = _version_key(path, query)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(key)
    return version


def _cache():
    return caches[settings.DATELINE_PAGE_CACHE]


def forget(path: str, query: str = "") -> None:
    """Drop the URL's copies for every host."""
    if settings.DATELINE_PAGE_CACHE:
        _cache().delete(_version_key(path, query))


def _stamp_names(keys) -> list[str]:
    return [cache_key(KEY_STAMP, key) for key in keys]


def _key_stamps(cache, keys: list[str]) -> dict[str, str]:
    """The current stamps of surrogate `keys`, made for those without one."""
    names = _stamp_names(keys)
    stamps = cache.get_many(names)
    missing = [name for name in names if name not in stamps]
    for name in missing:
        cache.add(name, uuid.uuid4().hex, VERSION_SECONDS)
    if missing:
        stamps = cache.get_many(names)
    return stamps


def forget_keys(keys) -> None:
    """Drop every copy that shows what `keys` name, whatever its URL."""
    if settings.DATELINE_PAGE_CACHE:
        _cache().delete_many(_stamp_names(keys))


# The generation: a value every purge changes, so each worker can drop its
# in-memory copies of pages (dateline.caching.fast_path) with one cheap read per
# request. Beside a file cache it is 8 bytes in a file every worker maps into
# memory; with another cache (Redis) it is a key in that cache.


def _marker(cache) -> Path | None:
    if isinstance(cache, FileBasedCache):
        return Path(cache._dir) / "page-generation"
    return None


def _open_marker(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    if os.fstat(fd).st_size < 8:
        os.pwrite(fd, os.urandom(8), 0)
    return fd


def generation_reader() -> Callable[[], object]:
    """A function that returns the current generation, for one process."""
    cache = _cache()
    path = _marker(cache)
    if path is None:
        return lambda: cache.get(GENERATION_KEY)
    fd = _open_marker(path)
    try:
        mapped = mmap.mmap(fd, 8, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)
    return lambda: mapped[:8]


def current_generation():
    """The generation now, read once (a miss reads it before and after)."""
    cache = _cache()
    path = _marker(cache)
    if path is None:
        return cache.get(GENERATION_KEY)
    fd = _open_marker(path)
    try:
        return os.pread(fd, 8, 0)
    finally:
        os.close(fd)


def bump_generation() -> None:
    """Make every worker forget its in-memory copies; called after each purge."""
    if not settings.DATELINE_PAGE_CACHE:
        return
    cache = _cache()
    path = _marker(cache)
    if path is None:
        cache.set(GENERATION_KEY, os.urandom(8), None)
        return
    fd = _open_marker(path)
    try:
        os.pwrite(fd, os.urandom(8), 0)
    finally:
        os.close(fd)


class PageCacheMiddleware:
    """Answer repeat views of public pages from the cache, before Django does
    any other work for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATELINE_PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path.startswith(settings.DATELINE_UNCACHED_PREFIXES):
            return self.get_response(request)
        if getattr(request, "is_dummy", False):
            # Wagtail runs a preview through the middleware as a request for the
            # page's own URL: it must show the draft, not the cached live page.
            return self.get_response(request)
        # Django's check of the Host header (400 if refused), before any copy.
        host = request.get_host()
        path, query = request.path, request.META.get("QUERY_STRING", "")
        cache = _cache()
        # Taken before rendering: a purge while the page renders replaces it, so
        # a copy of what was rendered before the purge is never found.
        version = _version(cache, path, query)
        if version is None:
            return self.get_response(request)
        key = _page_key(version, host, path, query, saves_data(request.META.get("HTTP_SAVE_DATA")))
        stored = cache.get(key)
        encoding = compress.choose(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if stored is not None and _stamps_hold(cache, stored[4]):
            status, headers, bodies, expires, _stamps = stored
            if encoding not in bodies:
                encoding = None
            body = bodies[encoding]
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = str(len(body))
            if encoding is not None:
                response["Content-Encoding"] = encoding
                if response.has_header("ETag"):
                    response["ETag"] = compress.etag_for(response["ETag"], encoding)
            response["X-Cache"] = "HIT"
            response.dateline_cache_expires = expires
            return response
        generation = current_generation()
        response = self.get_response(request)
        ttl = _shared_ttl(response) if request.method == "GET" else 0
        stamps = _key_stamps(cache, response.get("xkey", "").split()) if ttl else {}
        if ttl and current_generation() != generation:
            # A purge came while the page rendered: its stamps may be newer
            # than what the page shows. Served, not kept.
            ttl = 0
        if ttl:
            # Compressed once here, for every hit to come.
            if compress.compressible(response):
                bodies = compress.variants(response.content)
                compress.apply(response, None)  # Vary: Accept-Encoding, kept below
            else:
                bodies = {None: response.content}
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "x-cache", "content-length")
            ]
            expires = time.time() + ttl
            cache.set(key, (response.status_code, headers, bodies, expires, stamps), ttl)
            if encoding in bodies and encoding is not None:
                compress.apply(response, encoding, bodies[encoding])
            response["X-Cache"] = "MISS"
            # Tells the in-memory copy (fast_path) how long the shared one lives.
            response.dateline_cache_expires = expires
        return response


def _stamps_hold(cache, stamps: dict[str, str]) -> bool:
    """Whether no key of a kept copy has been purged since it was kept."""
    return not stamps or cache.get_many(list(stamps)) == stamps


def _shared_ttl(response) -> int:
    if response.streaming or response.cookies or response.status_code not in (200, 301, 404):
        return 0
    return shared_seconds(response)
