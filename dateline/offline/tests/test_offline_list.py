"""What an edition's offline reading worker keeps: the list it reads, its
worker script, and the size of what it saves on the demo."""

import json
import re
import urllib.request

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from dateline.base.invalidation import content_changed
from dateline.caching.purge import urls_showing_page
from dateline.newsroom.article_cache import restricted_paths
from dateline.offline.pages import BUDGET_BYTES, LATEST, latest_stories

ROOT = "http://127.0.0.1:8000"


@pytest.fixture
def page_cache(settings):
    settings.DATELINE_PAGE_CACHE = "default"


@pytest.fixture
def stories(asia, make_article, django_capture_on_commit_callbacks):
    """LATEST + 2 published articles, oldest first."""
    with django_capture_on_commit_callbacks(execute=True):
        return [make_article(asia, title=f"Harbour report number {n}") for n in range(LATEST + 2)]


@pytest.mark.django_db
def test_list_names_the_front_page_and_the_twenty_newest_public_stories(client, stories):
    newest = stories[-1]
    PageViewRestriction.objects.create(page=newest, restriction_type="login")
    response = client.get("/en/offline.json")
    assert response.status_code == 200
    listing = response.json()
    assert listing["front"]["url"] == "/en/"
    urls = [story["url"] for story in listing["stories"]]
    # The private one is left out; the next twenty, newest first.
    assert urls == [story.url for story in reversed(stories[:-1])][:LATEST]
    assert len(urls) == 20
    assert listing["budget"] == BUDGET_BYTES
    assert [asset["url"] for asset in listing["assets"]] == ["/static/dateline/dateline.css"]


@pytest.mark.django_db
def test_list_is_shared_cacheable_and_answers_304_when_unchanged(client, stories):
    response = client.get("/en/offline.json")
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=" in control and "private" not in control
    assert not response.cookies
    assert response["Content-Type"] == "application/json"
    again = client.get("/en/offline.json", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_a_publish_refreshes_the_cached_list(
    client, asia, stories, make_article, page_cache, django_capture_on_commit_callbacks
):
    first = client.get("/en/offline.json")
    cached = client.get("/en/offline.json")
    assert cached["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        fresh = make_article(asia, title="Ferry resumes after the storm")
    after = client.get("/en/offline.json")
    assert after["X-Cache"] == "MISS"
    assert after.json()["stories"][0]["url"] == fresh.url
    assert after["ETag"] != first["ETag"]
    assert after.json()["version"] != first.json()["version"]

    # Published again (a correction), a story gets a new stamp: workers fetch it again.
    stamp = {story["url"]: story["stamp"] for story in after.json()["stories"]}
    with django_capture_on_commit_callbacks(execute=True):
        stories[-1].save_revision().publish()
    stamps = {
        story["url"]: story["stamp"] for story in client.get("/en/offline.json").json()["stories"]
    }
    assert stamps[stories[-1].url] != stamp[stories[-1].url]
    assert stamps[fresh.url] == stamp[fresh.url]


@pytest.mark.django_db
def test_the_latest_stories_are_one_query_per_content_version(
    home, stories, django_assert_num_queries
):
    latest_stories(home)
    with django_assert_num_queries(0):
        assert len(latest_stories(home)) == LATEST
    content_changed()
    restricted_paths()  # every listing's private paths: their own query per version
    with django_assert_num_queries(1):
        assert len(latest_stories(home)) == LATEST


@pytest.mark.django_db
def test_every_edition_has_its_own_list(client, asia, make_article, make_edition):
    make_article(asia, title="Bridge reopens after repairs")
    make_edition("es")
    spanish = client.get("/es/offline.json").json()
    assert spanish["front"]["url"] == "/es/" and spanish["stories"] == []
    assert client.get("/fr/offline.json").status_code == 404


@pytest.mark.django_db
def test_worker_is_served_at_the_top_of_the_edition_in_its_language(client, home, make_edition):
    make_edition("es")
    response = client.get("/es/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "public" in response["Cache-Control"] and not response.cookies
    assert "worker-src 'self'" in response["Content-Security-Policy"]
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", response.content.decode()).group(1))
    assert config["list"] == "/es/offline.json"
    assert config["cache"].endswith(" /es/")
    assert config["language"] == "es"
    assert "{time}" in config["note"] and "offline" not in config["note"]


@pytest.mark.django_db
def test_public_pages_register_the_worker_and_previews_do_not(
    client, asia, make_article, admin_user
):
    article = make_article(asia)
    assert 'data-offline-worker="/en/sw.js"' in client.get(article.url).content.decode()
    client.force_login(admin_user)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert preview.status_code == 200
    assert "data-offline-worker" not in preview.content.decode()


@pytest.mark.django_db
def test_every_page_of_an_edition_purges_its_list(asia, stories):
    assert ROOT + "/en/offline.json" in urls_showing_page(stories[0])
    assert ROOT + "/en/offline.json" in urls_showing_page(asia)


def _read(url: str) -> bytes:
    # No Accept-Encoding: the bytes as the worker stores them, uncompressed.
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def test_what_the_demo_saves_fits_the_budget(demo_server):
    """On the demo: the front page, the latest stories and the stylesheet of
    each edition, as stored. The test demo has fewer than twenty stories in an
    edition, so the front page and twenty of its largest story are counted too
    (`make demo`'s forty articles: 289 KB for the English edition's 21 pages)."""
    for language in ("en", "es", "ar"):
        listing = json.loads(_read(f"{demo_server}/{language}/offline.json"))
        assert listing["stories"], language
        front = len(_read(demo_server + listing["front"]["url"]))
        sizes = [len(_read(demo_server + story["url"])) for story in listing["stories"]]
        assets = sum(len(_read(demo_server + asset["url"])) for asset in listing["assets"])
        assert front + sum(sizes) + assets <= BUDGET_BYTES, language
        assert front + LATEST * max(sizes) + assets <= BUDGET_BYTES, (language, front, max(sizes))
