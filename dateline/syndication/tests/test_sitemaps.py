"""Sitemaps, the Google News sitemap and robots.txt, checked against the protocols' rules.

The XML Schemas (sitemaps.org's sitemap.xsd and siteindex.xsd, Google's
sitemap-news.xsd) cannot be fetched here, so their rules are written out below.
"""

import re
import urllib.robotparser
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from wagtail.models import Locale, Page, PageViewRestriction, Site

from dateline.newsroom.models import ArticlePage
from dateline.syndication import sitemaps
from dateline.syndication.templatetags.syndication_tags import w3c

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# hreflang pairs between translations (Google's sitemap extension).
XHTML_NS = "http://www.w3.org/1999/xhtml"
S = f"{{{SITEMAP_NS}}}"
N = f"{{{NEWS_NS}}}"
MAX_URLS = 50_000
MAX_LOC_CHARS = 2048
# W3C Datetime (https://www.w3.org/TR/NOTE-datetime), as the schemas' tLastmod allows:
# a date, or a date and time with a time zone designator.
W3C_DATETIME = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)
# sitemap-news.xsd: a date, or a date-time with seconds and time zone.
NEWS_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$"
)
SITE_ROOT = "http://127.0.0.1:8000"  # the Site setup_newsroom makes


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    assert response.content.startswith(b"<?xml")
    return response, etree.fromstring(response.content)


def check_loc(loc: str) -> str:
    assert loc == loc.strip() and loc
    assert urlsplit(loc).scheme in {"http", "https"} and urlsplit(loc).netloc, loc
    assert len(loc) < MAX_LOC_CHARS
    return loc


def check_urlset(root, extra_namespaces=()) -> list[etree._Element]:
    """sitemap.xsd: <urlset> of at most 50,000 <url>, each with exactly one <loc>
    and optional <lastmod>, <changefreq>, <priority> in that order, plus elements
    of other namespaces (##other)."""
    assert root.tag == f"{S}urlset"
    urls = list(root)
    assert all(url.tag == f"{S}url" for url in urls)
    assert len(urls) <= MAX_URLS
    order = [f"{S}loc", f"{S}lastmod", f"{S}changefreq", f"{S}priority"]
    for url in urls:
        own = [child.tag for child in url if child.tag.startswith(S)]
        assert own[0] == f"{S}loc" and own.count(f"{S}loc") == 1
        assert own == sorted(own, key=order.index) and len(set(own)) == len(own)
        check_loc(url.findtext(f"{S}loc"))
        if (lastmod := url.findtext(f"{S}lastmod")) is not None:
            assert W3C_DATETIME.match(lastmod), lastmod
        for child in url:
            if not child.tag.startswith(S):
                assert etree.QName(child).namespace in extra_namespaces
    locs = [url.findtext(f"{S}loc") for url in urls]
    assert len(set(locs)) == len(locs)
    return urls


def check_index(root) -> list[str]:
    """siteindex.xsd: <sitemapindex> of <sitemap>, each with one <loc> and an optional
    <lastmod>."""
    assert root.tag == f"{S}sitemapindex"
    locs = []
    for entry in root:
        assert entry.tag == f"{S}sitemap"
        tags = [child.tag for child in entry]
        assert tags in ([f"{S}loc"], [f"{S}loc", f"{S}lastmod"])
        locs.append(check_loc(entry.findtext(f"{S}loc")))
        if (lastmod := entry.findtext(f"{S}lastmod")) is not None:
            assert W3C_DATETIME.match(lastmod), lastmod
    assert 0 < len(locs) <= MAX_URLS
    return locs


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def all_sitemap_urls(client) -> dict[str, str | None]:
    """Every <loc> of every file the index lists, with its <lastmod>."""
    _, index = get_xml(client, "/sitemap.xml")
    found = {}
    for file_url in check_index(index):
        assert file_url.startswith("http://testserver/sitemap-")
        _, urlset = get_xml(client, local(file_url))
        for url in check_urlset(urlset, extra_namespaces=(XHTML_NS,)):
            found[url.findtext(f"{S}loc")] = url.findtext(f"{S}lastmod")
    return found


@pytest.fixture
def paper(home, news, asia, make_section, make_article):
    sport = make_section(home, "Sport", "sport")
    return {
        "sport": sport,
        "ferry": make_article(asia, title="Ferry returns"),
        "budget": make_article(news, title="Budget passes"),
        "cup": make_article(sport, title="Cup final"),
        "draft": make_article(asia, title="Secret draft", publish=False),
    }


