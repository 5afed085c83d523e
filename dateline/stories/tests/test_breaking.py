"""The breaking-news banner: raised in the admin, on every page, gone at expiry,
and current even on pages a shared cache has kept."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from dateline.stories.models import BreakingNews

BREAKING = "/en/stories/breaking.json"


def banner_in(html: str) -> str | None:
    node = BeautifulSoup(html, "html.parser").select_one("#breaking")
    assert node is not None, "every page has the banner slot"
    return None if node.has_attr("hidden") else node.select_one(".breaking-text").get_text()


@pytest.fixture
def pages(home, asia, make_article):
    article = make_article(asia, title="Bridge reopens after repairs")
    return ["/en/", article.url, "/en/live/audio/"]


@pytest.mark.django_db
def test_banner_appears_on_every_page_and_goes_at_expiry(client, pages, live_blog):
    for url in pages:
        assert banner_in(client.get(url).content.decode()) is None
    response = client.get(BREAKING)
    assert json.loads(response.content) == {}
    assert response["Cache-Control"] == "public, max-age=4, s-maxage=5"

    expires = timezone.now() + timedelta(minutes=30)
    banner = BreakingNews.objects.create(
        text="Dam upstream of Pul-e Sorkh breached", page=live_blog, expires_at=expires
    )
    for url in pages:
        assert banner_in(client.get(url).content.decode()) == "Dam upstream of Pul-e Sorkh breached"
    html = client.get("/en/").content.decode()
    link = BeautifulSoup(html, "html.parser").select_one("#breaking a")
    assert link["href"] == live_blog.url
    data = json.loads(client.get(BREAKING).content)
    assert data == {
        "id": banner.pk,
        "text": "Dam upstream of Pul-e Sorkh breached",
        "url": live_blog.url,
        "expires": int(expires.timestamp() * 1000),
    }

    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert json.loads(client.get(BREAKING).content) == {}
        for url in pages:
            assert banner_in(client.get(url).content.decode()) is None


@pytest.mark.django_db
def test_newest_banner_wins_and_editions_have_their_own(client, pages, make_edition):
    soon = timezone.now() + timedelta(hours=1)
    BreakingNews.objects.create(text="Older banner", expires_at=soon)
    BreakingNews.objects.create(text="Newer banner", url="https://example.org/x", expires_at=soon)
    french = make_edition("fr").locale
    BreakingNews.objects.create(text="Alerte en français", locale=french, expires_at=soon)
    assert json.loads(client.get(BREAKING).content)["text"] == "Newer banner"
    assert json.loads(client.get("/fr/stories/breaking.json").content)["text"] == (
        "Alerte en français"
    )


@pytest.mark.django_db
def test_banner_costs_no_query_once_cached(client, pages):
    BreakingNews.objects.create(
        text="Storm warning", expires_at=timezone.now() + timedelta(hours=1)
    )
    client.get(BREAKING)
    with CaptureQueriesContext(connection) as ctx:
        client.get(BREAKING)
    assert len(ctx.captured_queries) == 0


@pytest.mark.django_db
def test_cached_pages_pick_up_the_banner_from_the_small_endpoint(client, settings, pages):
    settings.DATELINE_PAGE_CACHE = "default"  # the embedded shared cache, as served
    assert client.get("/en/")["X-Cache"] == "MISS"
    BreakingNews.objects.create(text="Roads closed", expires_at=timezone.now() + timedelta(hours=1))
    cached = client.get("/en/")
    assert cached["X-Cache"] == "HIT"  # the page is kept for minutes…
    assert banner_in(cached.content.decode()) is None
    fresh = client.get(BREAKING)  # …so its script asks this, kept for seconds
    assert "s-maxage=5" in fresh["Cache-Control"]
    assert json.loads(fresh.content)["text"] == "Roads closed"
    html = cached.content.decode()
    assert 'data-src="/en/stories/breaking.json"' in html
    assert '<script src="/static/dateline/stories.js" defer></script>' in html


@pytest.mark.django_db
def test_editor_raises_a_banner_in_the_admin(client, home, live_blog, editor):
    client.force_login(editor)
    add_url = reverse("wagtailsnippets_stories_breakingnews:add")
    form = client.get(add_url)
    assert form.status_code == 200
    until = (timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        add_url,
        {
            "text": "Evacuation ordered below the dam",
            "page": live_blog.pk,
            "url": "",
            "locale": Locale.get_default().pk,
            "expires_at": until,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert banner_in(client.get("/en/").content.decode()) == "Evacuation ordered below the dam"

    # Lowered early: its expiry set to now.
    banner = BreakingNews.objects.get()
    banner.expires_at = timezone.now()
    banner.save()
    assert banner_in(client.get("/en/").content.decode()) is None
