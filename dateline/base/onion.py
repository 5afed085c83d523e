"""The site's onion service (deploy/tor/README.md): its address, the
Onion-Location header that offers it to Tor Browser readers of the public
site, and whether a request came in through it.

Below the content layer: reads only settings (DATELINE_ONION_URL, which
settings.py checks with `address` below), and settings imports it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.http.request import split_domain_port


def address(value: str) -> str:
    """DATELINE_ONION_URL as configured ("http://<56 letters>.onion", a
    trailing slash allowed), without the slash; "" when unset. Anything that is
    not an http(s) URL of a .onion host with no path stops the settings
    loading: a typo would otherwise send every reader's browser somewhere else."""
    value = value.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    host = parts.hostname or ""
    if (
        parts.scheme not in ("http", "https")
        or not host.endswith(".onion")
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ImproperlyConfigured(
            f"DATELINE_ONION_URL must look like http://<address>.onion, not {value!r}"
        )
    return value


def host(url: str) -> str:
    """The host name of an onion address ("" for none)."""
    return (urlsplit(url).hostname or "") if url else ""


def through_onion(request) -> bool:
    """Did the request arrive with the onion address as its host?"""
    onion = host(settings.DATELINE_ONION_URL)
    if not onion:
        return False
    try:
        requested = request.get_host()
    except DisallowedHost:
        return False
    return split_domain_port(requested)[0] == onion


def location(request) -> str | None:
    """The Onion-Location header for a public page (the same path and query at
    the onion address), or None: no onion service, or the reader is already
    on it."""
    url = settings.DATELINE_ONION_URL
    if not url or through_onion(request):
        return None
    return url + request.get_full_path()
