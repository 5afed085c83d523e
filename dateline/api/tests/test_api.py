"""The read API as a client uses it: listed, filtered and paginated, the
article whole (blocks, photo, people, tags, section, translations), nothing a
reader could not read, cacheable, purged on publish and rate-limited."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.caching.purge import urls_showing_page
from dateline.newsroom.models import ArticlePage, Author, NewsTag


def get(client, url, status=200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def read_all(client, url) -> list[dict]:
    """Every item of a listing, page by page as a client pages (limit/offset)."""
    items, offset = [], 0
    while True:
        page = get(client, f"{url}{'&' if '?' in url else '?'}limit=2&offset={offset}")
        items += page["items"]
        offset += 2
        if offset >= page["meta"]["total_count"]:
            return items


@pytest.fixture
def newsroom(asia, news, make_article, make_photo):
    reporter = Author.objects.create(name="Ines Okafor", slug="ines-okafor", role="Reporter")
    floods = NewsTag.objects.create(name="Floods", slug="floods")
    photo = make_photo(title="River at dusk", credit="Dateline/Staff", caption="The river rose")
    made = {}
    now = timezone.now()
    for n, title in enumerate(["River rises in the delta", "Dams opened upstream", "Rain ends"]):
        article = make_article(
            asia,
            title=title,
            body=[
                ("paragraph", f"<p>Paragraph {n} of the report.</p>"),
                ("subheading", "What next"),
            ],
            lead_image=photo,
            lead_image_alt="Brown water under a bridge",
        )
        article.authors.add(reporter)
        if n < 2:
            article.tags.add(floods)
        article.save_revision().publish()
        published = now - timedelta(days=3 - n)
        ArticlePage.objects.filter(pk=article.pk).update(first_published_at=published)
        made[title] = article
    return made


@pytest.mark.django_db
def test_articles_listed_filtered_and_paginated(client, newsroom, asia, news, make_article):
    make_article(asia, title="Draft nobody may read", publish=False)
    articles = read_all(client, "/api/v2/pages/?type=newsroom.ArticlePage&edition=en")
    titles = [item["title"] for item in articles]
    # Newest first.
    assert titles == ["Rain ends", "Dams opened upstream", "River rises in the delta"]
    assert all(item["meta"]["locale"] == "en" for item in articles)

    tagged = get(client, "/api/v2/pages/?type=newsroom.ArticlePage&tag=floods")
    tagged_titles = [i["title"] for i in tagged["items"]]
    assert tagged_titles == ["Dams opened upstream", "River rises in the delta"]
    in_section = get(client, f"/api/v2/pages/?section={news.pk}&type=newsroom.ArticlePage")
    assert in_section["meta"]["total_count"] == 3
    since = (timezone.now() - timedelta(days=1, hours=12)).strftime("%Y-%m-%dT%H:%M:%SZ")
    recent = get(client, f"/api/v2/pages/?type=newsroom.ArticlePage&published_after={since}")
    assert [i["title"] for i in recent["items"]] == ["Rain ends"]
    # A date alone: to the end of that day.
    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    older = get(client, f"/api/v2/pages/?type=newsroom.ArticlePage&published_before={day}")
    assert [i["title"] for i in older["items"]] == ["River rises in the delta"]
    assert "no edition" in get(client, "/api/v2/pages/?edition=xx", status=400)["message"]

    bad = get(client, "/api/v2/pages/?published_after=yesterday", status=400)
    assert "published_after" in bad["message"] or "date" in bad["message"]
    assert "section" in get(client, "/api/v2/pages/?section=abc", status=400)["message"]


@pytest.mark.django_db
def test_an_article_whole(client, newsroom, asia):
    article = newsroom["River rises in the delta"]
    data = get(client, f"/api/v2/pages/{article.pk}/")
    assert data["title"] == "River rises in the delta"
    assert [block["type"] for block in data["body"]] == ["paragraph", "subheading"]
    assert data["body"][0]["value"] == "<p>Paragraph 0 of the report.</p>"
    photo = data["lead_photo"]
    assert photo["alt"] == "Brown water under a bridge"
    assert (photo["caption"], photo["credit"]) == ("The river rose", "Dateline/Staff")
    assert photo["renditions"]["large"]["url"].startswith("http://testserver/")
    assert [a["name"] for a in data["authors"]] == ["Ines Okafor"]
    assert [t["slug"] for t in data["tags"]] == ["floods"]
    assert data["section"]["title"] == asia.title
    assert data["meta"]["html_url"].endswith(article.url)
    assert data["translations"] == []

    # The section, the tag and the author are endpoints of their own.
    sections = get(client, "/api/v2/sections/?edition=en")["items"]
    assert asia.title in [s["title"] for s in sections]
    assert [t["slug"] for t in get(client, "/api/v2/tags/")["items"]] == ["floods"]
    assert [a["name"] for a in get(client, "/api/v2/authors/")["items"]] == ["Ines Okafor"]
    images = get(client, "/api/v2/images/")["items"]
    assert [i["title"] for i in images] == ["River at dusk"]
    assert "download_url" not in json.dumps(images), "the original file is never offered"


@pytest.mark.django_db
def test_nothing_a_reader_could_not_read(client, newsroom, asia, make_article, make_photo):
    secret_photo = make_photo(title="Embargoed picture")
    draft = make_article(
        asia, title="Draft story", publish=False, lead_image=secret_photo, lead_image_alt="A view"
    )
    private = newsroom["Rain ends"]
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    listed = [i["title"] for i in read_all(client, "/api/v2/pages/?type=newsroom.ArticlePage")]
    assert listed == ["Dams opened upstream", "River rises in the delta"]
    get(client, f"/api/v2/pages/{draft.pk}/", status=404)
    get(client, f"/api/v2/pages/{private.pk}/", status=404)
    assert "Embargoed picture" not in json.dumps(get(client, "/api/v2/images/"))
    get(client, f"/api/v2/images/{secret_photo.pk}/", status=404)


@pytest.mark.django_db
def test_cacheable_and_purged_on_publish(
    client, newsroom, settings, django_capture_on_commit_callbacks
):
    settings.DATELINE_PAGE_CACHE = "default"
    article = newsroom["Dams opened upstream"]
    detail = f"/api/v2/pages/{article.pk}/"
    first = client.get(detail)
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert client.get(detail)["X-Cache"] == "HIT"
    listing = client.get("/api/v2/pages/?type=newsroom.ArticlePage")
    assert "max-age=60" in listing["Cache-Control"]
    assert listing["Access-Control-Allow-Origin"] == "*"

    # Whole URLs, like the rest of the list: one purge batch per host.
    assert "http://127.0.0.1:8000" + detail in urls_showing_page(article)
    article.title = "Dams opened upstream overnight"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    again = client.get(detail)
    assert again["X-Cache"] == "MISS"
    assert json.loads(again.content)["title"] == "Dams opened upstream overnight"


@pytest.mark.django_db
def test_rate_limited_per_client(client, newsroom, settings):
    from rest_framework.settings import api_settings

    rates = {"api": "3/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    api_settings.reload()
    from dateline.api.endpoints import ClientThrottle

    ClientThrottle.THROTTLE_RATES = rates
    cache.clear()
    try:
        answers = [client.get(f"/api/v2/pages/?offset={n}") for n in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert int(answers[-1]["Retry-After"]) > 0
        other = client.get("/api/v2/pages/", REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 200, "another client has its own allowance"
    finally:
        ClientThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()
