"""Readers move between editions: the language switcher, hreflang links and
the JSON-LD links between an English story and its Spanish translation."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

ROOT = "http://127.0.0.1:8000"  # the Site setup_newsroom makes


def translate(page, language_code):
    """A published translation of `page`, its sections translated (and
    published) with it, as an editor would."""
    locale = Locale.objects.get(language_code=language_code)
    copy = page.copy_for_translation(locale, copy_parents=True)
    for parent in copy.get_ancestors().filter(depth__gt=2, live=False):
        parent.specific.save_revision().publish()
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def spanish(make_edition):
    return make_edition("es")


@pytest.fixture
def story(asia, make_article):
    return make_article(asia, title="Bridge reopens after repairs")


@pytest.fixture
def pair(spanish, story):
    return story, translate(story, "es")


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(html: str) -> list[tuple[str, str, str]]:
    nav = re.search(r'<nav class="editions-nav" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert nav, "no language switcher"
    return re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+"[^>]*>([^<]+)</a>', nav[1])


def news_article(html: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle")


@pytest.mark.django_db
def test_a_story_and_its_translation_link_each_other_with_hreflang(client, pair):
    english, spanish = pair
    expected = {
        "en": ROOT + english.url,
        "es": ROOT + spanish.url,
        "x-default": ROOT + english.url,
    }
    assert spanish.url.startswith("/es/")
    for page in pair:
        html = client.get(page.url).content.decode()
        assert hreflangs(html) == expected, page.url


@pytest.mark.django_db
def test_the_front_pages_of_two_editions_link_each_other(client, home, spanish):
    expected = {"en": ROOT + "/en/", "es": ROOT + "/es/", "x-default": ROOT + "/en/"}
    assert hreflangs(client.get("/en/").content.decode()) == expected
    assert hreflangs(client.get("/es/").content.decode()) == expected


@pytest.mark.django_db
def test_x_default_is_the_page_itself_without_an_english_version(client, spanish, story):
    # A story written in Spanish and translated into Arabic: no English one.
    arabic = Locale.objects.create(language_code="ar")
    home_ar = spanish.copy_for_translation(arabic)
    home_ar.save_revision().publish()
    spanish_story = translate(story, "es")
    story.unpublish()
    arabic_story = translate(spanish_story, "ar")
    links = hreflangs(client.get(arabic_story.url).content.decode())
    assert set(links) == {"es", "ar", "x-default"}
    assert links["x-default"] == ROOT + arabic_story.url


@pytest.mark.django_db
def test_a_page_in_one_edition_only_has_no_hreflang(client, story, spanish):
    assert hreflangs(client.get(story.url).content.decode()) == {}


@pytest.mark.django_db
def test_a_site_with_one_edition_shows_no_switcher_or_hreflang(client, story):
    html = client.get(story.url).content.decode()
    assert "editions-nav" not in html
    assert 'hreflang="' not in html


@pytest.mark.django_db
def test_the_switcher_goes_to_the_translation(client, pair):
    english, spanish = pair
    html = client.get(english.url).content.decode()
    assert switcher(html) == [(spanish.url, "es", "Español")]
    html = client.get(spanish.url).content.decode()
    assert switcher(html) == [(english.url, "en", "English")]
    assert 'aria-label="Ediciones en otros idiomas"' in html  # the interface in Spanish


@pytest.mark.django_db
def test_the_switcher_goes_to_the_front_page_without_a_translation(client, story, spanish):
    assert switcher(client.get(story.url).content.decode()) == [("/es/", "es", "Español")]
    # Pages that are not a translated page (a live channel, a tag page) too.
    assert switcher(client.get("/en/live/").content.decode()) == [("/es/", "es", "Español")]


@pytest.mark.django_db
def test_a_draft_or_private_translation_is_not_linked(client, spanish, story):
    from wagtail.models import PageViewRestriction

    locale = Locale.objects.get(language_code="es")
    draft = story.copy_for_translation(locale, copy_parents=True)
    html = client.get(story.url).content.decode()
    assert switcher(html) == [("/es/", "es", "Español")]
    assert hreflangs(html) == {}
    for parent in draft.get_ancestors().filter(depth__gt=2, live=False):
        parent.specific.save_revision().publish()
    draft.save_revision().publish()
    PageViewRestriction.objects.create(page=draft, restriction_type="login")
    html = client.get(story.url).content.decode()
    assert switcher(html) == [("/es/", "es", "Español")]
    assert hreflangs(html) == {}


@pytest.mark.django_db
def test_json_ld_links_the_original_and_its_translation(client, pair):
    english, spanish = pair
    original = news_article(client.get(english.url).content.decode())
    translated = news_article(client.get(spanish.url).content.decode())
    assert original["inLanguage"] == "en"
    assert original["workTranslation"] == [
        {"@type": "NewsArticle", "url": ROOT + spanish.url, "inLanguage": "es"}
    ]
    assert "translationOfWork" not in original
    assert translated["inLanguage"] == "es"
    assert translated["translationOfWork"] == {
        "@type": "NewsArticle",
        "url": ROOT + english.url,
        "inLanguage": "en",
    }
    assert "workTranslation" not in translated


@pytest.mark.django_db
def test_a_new_translation_is_linked_on_the_next_view(client, spanish, story):
    assert hreflangs(client.get(story.url).content.decode()) == {}
    spanish_story = translate(story, "es")
    assert hreflangs(client.get(story.url).content.decode())["es"] == ROOT + spanish_story.url


MAX_QUERIES = 12


@pytest.mark.django_db
def test_translated_pages_stay_within_the_query_budget(client, pair, news):
    english, spanish = pair
    urls = [english.url, spanish.url, "/en/", "/es/", news.url, "/sitemap-articles.xml"]
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert len(ctx.captured_queries) <= MAX_QUERIES, url


@pytest.mark.django_db
def test_the_first_view_after_a_publish_stays_within_the_query_budget(
    client, pair, news, asia, make_article
):
    # Every publish re-renders a page's parts; the site, its editions, their
    # front pages and the comment settings are not read again for it (they
    # move only with the structure version).
    english, spanish = pair
    urls = [english.url, spanish.url, "/en/", "/es/", news.url]
    for url in urls:
        client.get(url)
    for n, url in enumerate(urls):
        make_article(asia, title=f"Another story {n}")  # published: a new content version
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        sql = " ".join(query["sql"] for query in ctx.captured_queries)
        assert len(ctx.captured_queries) <= MAX_QUERIES, url
        assert '"wagtailcore_site"' not in sql, url
        assert '"comments_commentsettings"' not in sql, url


@pytest.mark.django_db
def test_opening_an_edition_is_seen_on_the_next_view(client, story, make_edition):
    # The editions are kept across ordinary publishes: opening one must still
    # show at once in the switcher of a page viewed before.
    assert "editions-nav" not in client.get(story.url).content.decode()
    make_edition("ar")
    links = switcher(client.get(story.url).content.decode())
    assert ("/ar/", "ar") in [(href, language) for href, language, _name in links]
