"""Pages, feeds and poll answers sent compressed by the embedded default (granian,
the page cache and each worker's copies), as a browser asks for them."""

import gzip
import http.client
import re
from urllib.parse import urlsplit

import brotli

ARTICLE = "/en/news/afghanistan/valley-towns-reopen-mountain-road-as-winter-nears/"
BROWSER = "gzip, deflate, br, zstd"


def fetch(base: str, path: str, headers: dict | None = None):
    """Status, headers (lower-case names) and the body as it came on the wire."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, found, response.read()
    finally:
        connection.close()


def varies_by_encoding(headers: dict) -> bool:
    return "accept-encoding" in [v.strip().lower() for v in headers.get("vary", "").split(",")]


def test_article_is_sent_compressed_and_decompresses_to_the_same_html(demo_server):
    fetch(demo_server, ARTICLE)  # stored in the page cache
    status, plain_headers, plain = fetch(demo_server, ARTICLE)
    assert status == 200 and plain_headers["x-cache"] == "HIT"
    assert "content-encoding" not in plain_headers  # no Accept-Encoding: identity
    assert varies_by_encoding(plain_headers)
    assert b"</html>" in plain

    for accept, encoding, decode in (
        (BROWSER, "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("br;q=0.5, gzip", "gzip", gzip.decompress),
    ):
        # The first answer for this encoding, then the worker's copy of it.
        for _ in range(3):
            status, headers, body = fetch(demo_server, ARTICLE, {"Accept-Encoding": accept})
            assert status == 200, accept
            assert headers["x-cache"] == "HIT"
            assert headers["content-encoding"] == encoding, accept
            assert varies_by_encoding(headers)
            assert int(headers["content-length"]) == len(body) < len(plain) / 2
            assert decode(body) == plain, accept

    _status, headers, body = fetch(demo_server, ARTICLE, {"Accept-Encoding": "identity"})
    assert "content-encoding" not in headers and body == plain


def test_feed_and_front_page_are_compressed(demo_server):
    for path in ("/en/", "/en/feeds/rss/"):
        status, headers, body = fetch(demo_server, path, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["content-encoding"] == "gzip", path
        assert varies_by_encoding(headers), path
        assert gzip.decompress(body).lstrip().startswith((b"<!doctype html>", b"<?xml")), path


def test_compressed_poll_answer_has_its_own_etag_and_still_answers_304(demo_server):
    _status, _headers, page = fetch(demo_server, "/en/")
    blog = re.search(rb'<a href="(/en/[^"]+)"', page.split(b'class="live-now"', 1)[1])
    _status, _headers, html = fetch(demo_server, blog.group(1).decode())
    src = re.search(rb'id="entries" data-src="([^"]+)"', html).group(1).decode()
    path = src + "?since=1"  # every entry: a body worth compressing

    _status, plain, _body = fetch(demo_server, path)
    status, zipped, body = fetch(demo_server, path, {"Accept-Encoding": "gzip"})
    assert status == 200 and zipped["content-encoding"] == "gzip"
    assert zipped["etag"] != plain["etag"]
    assert gzip.decompress(body)
    for _ in range(2):  # Django's answer, then the worker's copy
        status, headers, body = fetch(
            demo_server, path, {"Accept-Encoding": "gzip", "If-None-Match": zipped["etag"]}
        )
        assert status == 304 and body == b""
        assert headers["etag"] == zipped["etag"]
    # The gzip variant's tag does not stand for the identity body.
    status, _headers, body = fetch(demo_server, path, {"If-None-Match": zipped["etag"]})
    assert status == 200 and body


def test_small_answers_media_and_forms_with_a_csrf_token_are_not_compressed(demo_server):
    _status, headers, _body = fetch(demo_server, "/robots.txt", {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers
    # A secret beside text an attacker can choose: compressing it would leak it (BREACH).
    status, headers, body = fetch(demo_server, "/admin/login/", {"Accept-Encoding": "gzip, br"})
    assert status == 200 and b"csrfmiddlewaretoken" in body
    assert "content-encoding" not in headers
    _status, _headers, page = fetch(demo_server, ARTICLE)
    image = re.search(rb'src="(/media/[^"]+\.(?:jpg|jpeg|png|webp|avif))"', page)
    assert image, "the demo article shows a photo"
    photo = image.group(1).decode()
    status, headers, _body = fetch(demo_server, photo, {"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in headers
