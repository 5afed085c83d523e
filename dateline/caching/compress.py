"""Pages, feeds, sitemaps and JSON sent brotli- or gzip-compressed.

An article's HTML is about a quarter of its size gzipped and less with brotli.
The page cache (page_cache.py) compresses a page once, when it stores it, and
keeps every variant, so a hit only picks the bytes the reader's browser
accepts; this middleware compresses the answers no cache keeps (poll answers,
pages with a short life). In production the app compresses the same way and
Varnish keeps one copy per encoding (deploy/varnish/dateline.vcl,
docs/decisions/0007-compression.md).

Not compressed: small bodies (the headers cost more than the saving), media
(already compressed), streams, partial content, and answers for one person
(private, varying by cookie, or with no caching policy): those may hold a
secret (a CSRF token) beside text an attacker chooses, which compression would
leak through the length (BREACH).
"""

import gzip
import re

from django.utils.cache import patch_vary_headers

try:
    import brotli
except ImportError:  # gzip only, if the package is missing
    brotli = None

MIN_BYTES = 500
# text/* (HTML, plain), and JSON or XML of any kind: feeds, sitemaps, ninjs.
_COMPRESSIBLE = re.compile(r"^\s*(text/|application/([\w.+-]*[+/])?(json|xml)\b)", re.IGNORECASE)
_KNOWN = ("br", "gzip") if brotli is not None else ("gzip",)
# Accept-Encoding values seen, and the encoding each gets: browsers send a few
# fixed strings, and the fast path must not parse one on every hit.
_chosen: dict[str, str | None] = {}


def choose(accept_encoding: str) -> str | None:
    """ "br", "gzip" or None (identity) for a request's Accept-Encoding: the
    client's highest preference, brotli on a tie."""
    try:
        return _chosen[accept_encoding]
    except KeyError:
        pass
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.partition(";")
        name = name.strip()
        weight = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                weight = float(match.group(1))
            except ValueError:
                weight = 0.0
        if name:
            weights[name] = weight
    best, best_weight = None, 0.0
    for encoding in _KNOWN:
        weight = weights.get(encoding, weights.get("*", 0.0))
        if weight > best_weight:
            best, best_weight = encoding, weight
    if len(_chosen) < 256:
        _chosen[accept_encoding] = best
    return best


def compressible(response) -> bool:
    """Whether the response is worth sending compressed, to a client that can
    take it."""
    if response.streaming or response.status_code == 206 or response.has_header("Content-Encoding"):
        return False
    if not _COMPRESSIBLE.match(response.get("Content-Type", "")):
        return False
    # Per-person answers (private, or varying by the session or CSRF cookie, or
    # with no policy at all, as some admin views) may hold a secret: BREACH.
    control = response.get("Cache-Control", "")
    if not control or "private" in control or "no-transform" in control:
        return False
    if "cookie" in response.get("Vary", "").lower():
        return False
    return len(response.content) >= MIN_BYTES


def encode(body: bytes, encoding: str) -> bytes:
    """The body in an encoding. Brotli's quality 5 is as small as 9 on a page
    at a twentieth of the time; 11 saves a tenth more at a hundred times it."""
    if encoding == "br":
        return brotli.compress(body, mode=brotli.MODE_TEXT, quality=5)
    # mtime=0: the same page gives the same bytes, whichever worker made them.
    return gzip.compress(body, compresslevel=6, mtime=0)


def variants(body: bytes) -> dict[str | None, bytes]:
    """Every encoding of a body, made once for the page cache."""
    found: dict[str | None, bytes] = {None: body}
    for encoding in _KNOWN:
        found[encoding] = encode(body, encoding)
    return found


def etag_for(etag: str, encoding: str | None) -> str:
    """A variant's ETag: a compressed body is different bytes, so it must not
    share the identity body's tag (a cache or a Range request would mix them)."""
    if not etag or encoding is None or not etag.endswith('"'):
        return etag
    return f'{etag[:-1]}-{encoding}"'


def apply(response, encoding: str | None, body: bytes | None = None):
    """Make the response the variant in `encoding` (None: identity), its body
    given or compressed now; says it varies by Accept-Encoding either way."""
    patch_vary_headers(response, ("Accept-Encoding",))
    if encoding is None:
        return response
    response.content = body if body is not None else encode(response.content, encoding)
    response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(response.content))
    if response.has_header("ETag"):
        response["ETag"] = etag_for(response["ETag"], encoding)
    return response


class CompressionMiddleware:
    """Compress what the page cache has not already: inside the 304 check
    (caching.conditional), so the ETag it compares is the variant's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if compressible(response):
            apply(response, choose(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        return response
