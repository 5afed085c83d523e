"""A Wagtail frontend-cache backend for the embedded page cache, so the same
purge list that clears Varnish in production clears it too."""

from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .page_cache import forget


class EmbeddedPageCacheBackend(BaseBackend):
    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        forget(parts.path, parts.query)
