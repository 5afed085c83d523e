"""The text-only edition as a reader's browser receives it: which pages each
edition has, and what each one weighs on the wire (status line, headers and
compressed body). Used by the tests and by `bench/lite_weights.py`."""

import gzip
import http.client
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import brotli
from bs4 import BeautifulSoup

PAGE_TYPES = (
    "front page",
    "section",
    "tag",
    "author",
    "article",
    "live blog",
    "story",
    "corrections",
    "search",
    "Live",
    "Audio Only",
)
LIMIT_BYTES = 8 * 1024


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    wire_bytes: int

    @property
    def html(self) -> BeautifulSoup:
        return BeautifulSoup(self.body, "html.parser")


def fetch(base: str, path: str, **headers: str) -> Answer:
    """GET `path` as a browser would (it takes brotli and gzip unless told)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = {"Accept-Encoding": "br, gzip", **headers}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        status_line = f"HTTP/1.1 {response.status} {response.reason}\r\n"
        header_bytes = sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
        return Answer(
            response.status, response.headers, body, len(status_line) + header_bytes + 2 + len(body)
        )
    finally:
        connection.close()


def decoded(answer: Answer) -> bytes:
    encoding = answer.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(answer.body)
    if encoding == "gzip":
        return gzip.decompress(answer.body)
    return answer.body


def _first_href(soup: BeautifulSoup, selector: str) -> str | None:
    link = soup.select_one(selector)
    return urlsplit(link["href"]).path if link is not None and link.get("href") else None


def edition_pages(base: str, language: str) -> dict[str, str]:
    """One full page of each type the edition has, found as a reader finds
    them: from the front page down."""

    def page(path):
        answer = fetch(base, path, **{"Accept-Encoding": "identity"})
        return BeautifulSoup(answer.body, "html.parser") if answer.status == 200 else None

    pages = {"front page": f"/{language}/"}
    front = page(pages["front page"])
    pages["section"] = _first_href(front, ".sections-nav a")
    pages["article"] = _first_href(front, ".top-stories h3 a")
    pages["live blog"] = _first_href(front, ".live-now a")
    article = page(pages["article"])
    pages["tag"] = _first_href(article, "a[rel=tag]")
    pages["author"] = _first_href(article, ".byline a")
    if pages["live blog"]:
        pages["story"] = _first_href(page(pages["live blog"]), ".story-links a")
    headline_word = max(article.select_one("h1").get_text().split(), key=len).strip(".,:;!?")
    pages["corrections"] = f"/{language}/corrections/"
    pages["search"] = f"/{language}/search/?q={quote(headline_word)}"
    pages["Live"] = f"/{language}/live/"
    pages["Audio Only"] = f"/{language}/live/audio/"
    return {kind: path for kind, path in pages.items() if path}
