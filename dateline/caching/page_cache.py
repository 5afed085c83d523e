"""The embedded default's shared page cache: what Varnish does in production,
for a newsroom on one small machine without it.

Only responses the site already marks as shared-cacheable (public, s-maxage,
no cookie) are kept; they live in the default cache (files shared by every
worker in the embedded default, Redis in production) until purged or expired.
"""

import hashlib
import mmap
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse

PREFIX = "dateline:page:"
GENERATION_KEY = "dateline:page-generation"
_S_MAXAGE = re.compile(r"s-maxage=(\d+)")


def _key(path: str, query: str) -> str:
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    return PREFIX + digest


def _cache():
    return caches[settings.DATELINE_PAGE_CACHE]


def forget(path: str, query: str = "") -> None:
    if settings.DATELINE_PAGE_CACHE:
        _cache().delete(_key(path, query))


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
        key = _key(request.path, request.META.get("QUERY_STRING", ""))
        stored = _cache().get(key)
        if stored is not None:
            status, headers, content, *expires = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            # Entries stored before expiry times were kept have none to give.
            response.dateline_cache_expires = expires[0] if expires else None
            return response
        response = self.get_response(request)
        ttl = _shared_ttl(response) if request.method == "GET" else 0
        if ttl:
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "x-cache")
            ]
            expires = time.time() + ttl
            _cache().set(key, (response.status_code, headers, response.content, expires), ttl)
            response["X-Cache"] = "MISS"
            # Tells the in-memory copy (fast_path) how long the shared one lives.
            response.dateline_cache_expires = expires
        return response


def _shared_ttl(response) -> int:
    if response.streaming or response.cookies or response.status_code not in (200, 301, 404):
        return 0
    control = response.get("Cache-Control", "")
    if "public" not in control or "private" in control or "no-cache" in control:
        return 0
    match = _S_MAXAGE.search(control)
    return int(match.group(1)) if match else 0
