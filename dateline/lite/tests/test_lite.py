"""The text-only twin of every page: its address, what it keeps of a story, its
privacy, and the caches that keep it apart from the full page."""

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from dateline.caching.purge import with_variants
from dateline.lite import urls
from dateline.newsroom.models import ArticleNote, Author, NewsTag

SAVE_DATA = {"HTTP_SAVE_DATA": "on"}


def test_twin_addresses():
    assert urls.twin("/en/") == "/en/lite/"
    assert urls.twin("/es/noticias/x/?page=2") == "/es/lite/noticias/x/?page=2"
    assert urls.twin("https://news.example/ar/akhbar/") == "https://news.example/ar/lite/akhbar/"
    # Not pages: feeds, endpoints, files, other sites, twins already.
    for other in (
        "/en/feeds/rss/",
        "/en/news/story/rss/",
        "/en/stories/breaking.json",
        "/en/live/on-air.json",
        "/media/images/a.jpg",
        "/sitemap.xml",
        "/en/lite/news/",
        "/xx/news/",
        "https://example.org/page",
    ):
        assert urls.twin(other) == other, other
    assert urls.full("/en/lite/news/?page=2") == "/en/news/?page=2"
    assert urls.full("/en/lite/") == "/en/"
    assert urls.split("/en/lite/news/") == ("en", "/en/news/")
    assert urls.split("/en/lite") == ("en", "/en/")
    assert urls.split("/en/literature/") is None


@pytest.fixture
def story(asia, make_article, make_photo):
    author = Author.objects.create(name="Nadia Karimi", slug="nadia-karimi")
    linked = make_article(asia, title="Ferry timetable changes")
    article = make_article(
        asia,
        title="Harbour ferry returns after storm",
        summary=[("point", "Boats sail again after a week."), ("point", "Fares stay the same.")],
        lead_image=make_photo(title="Ferry", credit="Dateline/Staff", caption="The ferry at dawn"),
        lead_image_alt="A white ferry at the quay",
        body=[
            ("paragraph", RichText("<p>The first boat left at six.</p>")),
            ("subheading", "What changes"),
            (
                "paragraph",
                RichText(
                    f'<p>See <a linktype="page" id="{linked.pk}">the timetable</a> for times.</p>'
                ),
            ),
            ("quote", {"quote": "We missed the sea.", "attribution": "A fisher"}),
        ],
    )
    article.authors.add(author)
    article.tags.add(NewsTag.objects.create(name="Ferries", slug="ferries"))
    article.save_revision().publish()
    ArticleNote.objects.create(
        page=article,
        kind=ArticleNote.Kind.CORRECTION,
        text="An earlier version gave the wrong day.",
        noted_at=article.first_published_at,
    )
    article.refresh_from_db()
    return article, linked


def text(html: bytes) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


@pytest.mark.django_db
def test_the_twin_has_the_whole_story_and_nothing_heavy(client, story):
    article, linked = story
    full = client.get(article.url)
    lite = client.get(urls.twin(article.url))
    assert full.status_code == lite.status_code == 200
    html = lite.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    # Everything the full page says about the story, in the same words.
    for words in (
        "Harbour ferry returns after storm",
        "Boats sail again after a week.",
        "Fares stay the same.",
        "Nadia Karimi",
        "The first boat left at six.",
        "What changes",
        "the timetable",
        "We missed the sea.",
        "The ferry at dawn",
        "Dateline/Staff",
        "An earlier version gave the wrong day.",
        "Ferries",
    ):
        assert words in text(full.content) and words in text(lite.content), words
    published = BeautifulSoup(full.content, "html.parser").select_one(".dates time")
    assert published.get_text() in text(lite.content)

    # Its links stay in the text-only edition; the photo is a link, not a picture.
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert urls.twin(linked.url) in hrefs
    assert "/en/lite/tags/ferries/" in hrefs and "/en/lite/authors/nadia-karimi/" in hrefs
    photo = soup.find("a", string="Photo")
    assert photo["href"].startswith("/media/images/") and photo["href"].endswith(".jpg")
    assert soup.find("a", href=article.url) is not None  # back to the full page
    assert not soup.find_all(["script", "img", "picture", "video", "audio", "iframe", "svg"])
    assert "@font-face" not in html and "<style" not in html
    assert len(soup.find_all("link", rel="stylesheet")) == 1

    # And the full page links to it.
    assert f'href="{urls.twin(article.url)}"' in full.content.decode()


@pytest.mark.django_db
def test_save_data_gets_the_twin_at_the_same_address(client, story):
    article, _linked = story
    lite = client.get(article.url, **SAVE_DATA)
    full = client.get(article.url)
    assert "Save-Data" in lite["Vary"] and "Save-Data" in full["Vary"]
    assert b"<script" not in lite.content and b"<script" in full.content
    assert text(lite.content) == text(client.get(urls.twin(article.url)).content)
    # Anything but "on" is the full page.
    assert b"<script" in client.get(article.url, HTTP_SAVE_DATA="off").content


@pytest.mark.django_db
def test_a_private_story_twin_is_as_private(client, make_private, make_article, asia):
    article = make_article(
        asia,
        title="Members briefing",
        body=[("paragraph", RichText("<p>Only for members: the vote is on Friday.</p>"))],
    )
    make_private(article)
    full = client.get(article.url)
    assert full.status_code in (200, 302) and b"the vote is on Friday" not in full.content
    for response in (client.get(urls.twin(article.url)), client.get(article.url, **SAVE_DATA)):
        assert response.status_code == full.status_code
        assert b"the vote is on Friday" not in response.content


@pytest.mark.django_db
def test_addresses_without_a_page_have_no_twin(client, home, story):
    assert client.get("/en/feeds/rss/").status_code == 200
    assert client.get("/en/lite/feeds/rss/").status_code == 404
    assert client.get("/en/lite/stories/breaking.json").status_code == 404
    assert client.post(urls.twin(story[0].url)).status_code == 404


@pytest.mark.django_db
def test_a_publish_purges_the_twins_too(story):
    article, _linked = story
    purged = with_variants([article.full_url, article.get_parent().full_url])
    assert urls.twin(article.full_url) in purged
    assert urls.twin(article.get_parent().full_url) in purged
