"""No page of any edition asks another origin for anything: Chromium loads every
public page type of the demo in English, Spanish and Arabic, and every request
it makes (scripts, styles, fonts, pictures, the player's polls and streams) is
to the page's own origin. Behind Tor or a censor, nothing then breaks or leaks
to a third party, and the onion service (deploy/tor) serves whole pages.

The HTML is read too: no script, stylesheet, picture, font, media or frame is
named by an absolute URL on another host (links in <a> to other sites are fine).
"""

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from dateline.lite.weights import PAGE_TYPES, edition_pages

pytestmark = pytest.mark.once

EDITIONS = ("en", "es", "ar")


def lite_twin(path: str) -> str:
    """The lite edition's URL of a page (issue 15): /<lang>/lite/<same path>."""
    language, _, rest = path.lstrip("/").partition("/")
    return f"/{language}/lite/{rest}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status == 200
    except (urllib.error.HTTPError, OSError):
        return False


@pytest.fixture(scope="module")
def demo_pages(demo_server) -> list[tuple[str, str, str]]:
    """(language, kind, path) of every page type in every edition of the demo,
    found as a reader finds them (dateline.lite.weights, which the text-only
    edition's weights use too), and of its lite twin wherever one answers. The
    developing story and its live blog are English only."""
    rows = []
    for language in EDITIONS:
        found = edition_pages(demo_server, language)
        expected = set(PAGE_TYPES) - ({"live blog", "story"} if language != "en" else set())
        assert set(found) == expected, (language, set(found))
        rows += [(language, kind, path) for kind, path in found.items()]
    pages = []
    for language, kind, path in rows:
        pages.append((language, kind, path))
        twin = lite_twin(path)
        if _answers(demo_server + twin):
            pages.append((language, f"{kind} (lite)", twin))
    return pages


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _requests(page, url: str) -> list[str]:
    """Every URL the tab asks for while it opens url and its scripts start."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    # Scripts start their own requests after load (the live blog's and the
    # player's polls, the breaking-news banner): give them a moment.
    page.wait_for_timeout(1500)
    return requested


def _elsewhere(urls: list[str], origin: str) -> list[str]:
    return [u for u in urls if not u.startswith(("data:", "blob:")) and _origin(u) != origin]


def test_no_page_requests_another_origin(demo_server, browser, demo_pages):
    origin = _origin(demo_server)
    # Without the site's CSP: it would stop a request to another host before
    # it is made, and hide a page that tries.
    context = browser.new_context(bypass_csp=True)
    elsewhere = {}
    for language, kind, path in demo_pages:
        page = context.new_page()
        requested = _requests(page, demo_server + path)
        page.close()
        # The page and at least its stylesheet, except a lite page (one file).
        assert len(requested) > 1 or "lite" in kind, (language, kind, requested)
        if others := _elsewhere(requested, origin):
            elsewhere[f"{language} {kind} {path}"] = others
    context.close()
    assert elsewhere == {}


def test_the_request_check_sees_a_request_to_another_origin(demo_server, browser):
    """The check itself: a picture from another host shows up among the requests."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.route("http://pictures.invalid/**", lambda route: route.fulfill(status=204))
    page.goto(demo_server + "/en/")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.evaluate(
        "() => { const img = new Image(); img.src = 'http://pictures.invalid/a.png';"
        " document.body.append(img); }"
    )
    page.wait_for_timeout(500)
    context.close()
    assert _elsewhere(requested, _origin(demo_server)) == ["http://pictures.invalid/a.png"]


# Elements and attributes that make the browser fetch something: a script, a
# stylesheet or font (<link>), a picture, audio or video, a frame or an object.
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# <link> relations that fetch; canonical, alternate and the like only name a page.
FETCHING_LINKS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
}


def _fetched_urls(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    urls = []
    for tag, attributes in FETCHED.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":
                    urls += [item.strip().split()[0] for item in value.split(",") if item.strip()]
                else:
                    urls.append(value.strip())
    for link in soup.find_all("link", href=True):
        if FETCHING_LINKS & {rel.lower() for rel in link.get("rel", [])}:
            urls.append(link["href"].strip())
    return urls


def test_no_page_names_another_origin_for_what_it_loads(demo_server, demo_pages):
    origin = _origin(demo_server)
    elsewhere = {}
    for language, kind, path in demo_pages:
        url = demo_server + path
        with urllib.request.urlopen(url, timeout=30) as response:
            html = response.read().decode()
        fetched = _fetched_urls(html)
        assert fetched or "lite" in kind, (language, kind, path)
        others = [
            value
            for value in fetched
            if not value.startswith(("data:", "blob:")) and _origin(urljoin(url, value)) != origin
        ]
        if others:
            elsewhere[f"{language} {kind} {path}"] = others
    assert elsewhere == {}


def test_the_html_check_sees_what_a_page_would_fetch_elsewhere():
    """The check itself: it catches each way a page could load from another
    host, and lets links to other sites be."""
    html = """
    <link rel="stylesheet" href="https://cdn.example/a.css">
    <link rel="preload" as="font" href="//fonts.example/f.woff2">
    <link rel="canonical" href="https://news.example.org/en/">
    <script src="https://cdn.example/a.js"></script>
    <img src="/media/images/a.jpg" srcset="/media/images/a.jpg 1x, https://img.example/b.jpg 2x">
    <iframe src="https://video.example/embed/1"></iframe>
    <a href="https://elsewhere.example/">a link</a>
    """
    base = "http://127.0.0.1:8000/en/"
    others = {
        value
        for value in _fetched_urls(html)
        if _origin(urljoin(base, value)) != "http://127.0.0.1:8000"
    }
    assert others == {
        "https://cdn.example/a.css",
        "//fonts.example/f.woff2",
        "https://cdn.example/a.js",
        "https://img.example/b.jpg",
        "https://video.example/embed/1",
    }
