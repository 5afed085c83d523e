"""The demo's Spanish and Arabic editions, as readers of /es/ and /ar/ see them."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation

from dateline.demo.content import ar_articles, es_articles
from dateline.demo.content.developing import DEVELOPING, SHOWCASE
from dateline.live.models import Channel
from dateline.newsroom.models import ArticleNote, ArticlePage, HomePage, SectionPage
from dateline.newsroom.setup import EDITORS
from dateline.stories.models import BreakingNews
from dateline.translations.models import OutOfDate

SHORT = 12
MAX_QUERIES = 12  # a public page's budget, uncached (see newsroom/tests/test_page_budget.py)


@pytest.fixture(autouse=True)
def _demo_settings(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def queries_to_render(client, url) -> int:
    client.get(url)  # the first view makes the photo's renditions
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def check_edition(client, content, html_attributes):
    language = content.LANGUAGE
    home = HomePage.objects.get(locale__language_code=language)
    english_home = HomePage.objects.get(locale__language_code="en")
    assert home.live and home.translation_key == english_home.translation_key
    articles = ArticlePage.objects.live().filter(locale__language_code=language)
    assert articles.count() >= 12
    assert all(a.url.startswith(f"/{language}/") for a in articles)

    # Sections in the edition's language, linked to the English ones.
    title, slug, _ = content.SECTIONS["news"]
    section = SectionPage.objects.get(locale__language_code=language, slug=slug)
    english_news = SectionPage.objects.get(locale__language_code="en", slug="news")
    assert section.title == title and section.translation_key == english_news.translation_key

    story = content.ARTICLES[0]
    article = articles.get(slug=story["slug"])
    for url, text in [
        (f"/{language}/", story["title"]),
        (section.url, story["title"]),
        (article.url, story["summary"][0]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert all(attribute in html_tag(response) for attribute in html_attributes), url
        assert text in response.content.decode(), url
    banner = client.get(f"/{language}/stories/breaking.json").json()
    assert banner["text"] == content.BREAKING and banner["url"].startswith(f"/{language}/")

    # Stories in every edition are translations of the English showcase.
    english = ArticlePage.objects.get(locale__language_code="en", title=SHOWCASE["title"])
    translation = articles.get(translation_key=english.translation_key)
    assert translation.title == content.TRANSLATIONS["showcase"]["title"]

    # The edition's corrections page shows its translated correction.
    correction = content.TRANSLATIONS["developing"]["notes"][-1][2]
    assert correction in client.get(f"/{language}/corrections/").content.decode()
    assert Channel.objects.for_language(language).slug == content.CHANNEL["slug"]
    assert BreakingNews.objects.filter(locale__language_code=language).exists()

    # Uncached article pages stay within the public pages' query budget.
    assert queries_to_render(client, article.url) <= MAX_QUERIES
    assert queries_to_render(client, translation.url) <= MAX_QUERIES
    return article


@pytest.mark.django_db
def test_demo_has_spanish_and_arabic_editions(client):
    call_command("load_demo", articles=SHORT, stdout=io.StringIO())

    check_edition(client, es_articles, ['lang="es"'])
    check_edition(client, ar_articles, ['lang="ar"', 'dir="rtl"'])
    arabic = ArticlePage.objects.live().filter(locale__language_code="ar")
    assert "/ar/akhbar/" in arabic.get(slug=ar_articles.ARTICLES[2]["slug"]).url

    # One story is in one edition only; the showcase is in all three.
    only_spanish = ArticlePage.objects.get(slug=es_articles.ARTICLES[0]["slug"])
    assert ArticlePage.objects.filter(translation_key=only_spanish.translation_key).count() == 1
    showcase = ArticlePage.objects.get(locale__language_code="en", title=SHOWCASE["title"])
    assert ArticlePage.objects.filter(translation_key=showcase.translation_key).count() == 3

    # The Spanish feed lists Spanish headlines, not English ones.
    feed = client.get("/es/feeds/rss/").content.decode()
    assert es_articles.ARTICLES[0]["title"] in feed
    assert es_articles.TRANSLATIONS["showcase"]["title"] in feed
    assert SHOWCASE["title"] not in feed
    # The site's article sitemap lists the editions' articles.
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    spanish = ArticlePage.objects.get(slug=es_articles.ARTICLES[0]["slug"])
    assert spanish.url in sitemap


@pytest.mark.django_db
def test_demo_translations_are_tracked_by_the_translation_desk(
    client, django_capture_on_commit_callbacks
):
    # With what runs after the load's commit: nothing is out of date yet.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", articles=SHORT, stdout=io.StringIO())
    assert not OutOfDate.objects.exists()
    english = ArticlePage.objects.get(locale__language_code="en", title=DEVELOPING["title"])
    translated = {}
    for content in (es_articles, ar_articles):
        words = content.TRANSLATIONS["developing"]
        page = ArticlePage.objects.get(
            translation_key=english.translation_key, locale__language_code=content.LANGUAGE
        )
        translated[content.LANGUAGE] = page
        # Made from the English page, as Translate on the desk makes one.
        translation = Translation.objects.get(
            source__object_id=english.translation_key,
            source__locale=english.locale,
            target_locale=page.locale,
            enabled=True,
        )
        # The translation editor starts from the edition's own words.
        memory = {
            t.context.path: t.data
            for t in StringTranslation.objects.filter(locale=page.locale).filter(
                context__object_id=english.translation_key
            )
        }
        assert memory["title"] == words["title"]
        assert memory["social_headline"] == words["social"]
        assert words["body"][0][1][:40] in "".join(memory.values())
        total, done = translation.get_progress()
        assert 0 < done < total  # the English has parts the edition left out
        # Readers read the edition's words, as written.
        public = client.get(page.url)
        assert public.status_code == 200 and words["title"] in public.content.decode()

    # The English original is corrected, as an editor does it.
    editor = User.objects.create_user("eddie", "eddie@example.org", "correct-horse-battery")
    editor.groups.add(Group.objects.get(name=EDITORS))
    original = ArticlePage.objects.get(pk=english.pk)
    correction = ArticleNote(kind="correction", text="An earlier version named the wrong river.")
    original.notes = [*original.notes.all(), correction]
    with django_capture_on_commit_callbacks(execute=True):
        original.save_revision(user=editor).publish()
    marks = OutOfDate.objects.filter(source_page=english)
    assert {mark.page_id for mark in marks} == {page.pk for page in translated.values()}
    assert {mark.reason for mark in marks} == {OutOfDate.Reason.CORRECTION}

    # Synced from the source on the desk: no longer out of date, text unchanged.
    client.force_login(editor)
    source_id = Translation.objects.filter(source__object_id=english.translation_key)[0].source_id
    sync_url = reverse("wagtail_localize:update_translations", args=[source_id])
    assert client.get(sync_url).status_code == 200
    assert client.post(sync_url, {}).status_code == 302
    assert not OutOfDate.objects.exists()
    client.logout()
    spanish = translated["es"]
    assert es_articles.TRANSLATIONS["developing"]["title"] in client.get(spanish.url).text
