"""A Wagtail frontend-cache backend for the embedded page cache, so the same
purge list that clears Varnish in production clears it too."""

from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .page_cache import bump_generation, forget


class EmbeddedPageCacheBackend(BaseBackend):
    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        # The shared copies go first, then the workers' in-memory ones: a worker
        # that refills after the new generation can only find fresh pages.
        for url in urls:
            parts = urlsplit(url)
            forget(parts.path, parts.query)
        bump_generation()
