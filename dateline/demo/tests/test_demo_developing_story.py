"""The demo's developing story: a story timeline, an article with an update and a
correction, and an open live blog with a dozen entries, one pinned, linked from
the front page."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from dateline.demo.plan import plan_articles
from dateline.newsroom.models import ArticlePage, HomePage
from dateline.stories.models import LiveBlogEntry, LiveBlogPage, StoryPage

SHORT = 12


@pytest.fixture(autouse=True)
def _demo_settings(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATELINE_PAGE_CACHE = ""


def load(**options):
    call_command("load_demo", stdout=io.StringIO(), **options)


@pytest.mark.django_db
def test_demo_has_a_developing_story(client):
    load(articles=SHORT)
    home = HomePage.objects.get(locale__language_code="en")
    story = StoryPage.objects.live().get()
    assert story.get_parent().slug == "afghanistan"

    article = ArticlePage.objects.live().get(story=story)
    notes = list(article.notes.order_by("noted_at"))
    assert [n.kind for n in notes] == ["update", "correction"]
    assert article.first_published_at < notes[0].noted_at < notes[1].noted_at
    assert article.updated_at == notes[-1].noted_at and article.is_updated
    assert "earlier version" in notes[1].text
    # The showcase is still the newest story from Afghanistan.
    english = ArticlePage.objects.live().filter(locale=home.locale)  # not its translations
    newest = english.order_by("-first_published_at").first()
    assert newest.pk != article.pk and newest.get_parent().slug == "afghanistan"

    blog = LiveBlogPage.objects.live().get()
    assert blog.open and blog.story_id == story.pk and len(blog.key_points) >= 3
    entries = LiveBlogEntry.objects.visible().filter(live_blog=blog)
    assert entries.count() == 12
    assert entries.filter(pinned=True).count() == 1
    assert entries.filter(edited_at__isnull=False).count() == 1
    kinds = {block.block_type for entry in entries for block in entry.body}
    assert kinds == {"paragraph", "quote", "image", "embed", "article"}
    now = timezone.now()
    assert all(blog.first_published_at <= e.first_published_at < now for e in entries)
    assert max(e.first_published_at for e in entries) > now - timedelta(hours=1)

    front = client.get(home.url).content.decode()
    live_now = BeautifulSoup(front, "html.parser").select_one(".live-now")
    assert live_now.select_one("a")["href"] == blog.url
    page = client.get(blog.url).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    first = soup.select_one("#entries > article.entry")
    assert "is-pinned" in first["class"]
    assert len(soup.select("#entries > article.entry")) == 12
    story_html = client.get(story.url).content.decode()
    assert article.title in story_html and blog.title in story_html
    corrections = client.get("/en/corrections/").content.decode()
    assert article.title in corrections


@pytest.mark.django_db
def test_loading_again_adds_no_second_story():
    load(articles=SHORT)
    counts = (
        StoryPage.objects.count(),
        LiveBlogPage.objects.count(),
        LiveBlogEntry.objects.count(),
    )
    load(articles=SHORT)
    assert (
        (
            StoryPage.objects.count(),
            LiveBlogPage.objects.count(),
            LiveBlogEntry.objects.count(),
        )
        == counts
        == (1, 1, 12)
    )


def test_the_developing_story_takes_an_existing_slot():
    from datetime import UTC, datetime

    now = datetime(2030, 5, 17, 12, tzinfo=UTC)
    for count in (2, 12, 40):
        plans = plan_articles(count, seed=7, now=now)
        assert len(plans) == count
        story = [p for p in plans if p.story]
        assert len(story) == 1 and story[0].section == "afghanistan"
        assert story[0].first_published_at < plans[-1].first_published_at  # showcase newest
        for plan in plans:  # links only ever point to earlier stories
            for index in plan.related:
                assert plans[index].first_published_at < plan.first_published_at
