"""A plain static server for a mirror, and a crawler that follows every link
under the mirror's base URL."""

import functools
import http.server
import re
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from html import unescape
from urllib.parse import urljoin, urlsplit

LINK = re.compile(r"""\s(href|src|srcset|action|poster|data-[\w-]+)=["']([^"']+)["']""")
XML_LINK = re.compile(r"<(?:loc|link|id)>([^<]+)</|\shref=\"([^\"]+)\"|\surl=\"([^\"]+)\"")
CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def static_server(root):
    """python's http.server serving the folder `root` on a free 127.0.0.1 port."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def links_in(url: str, content_type: str, body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    found: list[str] = []
    if "html" in content_type:
        for name, value in LINK.findall(text):
            value = unescape(value)
            if name == "srcset":
                found += [c.split()[0] for c in value.split(",") if c.strip()]
            elif name == "href" or name == "src" or value.startswith(("/", "http")):
                found.append(value)
    elif "xml" in content_type:
        found += [next(v for v in groups if v) for groups in XML_LINK.findall(text)]
    elif "css" in content_type:
        found += CSS_URL.findall(text)
    elif "json" in content_type:
        found += re.findall(r"\"(https?://[^\"]+|/[^\"]*)\"", text)
    return [urljoin(url, value.strip()).split("#")[0] for value in found if value.strip()]


def crawl(base: str, starts) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Every URL under `base` reachable from `starts`: {url: status} and
    {url: the pages linking to it}."""
    statuses: dict[str, int] = {}
    linked_from: dict[str, set[str]] = {}
    queue = list(starts)
    while queue:
        url = queue.pop()
        if url in statuses:
            continue
        status, content_type, body = get(url)
        statuses[url] = status
        if status != 200:
            continue
        for link in links_in(url, content_type, body):
            if not link.startswith(base) or urlsplit(link).scheme not in ("http", "https"):
                continue
            linked_from.setdefault(link, set()).add(url)
            if link not in statuses:
                queue.append(link)
    return statuses, linked_from
