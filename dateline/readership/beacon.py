"""The readership beacon, answered before Django runs: POST /_r.

Article pages send one beacon when they are first shown (readership.js):
the page id and, when the reader came from another site, that site's host
name. This wrapper goes around the WSGI application (dateline/wsgi.py): a
beacon costs a dict update under a lock, no routing, middleware or database,
so a worker answers thousands a second beside its pages.

What is not counted: anything but a POST; crawlers and tools (by their
User-Agent, or none); prefetches and prerenders (Sec-Purpose, Purpose,
X-Purpose, X-Moz); bodies over MAX_BODY bytes or not of the beacon's form.
Page ids of drafts, private pages and other non-articles are dropped when the
counts are written (counting.write_counts). The answer is always an empty 204
that nobody keeps, sets no cookie, and nothing about the client (its address,
its User-Agent) is kept anywhere.
"""

import re
from collections.abc import Callable, Iterable

from . import counting

PATH = "/_r"
MAX_BODY = 200
MAX_HOST = 100

NO_CONTENT = [("Cache-Control", "no-store")]
NOT_ALLOWED = [("Allow", "POST"), ("Cache-Control", "no-store"), ("Content-Length", "0")]

# Crawlers, link previews, monitors and tools: whatever says so, and no User-Agent at all.
CRAWLERS = re.compile(
    r"bot|crawl|spider|slurp|headless|lighthouse|pagespeed|preview|prerender|"
    r"facebookexternalhit|embedly|archiver|validator|monitor|scan|"
    r"curl|wget|python|httpx|aiohttp|okhttp|go-http|java/|libwww|axios|node-fetch|"
    r"phantomjs|selenium|puppeteer|playwright|scrapy",
    re.IGNORECASE,
)
# A host name with at least one dot, each label 1-63 letters, digits or hyphens.
HOSTNAME = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+"
)
MAX_PAGE_ID = 2**63 - 1


def is_crawler(user_agent: str) -> bool:
    return not user_agent.strip() or CRAWLERS.search(user_agent) is not None


def is_prefetch(environ: dict) -> bool:
    for header in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ"):
        value = environ.get(header)
        if value and ("prefetch" in value.lower() or "preview" in value.lower()):
            return True
    return False


def _bare_host(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # an IPv6 literal
        return ""
    return value.split(":", 1)[0].rstrip(".")


def normalise_host(value: str, own_hosts: tuple[str, ...] = ()) -> str:
    """Another site's host name as kept: lower case, no port, at most MAX_HOST
    characters, shaped like a host name (not an address); else ""."""
    host = _bare_host(value)
    if not host or len(host) > MAX_HOST or not HOSTNAME.fullmatch(host):
        return ""
    if all(label.isdigit() for label in host.split(".")):
        return ""  # an IPv4 address, not a site's name
    if host in own_hosts:
        return ""
    return host


def parse(body: bytes, own_hosts: tuple[str, ...] = ()) -> tuple[int, str] | None:
    """(page id, referring host or "") from a beacon's body, "<page id>\\n<host>";
    None when it is not one."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return None
    page, _, host = text.partition("\n")
    page = page.strip()
    if not page.isdigit() or len(page) > 19:
        return None
    page_id = int(page)
    if not 0 < page_id <= MAX_PAGE_ID:
        return None
    return page_id, normalise_host(host, own_hosts) if host else ""


def read_beacon(environ: dict) -> tuple[int, str] | None:
    """The beacon in a POST, or None when it is not to be counted."""
    if is_crawler(environ.get("HTTP_USER_AGENT", "")) or is_prefetch(environ):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY:
        return None
    body = environ["wsgi.input"].read(length)
    own = tuple(
        _bare_host(environ[name])
        for name in ("HTTP_HOST", "HTTP_X_FORWARDED_HOST", "SERVER_NAME")
        if environ.get(name)
    )
    return parse(body, own)


class ReadershipBeacon:
    """A WSGI wrapper: POST /_r is counted here; everything else goes on."""

    def __init__(self, app: Callable, counter: counting.Counter | None = None):
        self.app = app
        self.counter = counter or counting.counter

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.app(environ, start_response)
        if environ["REQUEST_METHOD"] != "POST":
            start_response("405 Method Not Allowed", list(NOT_ALLOWED))
            return []
        beacon = read_beacon(environ)
        if beacon is not None:
            self.counter.add(*beacon)
        start_response("204 No Content", list(NO_CONTENT))
        return []
