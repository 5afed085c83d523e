"""The embedded default's shared page cache: what Varnish does in production,
for a newsroom on one small machine without it.

Only responses the site already marks as shared-cacheable (public, s-maxage,
no cookie) are kept; they live in the default cache (files shared by every
worker in the embedded default, Redis in production) until purged or expired.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

PREFIX = "dateline:page:"
_S_MAXAGE = re.compile(r"s-maxage=(\d+)")


def _key(path: str, query: str) -> str:
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    return PREFIX + digest


def _cache():
    return caches[settings.DATELINE_PAGE_CACHE]


def forget(path: str, query: str = "") -> None:
    if settings.DATELINE_PAGE_CACHE:
        _cache().delete(_key(path, query))


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
        key = _key(request.path, request.META.get("QUERY_STRING", ""))
        stored = _cache().get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        ttl = _shared_ttl(response) if request.method == "GET" else 0
        if ttl:
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "x-cache")
            ]
            _cache().set(key, (response.status_code, headers, response.content), ttl)
            response["X-Cache"] = "MISS"
        return response


def _shared_ttl(response) -> int:
    if response.streaming or response.cookies or response.status_code not in (200, 301, 404):
        return 0
    control = response.get("Cache-Control", "")
    if "public" not in control or "private" in control or "no-cache" in control:
        return 0
    match = _S_MAXAGE.search(control)
    return int(match.group(1)) if match else 0