@pytest.mark.django_db
def test_index_and_files_cover_front_pages_sections_and_articles(client, home, news, asia, paper):
    found = all_sitemap_urls(client)
    live = [home, news, asia, paper["sport"], paper["ferry"], paper["budget"], paper["cup"]]
    # Absolute URLs on the Site's root URL, exactly as Wagtail builds them.
    assert set(found) == {page.full_url for page in live}
    assert f"{SITE_ROOT}/en/news/asia/ferry-returns/" in found
    assert paper["draft"].full_url not in found
    for page in live:
        page.refresh_from_db()
        lastmod = found[page.full_url]
        assert lastmod and W3C_DATETIME.match(lastmod)
    assert found[paper["ferry"].full_url] == w3c(paper["ferry"].last_published_at)


@pytest.mark.django_db
def test_a_section_front_is_as_new_as_its_newest_story(client, home, news, asia, make_article):
    long_ago = timezone.now() - timedelta(days=3)
    Page.objects.filter(pk__in=[home.pk, news.pk, asia.pk]).update(last_published_at=long_ago)
    story = make_article(asia, title="Fresh story")
    found = all_sitemap_urls(client)
    newest = w3c(story.first_published_at)
    assert found[home.full_url] == found[news.full_url] == found[asia.full_url] == newest


@pytest.mark.django_db
def test_unpublished_and_private_pages_are_left_out(client, home, news, asia, paper):
    paper["budget"].unpublish()
    PageViewRestriction.objects.create(page=paper["sport"], restriction_type="login")
    found = all_sitemap_urls(client)
    assert paper["budget"].full_url not in found
    assert paper["sport"].full_url not in found and paper["cup"].full_url not in found
    assert paper["ferry"].full_url in found


