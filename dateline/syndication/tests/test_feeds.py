"""RSS and Atom feeds, read back the way feed readers read them (feedparser)."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from dateline.newsroom.models import ArticlePage, Author, NewsTag, PhotoRendition
from dateline.syndication import feeds

BASE = "http://testserver"
MAX_QUERIES = 12


@pytest.fixture
def sport(home, make_section):
    return make_section(home, "Sport", "sport")


@pytest.fixture
def mina(db):
    return Author.objects.create(name="Mina Sadeghi", slug="mina-sadeghi")


@pytest.fixture
def stories(asia, news, sport, mina, make_article, make_photo):
    """A story with everything, one per section, and a draft."""
    ferry = make_article(
        asia,
        title="Ferry service resumes across the strait",
        summary=[
            ("point", "Crossings restart after three weeks."),
            ("point", "Fares & times stay."),
        ],
        lead_image=make_photo(description="A white ferry", caption="The first ferry"),
        lead_image_credit="Harbour Press",
        body=[
            (
                "paragraph",
                '<p>The first boat left at six, <a href="/en/news/">see all news</a>.</p>',
            ),
            ("quote", {"quote": "We are glad to be back.", "attribution": "Lena Ortiz"}),
        ],
    )
    ferry.authors.add(mina)
    ferry.tags.add(
        NewsTag.objects.create(name="Transport", slug="transport"),
        NewsTag.objects.create(name="Strait of Kerr", slug="strait-of-kerr", kind="place"),
    )
    ferry.save_revision().publish()
    budget = make_article(news, title="Budget passes after all-night session")
    cup = make_article(sport, title="Cup final goes to penalties")
    draft = make_article(asia, title="Secret draft", publish=False)
    # Distinct publication times: the cup final first, the ferry last.
    now = timezone.now()
    for minutes, article in ((30, cup), (20, budget), (10, ferry)):
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=now - timedelta(minutes=minutes)
        )
    for article in (ferry, budget, cup):
        article.refresh_from_db()
    return {"ferry": ferry, "budget": budget, "cup": cup, "draft": draft}


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def entry_for(parsed, article):
    return next(entry for entry in parsed.entries if entry.title == article.title)


@pytest.mark.django_db
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_edition_feed_has_every_live_story_newest_first(client, stories, flavour):
    response, parsed = read(client, f"/en/feeds/{flavour}/")
    expected_type = "application/rss+xml" if flavour == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert titles(parsed) == [stories[k].title for k in ("ferry", "budget", "cup")]
    assert parsed.feed.title == "Dateline"
    assert parsed.feed.link == f"{BASE}/en/"
    assert parsed.feed.language == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_entry_carries_link_summary_dates_author_tags_and_photo(client, stories, flavour):
    _, parsed = read(client, f"/en/feeds/{flavour}/")
    ferry = stories["ferry"]
    entry = entry_for(parsed, ferry)
    assert entry.link == BASE + ferry.url == f"{BASE}/en/news/asia/{ferry.slug}/"
    assert entry.id == entry.link
    assert "Crossings restart after three weeks." in entry.summary
    assert "Fares &amp; times stay." in entry.summary
    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert published == ferry.first_published_at.replace(microsecond=0)
    assert entry.author == "Mina Sadeghi"
    assert {tag.term for tag in entry.tags} == {"Asia", "Transport", "Strait of Kerr"}
    if flavour == "atom":
        updated = datetime(*entry.updated_parsed[:6], tzinfo=UTC)
        assert updated == ferry.last_published_at.replace(microsecond=0)

    (enclosure,) = [link for link in entry.links if link.rel == "enclosure"]
    rendition = PhotoRendition.objects.get(image=ferry.lead_image, filter_spec=feeds.IMAGE_SPEC)
    assert enclosure.type == "image/jpeg"
    assert enclosure.href == BASE + rendition.url and enclosure.href.endswith(".jpg")
    assert int(enclosure.length) == rendition.file.size > 0
    if flavour == "rss":
        (media,) = entry.media_content
        assert media["url"] == enclosure.href and media["type"] == "image/jpeg"
        assert media["width"] == "1200" and media["filesize"] == str(rendition.file.size)
        assert entry.media_credit[0]["content"] == "Harbour Press"
    # A story without a photo has no enclosure; one without authors has no author.
    budget = entry_for(parsed, stories["budget"])
    assert not [link for link in budget.links if link.rel == "enclosure"]
    assert "author" not in budget or budget.author == "Dateline"


@pytest.mark.django_db
def test_multiple_authors_are_listed_each(client, stories, mina):
    ferry = stories["ferry"]
    ferry.authors.add(Author.objects.create(name="Kai Brandt"))
    ferry.save_revision().publish()
    _, rss = read(client, "/en/feeds/rss/")
    _, atom = read(client, "/en/feeds/atom/")
    for parsed in (rss, atom):
        names = {author.get("name") for author in entry_for(parsed, ferry).authors}
        assert {"Kai Brandt", "Mina Sadeghi"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_section_feed_includes_sub_sections_and_nothing_else(client, stories, news, flavour):
    _, parsed = read(client, f"/en/feeds/sections/{news.pk}/{flavour}/")
    assert titles(parsed) == [stories["ferry"].title, stories["budget"].title]
    assert parsed.feed.title == "News · Dateline"
    assert parsed.feed.link == f"{BASE}/en/news/"


@pytest.mark.django_db
def test_sub_section_feed(client, stories, asia):
    _, parsed = read(client, f"/en/feeds/sections/{asia.pk}/rss/")
    assert titles(parsed) == [stories["ferry"].title]


@pytest.mark.django_db
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_tag_and_author_feeds(client, stories, mina, make_article, asia, flavour):
    other = make_article(asia, title="Another story by someone else")
    other.tags.add(NewsTag.objects.create(name="Weather", slug="weather"))
    other.save_revision().publish()

    _, parsed = read(client, f"/en/feeds/tags/transport/{flavour}/")
    assert titles(parsed) == [stories["ferry"].title]
    assert parsed.feed.title == "Transport · Dateline"
    assert parsed.feed.link == f"{BASE}/en/tags/transport/"

    _, parsed = read(client, f"/en/feeds/authors/{mina.slug}/{flavour}/")
    assert titles(parsed) == [stories["ferry"].title]
    assert parsed.feed.title == "Mina Sadeghi · Dateline"
    assert parsed.feed.link == f"{BASE}/en/authors/mina-sadeghi/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/tags/no-such-tag/rss/",
        "/en/feeds/authors/nobody/atom/",
        "/en/feeds/sections/999999/rss/",
        "/es/feeds/rss/",  # no Spanish edition
    ],
)
def test_unknown_scopes_are_not_found(client, stories, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_article_is_not_a_section(client, stories):
    assert client.get(f"/en/feeds/sections/{stories['ferry'].pk}/rss/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_full_text_option_carries_the_body_with_absolute_links(client, stories, flavour):
    _, summary_only = read(client, f"/en/feeds/{flavour}/")
    assert "content" not in entry_for(summary_only, stories["ferry"])

    _, parsed = read(client, f"/en/feeds/{flavour}/?full=1")
    entry = entry_for(parsed, stories["ferry"])
    body = entry.content[0].value
    assert "The first boat left at six" in body
    assert "We are glad to be back." in body and "Lena Ortiz" in body
    assert f'href="{BASE}/en/news/"' in body
    assert "Crossings restart after three weeks." in entry.summary
    # The feed's own address keeps the option.
    self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert self_link == f"{BASE}/en/feeds/{flavour}/?full=1"


@pytest.mark.django_db
def test_full_text_follows_the_published_revision(client, stories):
    ferry = stories["ferry"]
    read(client, "/en/feeds/rss/?full=1")  # cached by live revision
    ferry.body = [("paragraph", "<p>A corrected account of the crossing.</p>")]
    ferry.save_revision().publish()
    _, parsed = read(client, "/en/feeds/rss/?full=1")
    body = entry_for(parsed, ferry).content[0].value
    assert "A corrected account" in body and "first boat" not in body


@pytest.mark.django_db
def test_unpublished_and_draft_articles_are_absent(client, stories):
    stories["budget"].unpublish()
    for url in ("/en/feeds/rss/", "/en/feeds/atom/", "/en/feeds/tags/transport/rss/"):
        _, parsed = read(client, url)
        assert "Secret draft" not in titles(parsed)
        assert stories["budget"].title not in titles(parsed)


@pytest.mark.django_db
def test_feeds_are_cacheable_like_pages(client, stories):
    response = client.get("/en/feeds/rss/")
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert response.has_header("Last-Modified")
    assert not response.cookies


@pytest.mark.django_db
def test_feed_holds_the_latest_thirty(client, asia, make_article):
    for n in range(feeds.FEED_SIZE + 3):
        make_article(asia, title=f"Story {n}", slug=f"story-{n}")
    _, parsed = read(client, "/en/feeds/rss/")
    assert len(parsed.entries) == feeds.FEED_SIZE
    assert parsed.entries[0].title == f"Story {feeds.FEED_SIZE + 2}"


def rich_story(section, make_article, make_photo, n):
    article = make_article(
        section,
        title=f"Story {n}",
        slug=f"story-{n}",
        lead_image=make_photo(title=f"Photo {n}", description="A photo"),
        body=[("paragraph", f"<p>Paragraph {n}.</p>")],
    )
    article.authors.add(*[Author.objects.create(name=f"Writer {n}-{i}") for i in range(2)])
    article.tags.add(*[NewsTag.objects.create(name=f"Tag {n}-{i}") for i in range(3)])
    article.save_revision().publish()
    return article


def queries_for(client, url) -> int:
    client.get(url)  # the first read makes the renditions; readers after it are measured
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_a_feed_of_thirty_costs_a_small_constant_number_of_queries(
    client, asia, make_article, make_photo
):
    for n in range(3):
        rich_story(asia, make_article, make_photo, n)
    few = {url: queries_for(client, url) for url in ("/en/feeds/rss/", "/en/feeds/atom/?full=1")}
    for n in range(3, feeds.FEED_SIZE + 2):
        rich_story(asia, make_article, make_photo, n)
    tag = NewsTag.objects.get(name="Tag 5-0")
    author = Author.objects.get(name="Writer 5-0")
    for url in (
        "/en/feeds/rss/",
        "/en/feeds/atom/?full=1",
        f"/en/feeds/sections/{asia.pk}/rss/",
        f"/en/feeds/tags/{tag.slug}/atom/",
        f"/en/feeds/authors/{author.slug}/rss/",
    ):
        count = queries_for(client, url)
        assert count <= MAX_QUERIES, url
        if url in few:
            assert count == few[url], url


def alternate_links(html: bytes) -> list[tuple[str, str, str]]:
    head = BeautifulSoup(html, "html.parser").head
    return [
        (link["type"], link["title"], link["href"])
        for link in head.find_all("link", rel="alternate")
    ]


@pytest.mark.django_db
def test_feed_links_in_the_head_of_an_article(client, stories, asia):
    links = alternate_links(client.get(stories["ferry"].url).content)
    assert links == [
        ("application/rss+xml", "Dateline (RSS)", "/en/feeds/rss/"),
        ("application/atom+xml", "Dateline (Atom)", "/en/feeds/atom/"),
        ("application/feed+json", "Dateline (JSON Feed)", "/en/feeds/json/"),
        ("application/rss+xml", "Asia · Dateline (RSS)", f"/en/feeds/sections/{asia.pk}/rss/"),
        ("application/atom+xml", "Asia · Dateline (Atom)", f"/en/feeds/sections/{asia.pk}/atom/"),
        (
            "application/feed+json",
            "Asia · Dateline (JSON Feed)",
            f"/en/feeds/sections/{asia.pk}/json/",
        ),
    ]
    for kind, _title, href in links:
        if kind == "application/feed+json":  # test_json_feed.py reads these
            assert client.get(href)["Content-Type"].startswith(kind)
        else:
            read(client, href)


@pytest.mark.django_db
def test_feed_links_on_front_section_tag_and_author_pages(client, stories, home, news, mina):
    def hrefs(url):
        return [href for _t, _n, href in alternate_links(client.get(url).content)]

    def three(prefix):
        return [f"{prefix}rss/", f"{prefix}atom/", f"{prefix}json/"]

    site = three("/en/feeds/")
    assert hrefs(home.url) == site
    assert hrefs(news.url) == site + three(f"/en/feeds/sections/{news.pk}/")
    assert hrefs("/en/tags/transport/") == site + three("/en/feeds/tags/transport/")
    assert hrefs(f"/en/authors/{mina.slug}/") == site + three(f"/en/feeds/authors/{mina.slug}/")


@pytest.mark.django_db
def test_feed_links_cost_no_queries(client, stories, rf):
    from django.template import Context, Template

    request = rf.get("/en/")
    request.LANGUAGE_CODE = "en"
    template = Template("{% load syndication_tags %}{% feed_links %}")
    template.render(Context({"request": request, "page": stories["ferry"]}))  # warms the cache
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(Context({"request": request, "page": stories["ferry"]}))
    assert len(ctx.captured_queries) == 0
    assert html.count("<link ") == 6


@pytest.mark.django_db
def test_each_edition_has_its_own_feed(client, stories, home, asia, make_article):
    french = Locale.objects.create(language_code="fr")
    accueil = home.copy_for_translation(french)
    accueil.save_revision().publish()
    monde = asia.get_parent().copy_for_translation(french, copy_parents=True)
    monde.save_revision().publish()
    article = make_article(monde, title="Le ferry reprend du service")

    _, parsed = read(client, "/fr/feeds/rss/")
    assert titles(parsed) == [article.title]
    assert parsed.feed.language == "fr"
    assert parsed.entries[0].link.startswith(f"{BASE}/fr/")
    _, parsed = read(client, "/en/feeds/rss/")
    assert article.title not in titles(parsed)
