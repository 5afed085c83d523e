"""Wagtail frontend-cache backends that purge by surrogate key too: the
embedded page cache, so the same purge list that clears Varnish in production
clears it too, and Varnish."""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

from .page_cache import bump_generation, forget, forget_keys

logger = logging.getLogger(__name__)

# Varnish refuses a request header longer than 8 KB (http_req_hdr_len): a
# batch with more keys goes in as few requests as fit.
MAX_KEYS_HEADER = 6000


class PurgesKeys:
    """A backend that can also drop everything tagged with surrogate keys."""

    def purge_keys(self, keys: list[str]) -> None:
        raise NotImplementedError


class EmbeddedPageCacheBackend(PurgesKeys, BaseBackend):
    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        # The shared copies go first, then the workers' in-memory ones: a worker
        # that refills after the new generation can only find fresh pages.
        for url in urls:
            parts = urlsplit(url)
            forget(parts.path, parts.query)
        bump_generation()

    def purge_keys(self, keys: list[str]) -> None:
        # Generations on both sides: a page that rendered across the purge is
        # not kept (page_cache), and a worker that refills after it finds
        # only fresh copies.
        bump_generation()
        forget_keys(keys)
        bump_generation()


class VarnishBackend(PurgesKeys, HTTPBackend):
    """Wagtail's PURGE per URL, and the batch's keys in one PURGE carrying an
    xkey-purge header (deploy/varnish/dateline.vcl)."""

    def purge_keys(self, keys: list[str]) -> None:
        for chunk in _chunks(keys, MAX_KEYS_HEADER):
            url = urlunsplit([self.cache_scheme, self.cache_netloc, "/", "", ""])
            request = PurgeRequest(url=url, headers={"xkey-purge": chunk})
            try:
                urlopen(request, timeout=10)  # noqa: S310 - LOCATION is the site's setting
            except (HTTPError, URLError) as exc:
                logger.error("Couldn't purge keys %s from Varnish: %s", chunk[:200], exc)


def _chunks(keys: list[str], limit: int) -> list[str]:
    """The keys as space-separated lists of at most `limit` characters."""
    chunks, current = [], ""
    for key in keys:
        if current and len(current) + 1 + len(key) > limit:
            chunks.append(current)
            current = ""
        current = f"{current} {key}" if current else key
    return chunks + [current] if current else chunks
