"""Where each address lives in a mirror, and which addresses stay with the app."""

import pytest

from dateline.mirror.links import rewrite
from dateline.mirror.paths import Address, address_of_file

pytestmark = pytest.mark.once


@pytest.mark.parametrize(
    "url, content_type, name, public",
    [
        ("/en/", "text/html", "en/index.html", "/en/"),
        ("/en/news/?page=2", "text/html", "en/news/~page=2/index.html", "/en/news/~page=2/"),
        ("/en/feeds/rss/", "application/rss+xml", "en/feeds/rss/index.xml", None),
        ("/en/stories/breaking.json", "application/json", "en/stories/breaking.json", None),
        ("/sitemap-articles.xml?p=2", "application/xml", "sitemap-articles~p=2.xml", None),
        (
            "/en/lite/news/world/story/",
            "text/html",
            "en/lite/news/world/story/index.html",
            "/en/lite/news/world/story/",
        ),
        ("/", "text/html", "index.html", "/"),
        (
            "/media/original_images/Harbour%20at%20dawn.png",
            "image/png",
            "media/original_images/Harbour at dawn.png",
            "/media/original_images/Harbour%20at%20dawn.png",
        ),
    ],
)
def test_addresses_and_their_files(url, content_type, name, public):
    address = Address.parse(url)
    assert address.mirrored
    assert address.file(content_type) == name
    assert address.public_path(content_type) == (public or "/" + name)
    assert address_of_file(name) == address


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?q=floods",
        "/en/search/",
        "/es/lite/search/",
        "/en/comments/12/",
        "/admin/pages/",
        "/documents/3/report.pdf",
        "/en/live/dateline-tv/hls/master.m3u8",
        "/en/feeds/rss/?full=1",
        "/en/news/?utm_source=x",
    ],
)
def test_what_needs_the_app_stays_there(url):
    assert not Address.parse(url).mirrored


def test_links_are_rewritten_for_the_base_url_and_forms_go_to_the_app():
    page = (
        '<link rel="canonical" href="http://news.test/en/x/">'
        '<a href="/en/news/">News</a> <a href="?page=2">Older</a>'
        '<img src="/media/a.jpg" srcset="/media/a.jpg 320w, http://news.test/media/b.jpg 640w" '
        'alt="/not/a/link">'
        '<form action="/en/search/"></form><a href="https://elsewhere.test/">x</a>'
        '<script type="application/ld+json">{"url": "http://news.test/en/x/"}</script>'
    )

    def to(url, absolute):
        if url.startswith("/en/search/"):
            return "http://news.test" + url
        return ("https://m.test/sub" if absolute else "/sub") + url

    out = rewrite(page, "html", "http://news.test", "/en/news/", to)
    assert '<link rel="canonical" href="http://news.test/en/x/">' in out
    assert 'href="/sub/en/news/"' in out and 'href="/sub/en/news/?page=2"' in out
    assert 'srcset="/sub/media/a.jpg 320w, https://m.test/sub/media/b.jpg 640w"' in out
    assert 'alt="/not/a/link"' in out
    assert 'action="http://news.test/en/search/"' in out
    assert 'href="https://elsewhere.test/"' in out
    assert '{"url": "https://m.test/sub/en/x/"}' in out
