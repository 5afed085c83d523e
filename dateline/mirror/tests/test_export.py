"""`python -m dateline mirror export`: the demo's every edition as files that a
plain static server serves with no broken link, at a base URL with a path."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Site

from dateline.newsroom.models import ArticlePage

from .helpers import crawl, get, static_server


@pytest.fixture
def demo(db):
    call_command("load_demo", articles=4, stdout=io.StringIO())


def test_demo_mirror_has_no_broken_link_on_a_static_server(demo, tmp_path):
    site_root = Site.objects.get(is_default_site=True).root_url
    with static_server(tmp_path) as origin:
        base = origin + "/mirror/news/"
        out = io.StringIO()
        call_command(
            "mirror", "export", "--output", str(tmp_path / "mirror" / "news"),
            "--base-url", base, stdout=out,
        )  # fmt: skip
        assert re.search(r"Wrote \d+ files", out.getvalue())

        starts = [base, base + "en/", base + "es/", base + "ar/", base + "sitemap.xml"]
        statuses, linked_from = crawl(base, starts)
        broken = {url: sorted(linked_from.get(url, ())) for url, s in statuses.items() if s != 200}
        assert not broken

        # Every edition's articles, their pictures, feeds and the static files.
        for article in ArticlePage.objects.live():
            assert base + article.url.lstrip("/") in statuses, article.url
        assert any("/media/images/" in url for url in statuses)
        assert any(url.endswith(".css") for url in statuses)
        status, content_type, feed = get(base + "es/feeds/rss/index.xml")
        assert status == 200 and "xml" in content_type and b"<rss" in feed
        assert base.encode() in feed  # its links lead into the mirror

        # The site's root forwards to the default edition.
        status, _, front = get(base)
        assert status == 200 and f'url={base}en/"'.encode() in front

        # Forms that need the app point at the main site.
        _, _, page = get(base + "en/")
        actions = re.findall(rb'<form[^>]*action="([^"]+)"', page)
        assert actions and all(a.startswith(site_root.encode()) for a in actions)
        # The canonical address stays the main site's.
        assert f'rel="canonical" href="{site_root}/en/"'.encode() in page


def test_a_second_export_in_the_same_process_sees_what_changed_since(
    home, news, make_article, tmp_path, settings
):
    # An export keeps its caches in memory; a later export in the same process
    # (the tests', or a long-lived worker's) must not read them: here the
    # site's address changed in between.
    make_article(news, title="Ferry timetable changes")
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("mirror", "export", "--output", str(first), stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_url
    site.hostname, site.port = "news.example.org", 443
    site.save()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "news.example.org"]

    call_command("mirror", "export", "--output", str(second), stdout=io.StringIO())

    assert old_root.encode() in (first / "sitemap-pages.xml").read_bytes()
    sitemap = (second / "sitemap-pages.xml").read_bytes()
    assert b"https://news.example.org/en/" in sitemap
