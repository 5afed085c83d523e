"""Surrogate keys in responses: every shared-cacheable answer names what it
shows, so a cache can drop it when one of those things is published, however
many pages show it (the purge sends the same names: purge.py).

The names are collected while the response is built
(dateline.base.surrogate_keys); what they mean is the content's
(dateline.newsroom.surrogates). They go out in three spellings:

- ``xkey``, space-separated: Varnish's vmod_xkey (the VCL keeps it from readers);
- ``Surrogate-Key``, space-separated: Fastly;
- ``Cache-Tag``, comma-separated: Cloudflare.
"""

import logging

from dateline.base.headers import shared_seconds
from dateline.base.surrogate_keys import collecting

logger = logging.getLogger(__name__)

# Caches and proxies refuse headers much past 8 KB (Varnish, nginx); Cloudflare
# reads 16 KB of Cache-Tag. A page that shows more than this names one key
# instead, which every purge batch sends: it is dropped with any publish.
MAX_HEADER = 8000
OVERFLOW = "overflow"


class SurrogateKeysMiddleware:
    """Collect the keys of each request's response; write them on the ones
    shared caches may keep. Inside the page cache, so its copies (and the
    fast path's) keep the headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collecting() as keys:
            response = self.get_response(request)
        if keys and shared_seconds(response):
            write_keys(response, list(keys))
        return response


def write_keys(response, keys: list[str]) -> None:
    spaced = " ".join(keys)
    if len(spaced) > MAX_HEADER:
        logger.warning("%d surrogate keys are too many for a header: %s", len(keys), OVERFLOW)
        keys, spaced = [OVERFLOW], OVERFLOW
    response["xkey"] = spaced
    response["Surrogate-Key"] = spaced
    response["Cache-Tag"] = ",".join(keys)