@pytest.mark.django_db
def test_articles_are_split_into_files_of_at_most_limit(client, asia, make_article, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    articles = [make_article(asia, title=f"Story {n}", slug=f"story-{n}") for n in range(5)]
    _, index = get_xml(client, "/sitemap.xml")
    files = check_index(index)
    article_files = [f for f in files if "sitemap-articles.xml" in f]
    assert article_files == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    seen = []
    for file_url in article_files:
        _, urlset = get_xml(client, local(file_url))
        urls = check_urlset(urlset)
        assert 0 < len(urls) <= 2
        seen += [url.findtext(f"{S}loc") for url in urls]
    assert seen == [article.full_url for article in articles]  # by id: old files stay put
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_sitemap_queries_do_not_grow_with_the_site(client, asia, make_article):
    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    make_article(asia, title="Story 0", slug="story-0")
    urls = ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-articles.xml", "/news-sitemap.xml"]
    few = [queries(url) for url in urls]
    for n in range(1, 25):
        make_article(asia, title=f"Story {n}", slug=f"story-{n}")
    assert [queries(url) for url in urls] == few
    assert max(few) <= 8


@pytest.mark.django_db
def test_every_edition_is_covered(client, home, asia, make_article):
    french = Locale.objects.create(language_code="fr")
    accueil = home.copy_for_translation(french)
    accueil.save_revision().publish()
    monde = asia.get_parent().copy_for_translation(french, copy_parents=True)
    monde.save_revision().publish()
    article = make_article(monde, title="Le ferry reprend du service")
    found = all_sitemap_urls(client)
    assert article.full_url in found and article.full_url.startswith(f"{SITE_ROOT}/fr/")
    assert accueil.full_url in found and monde.full_url in found


@pytest.mark.django_db
def test_sitemaps_use_the_sites_root_url(client, home, asia, paper):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "news.example", 443
    site.save()
    found = all_sitemap_urls(client)
    assert "https://news.example/en/news/asia/ferry-returns/" in found


# --- Google News ---------------------------------------------------------------------


def check_news(root) -> list[dict]:
    """sitemap-news.xsd: each <news:news> holds <news:publication> (<news:name>,
    <news:language>), <news:publication_date> and <news:title>."""
    entries = []
    for url in check_urlset(root, extra_namespaces=(NEWS_NS, XHTML_NS)):
        (news,) = url.findall(f"{N}news")
        assert [child.tag for child in news] == [
            f"{N}publication",
            f"{N}publication_date",
            f"{N}title",
        ]
        publication = news.find(f"{N}publication")
        assert [child.tag for child in publication] == [f"{N}name", f"{N}language"]
        language = publication.findtext(f"{N}language")
        assert re.match(r"^([a-z]{2,3}|zh-cn|zh-tw)$", language)
        date = news.findtext(f"{N}publication_date")
        assert NEWS_DATETIME.match(date), date
        title = news.findtext(f"{N}title")
        assert title.strip()
        entries.append(
            {
                "loc": url.findtext(f"{S}loc"),
                "name": publication.findtext(f"{N}name"),
                "language": language,
                "date": date,
                "title": title,
            }
        )
    assert len(entries) <= 1000
    return entries


@pytest.mark.django_db
def test_news_sitemap_lists_the_last_48_hours(client, asia, make_article):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Dateline & Friends"
    site.save()
    fresh = make_article(asia, title="Q&A: the ferry <returns>")
    older = make_article(asia, title="Yesterday's story")
    stale = make_article(asia, title="Three days old")
    make_article(asia, title="Still a draft", publish=False)
    now = timezone.now()
    ArticlePage.objects.filter(pk=older.pk).update(first_published_at=now - timedelta(hours=30))
    ArticlePage.objects.filter(pk=stale.pk).update(first_published_at=now - timedelta(hours=49))
    fresh.refresh_from_db()

    response, root = get_xml(client, "/news-sitemap.xml")
    assert root.nsmap == {None: SITEMAP_NS, "news": NEWS_NS, "xhtml": XHTML_NS}
    entries = check_news(root)
    assert [e["title"] for e in entries] == ["Q&A: the ferry <returns>", "Yesterday's story"]
    first = entries[0]
    assert first["loc"] == fresh.full_url
    assert first["name"] == "Dateline & Friends" and first["language"] == "en"
    assert first["date"] == w3c(fresh.first_published_at)
    assert first["date"].endswith("+00:00")
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_news_sitemap_holds_at_most_the_limit_newest_first(client, asia, make_article, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 2)
    for n in range(3):
        make_article(asia, title=f"Story {n}", slug=f"story-{n}")
    _, root = get_xml(client, "/news-sitemap.xml")
    assert [e["title"] for e in check_news(root)] == ["Story 2", "Story 1"]


@pytest.mark.django_db
def test_news_sitemap_may_be_empty(client, home):
    _, root = get_xml(client, "/news-sitemap.xml")
    assert check_news(root) == []


# --- robots.txt ------------------------------------------------------------------------


@pytest.mark.django_db
def test_robots_txt_allows_all_but_the_admin_and_names_both_sitemaps(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text.splitlines()
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(text.splitlines())
    assert robots.can_fetch("Googlebot", "http://testserver/en/news/some-story/")
    assert not robots.can_fetch("Googlebot", "http://testserver/admin/pages/")
    assert robots.site_maps() == [
        "http://testserver/sitemap.xml",
        "http://testserver/news-sitemap.xml",
    ]
    for url in robots.site_maps():
        get_xml(client, local(url))


# --- Translations ----------------------------------------------------------------------


def translate(page, language_code):
    locale = Locale.objects.get(language_code=language_code)
    copy = page.copy_for_translation(locale, copy_parents=True)
    for parent in copy.get_ancestors().filter(depth__gt=2, live=False):
        parent.specific.save_revision().publish()
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def alternates_by_loc(root, extra=()) -> dict[str, dict[str, str]]:
    """Each <url>'s <xhtml:link rel="alternate"> as {hreflang: href}."""
    found = {}
    for url in check_urlset(root, extra_namespaces=(XHTML_NS, *extra)):
        links = url.findall(f"{{{XHTML_NS}}}link")
        assert all(link.get("rel") == "alternate" for link in links)
        found[url.findtext(f"{S}loc")] = {link.get("hreflang"): link.get("href") for link in links}
    return found


@pytest.mark.django_db
def test_translations_carry_xhtml_link_pairs(client, home, asia, make_article, make_edition):
    make_edition("es")
    english = make_article(asia, title="Bridge reopens after repairs")
    alone = make_article(asia, title="Only in English")
    spanish = translate(english, "es")
    pair = {"en": english.full_url, "es": spanish.full_url, "x-default": english.full_url}
    _, articles = get_xml(client, "/sitemap-articles.xml")
    found = alternates_by_loc(articles)
    assert found[english.full_url] == pair
    assert found[spanish.full_url] == pair
    assert found[alone.full_url] == {}
    _, pages = get_xml(client, "/sitemap-pages.xml")
    fronts = alternates_by_loc(pages)
    assert fronts[f"{SITE_ROOT}/es/"] == {
        "en": f"{SITE_ROOT}/en/",
        "es": f"{SITE_ROOT}/es/",
        "x-default": f"{SITE_ROOT}/en/",
    }
    assert fronts[f"{SITE_ROOT}/en/news/asia/"]["es"] == spanish.get_parent().full_url
    _, news = get_xml(client, "/news-sitemap.xml")
    assert alternates_by_loc(news, extra=(NEWS_NS,))[spanish.full_url] == pair


@pytest.mark.django_db
def test_a_draft_translation_is_not_paired(client, home, asia, make_article, make_edition):
    make_edition("es")
    english = make_article(asia, title="Bridge reopens after repairs")
    english.copy_for_translation(Locale.objects.get(language_code="es"), copy_parents=True)
    _, articles = get_xml(client, "/sitemap-articles.xml")
    assert alternates_by_loc(articles)[english.full_url] == {}
