"""Update and correction notes: what readers, machines and feed readers see change."""

import json
from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from dateline.newsroom.models import ArticleNote, ArticlePage

from .conftest import staff


def shown_updated(html: str):
    node = BeautifulSoup(html, "html.parser").select_one(".dates .updated time")
    return parse_datetime(node["datetime"]) if node else None


def news_article(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    return next(b for b in blocks if b["@type"] == "NewsArticle")


def feed_entry(client, url, title):
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return next(e for e in parsed.entries if e.title == title)


def add_note(article, kind, text):
    """What an editor does: add a note in the edit form, then publish."""
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    draft.notes.add(ArticleNote(kind=kind, text=text))
    draft.save_revision().publish()
    article.refresh_from_db()
    return ArticleNote.objects.get(page_id=article.pk, text=text)


@pytest.fixture
def article(asia, make_article):
    article = make_article(asia, title="Bridge reopens after repairs")
    # First published an hour ago, so an update now is visibly later.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=an_hour_ago)
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_update_note_changes_updated_time_json_ld_and_feed(client, article):
    before = client.get(article.url).content.decode()
    assert shown_updated(before) is None
    assert 'class="notes"' not in before
    modified_before = news_article(before)["dateModified"]

    note = add_note(article, "update", "Added the council's statement on the reopening.")

    assert note.noted_at is not None
    assert article.updated_at == note.noted_at
    assert note.noted_at == article.last_published_at.replace(microsecond=0)
    html = client.get(article.url).content.decode()
    assert shown_updated(html) == note.noted_at
    soup = BeautifulSoup(html, "html.parser")
    shown = soup.select_one(f"#note-{note.pk}")
    assert shown.select_one("strong").get_text() == "Update"
    assert "Added the council's statement on the reopening." in shown.get_text()
    assert parse_datetime(shown.select_one("time")["datetime"]) == note.noted_at
    data = news_article(html)
    assert data["dateModified"] != modified_before
    assert parse_datetime(data["dateModified"]) == note.noted_at
    assert "correction" not in data  # an update is not a correction

    entry = feed_entry(client, "/en/feeds/atom/", article.title)
    assert parse_datetime(entry.updated) == note.noted_at
    assert "Added the council's statement" in entry.summary
    rss = feed_entry(client, "/en/feeds/rss/", article.title)
    assert "Update:" in rss.summary and "Added the council's statement" in rss.summary

    # Updates are not corrections: the corrections page does not list them.
    corrections = client.get(reverse("stories:corrections")).content.decode()
    assert "Added the council's statement" not in corrections
    assert "No corrections yet." in corrections


@pytest.mark.django_db
def test_correction_appears_on_the_article_corrections_page_and_its_feed(client, article):
    add_note(article, "update", "Added opening hours.")
    correction = add_note(
        article,
        "correction",
        "An earlier version of this article said the bridge was closed to cyclists. It is open.",
    )
    html = client.get(article.url).content.decode()
    notes = BeautifulSoup(html, "html.parser").select(".notes li")
    assert [n.select_one("strong").get_text() for n in notes] == ["Update", "Correction"]
    assert shown_updated(html) == correction.noted_at
    data = news_article(html)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": correction.noted_at.isoformat(),
            "url": f"{article.get_full_url()}#note-{correction.pk}",
        }
    ]

    page = client.get(reverse("stories:corrections"))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    item = soup.select_one(".correction-list li")
    assert item.select_one("h2 a")["href"] == f"{article.url}#note-{correction.pk}"
    assert "said the bridge was closed to cyclists" in item.get_text()
    assert "Added opening hours" not in page.content.decode()
    assert soup.select_one('link[type="application/rss+xml"][href="/en/corrections/rss/"]')

    for url in ("/en/corrections/rss/", "/en/corrections/atom/"):
        entry = feed_entry(client, url, f"Correction: {article.title}")
        assert entry.link == f"http://testserver{article.url}#note-{correction.pk}"
        assert "closed to cyclists" in entry.summary


@pytest.mark.django_db
def test_corrections_newest_first_and_only_live_articles(client, asia, make_article):
    older = make_article(asia, title="Market moves to the square")
    newer = make_article(asia, title="Ferry timetable changes")
    hidden = make_article(asia, title="Story later withdrawn")
    add_note(older, "correction", "The market opens at seven, not eight.")
    add_note(newer, "correction", "The last ferry leaves at ten.")
    add_note(hidden, "correction", "Something about a withdrawn story.")
    hidden.unpublish()

    html = client.get(reverse("stories:corrections")).content.decode()
    assert html.index("The last ferry leaves") < html.index("The market opens at seven")
    assert "withdrawn story" not in html
    parsed = feedparser.parse(client.get("/en/corrections/rss/").content)
    assert [e.title for e in parsed.entries] == [
        "Correction: Ferry timetable changes",
        "Correction: Market moves to the square",
    ]


@pytest.mark.django_db
def test_a_note_keeps_its_time_and_a_draft_note_is_not_shown(client, article):
    note = add_note(article, "update", "First update.")
    stamped = note.noted_at
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    draft.title = "Bridge reopens after repairs, with new lights"
    draft.save_revision().publish()
    note.refresh_from_db()  # the same note: its link (#note-<id>) stays
    assert note.noted_at == stamped  # republishing does not move it

    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    draft.notes.add(ArticleNote(kind="correction", text="Not published yet."))
    draft.save_revision()  # saved, not published
    html = client.get(article.url).content.decode()
    assert "Not published yet." not in html
    assert "Not published yet." not in client.get(reverse("stories:corrections")).content.decode()


@pytest.mark.django_db
def test_editor_adds_a_correction_in_the_admin(client, home, article):
    editor = staff("eddie", "Editors")
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "social_headline": "",
            "summary": streamfield([("point", "Traffic returns to the old bridge.")]),
            "lead_image": "",
            "lead_image_alt": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
            "body": streamfield([("paragraph", rich_text("<p>Open again.</p>"))]),
            "authors": [],
            "tags": "",
            "related_links": inline_formset([]),
            "notes": inline_formset(
                [
                    {
                        "kind": "correction",
                        "text": "It reopened on Monday, not Sunday.",
                        "noted_at": "",
                    }
                ]
            ),
            "updated_at": "",
            "story": "",
            "go_live_at": "",
            "expire_at": "",
            "embargo_until": "",
            "comments_open": "on",
        }
    )
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    note = ArticleNote.objects.get(page=article)
    assert note.noted_at is not None
    client.logout()
    assert "It reopened on Monday" in client.get(reverse("stories:corrections")).content.decode()
    assert shown_updated(client.get(article.url).content.decode()) == note.noted_at
