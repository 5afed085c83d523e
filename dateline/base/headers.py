"""Who may keep a copy of an answer, and for how long: every Cache-Control the
site sends is set here, by the name of its policy.

Below the content layer: imports nothing from Dateline but settings, and is
imported by settings itself (WhiteNoise takes static_headers), so nothing here
reads a setting before a response asks.
"""

import re

from django.conf import settings
from django.utils.cache import patch_cache_control

# A year: the customary ceiling for a lifetime (HTTP/1.1 once capped Expires there).
IMMUTABLE = "public, max-age=31536000, immutable"
_S_MAXAGE = re.compile(r"s-maxage=(\d+)")


def public_page(response):
    """A page every reader sees alike: browsers keep it a minute, shared caches
    (Varnish, the page cache) until a purge or the site's lifetime, and stale
    copies stand in while the app is slow or down."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.DATELINE_BROWSER_CACHE_SECONDS,
        s_maxage=settings.DATELINE_CACHE_SECONDS,
        stale_while_revalidate=settings.DATELINE_STALE_SECONDS,
        stale_if_error=settings.DATELINE_STALE_SECONDS,
    )
    return response


def public_file(response):
    """A public upload that can be replaced under its name: browsers only, briefly."""
    patch_cache_control(response, public=True, max_age=settings.DATELINE_BROWSER_CACHE_SECONDS)
    return response


def immutable(response):
    """A file whose name changes with its content (renditions, hashed static)."""
    response["Cache-Control"] = IMMUTABLE
    return response


def static_headers(headers, path: str, url: str) -> None:
    """WhiteNoise's headers for static files: the hashed ones, which it marks
    immutable for ten years, get the same year as renditions."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = IMMUTABLE


def poll(response, seconds: int):
    """An answer open pages poll: shared caches keep it `seconds`, browsers a
    second less so a poll never reads the browser's own stale copy."""
    response["Cache-Control"] = f"public, max-age={max(seconds - 1, 0)}, s-maxage={seconds}"
    return response


def short_lived(response, seconds: int, *, stale: bool = True):
    """Shared and browser copies for `seconds` (what is on air changes with the
    clock); stale: a stale copy may be shown for as long while a fresh one loads."""
    control = f"public, max-age={seconds}, s-maxage={seconds}"
    if stale:
        control += f", stale-while-revalidate={seconds}"
    response["Cache-Control"] = control
    return response


def following(response, *, browser: int = 15, shared: int = 30):
    """A page that changes every few minutes (an open live blog): readers who
    reload to follow it see news within half a minute."""
    response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"
    return response


def private_revalidate(response):
    """Something for one reader (the session was used): only their browser
    keeps it, and asks again each time."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def private_no_store(response):
    """Restricted content: nobody keeps a copy."""
    response["Cache-Control"] = "private, no-store"
    return response


def no_store(response):
    """An answer that is wrong a moment later (an error while something is down
    or starting): nobody keeps it."""
    response["Cache-Control"] = "no-store"
    return response


def has_policy(response) -> bool:
    return response.has_header("Cache-Control")


def shared_seconds(response) -> int:
    """How long a shared cache may keep the response (0: not at all), read from
    the policy it was given."""
    control = response.get("Cache-Control", "")
    if "public" not in control or "private" in control or "no-cache" in control:
        return 0
    match = _S_MAXAGE.search(control)
    return int(match.group(1)) if match else 0


def saves_data(value: str | None) -> bool:
    """Whether a Save-Data request header asks for less data ("on", any case).

    The one reading of the header: the page caches key on it, the site answers
    with its text-only pages, and Varnish normalises it the same way."""
    return bool(value) and value.strip().lower() == "on"
