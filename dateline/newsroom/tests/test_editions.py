"""Only editions that exist answer: a language prefix without a front page of
its own is a 404 for everything under it, not a copy of the English site."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

# Everything an edition serves, by kind: {prefix} is the language, {article}
# and {section} the English story's and section's paths after the prefix.
EDITION_PATHS = {
    "front page": "/{prefix}/",
    "article": "/{prefix}/{article}",
    "ninjs": "/{prefix}/{article}ninjs/",
    "section": "/{prefix}/{section}",
    "search": "/{prefix}/search/?q=bridge",
    "live": "/{prefix}/live/",
    "live audio": "/{prefix}/live/audio/",
    "on air": "/{prefix}/live/on-air.json",
    "breaking banner": "/{prefix}/stories/breaking.json",
    "corrections": "/{prefix}/corrections/",
    "comments": "/{prefix}/comments/{article_id}/",
    "feed": "/{prefix}/feeds/rss/",
    "section feed": "/{prefix}/feeds/sections/{section_id}/atom/",
    "sitemap": "/{prefix}/sitemap.xml",
    "sign-in": "/{prefix}/_util/login/",
}


@pytest.fixture
def story(asia, make_article):
    return make_article(asia)


def edition_url(kind, prefix, story, section):
    return EDITION_PATHS[kind].format(
        prefix=prefix,
        article=story.url.removeprefix("/en/"),
        article_id=story.pk,
        section=section.url.removeprefix("/en/"),
        section_id=section.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["fr", "ar"])
@pytest.mark.parametrize("kind", list(EDITION_PATHS))
def test_prefix_without_an_edition_answers_404(client, story, asia, prefix, kind):
    response = client.get(edition_url(kind, prefix, story, asia))
    assert response.status_code == 404
    assert story.title not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["front page", "article", "section", "search", "live", "feed"])
def test_the_english_edition_still_answers(client, story, asia, kind):
    response = client.get(edition_url(kind, "en", story, asia))
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_edition_answers_once_its_front_page_exists(client, story, make_edition):
    assert client.get("/es/").status_code == 404
    spanish = make_edition("es")
    response = client.get("/es/")
    assert response.status_code == 200
    assert spanish.title in response.content.decode()
    assert client.get("/es/feeds/rss/").status_code == 200
    # The English story is not in the Spanish edition: it is not copied there.
    assert client.get(edition_url("article", "es", story, story)).status_code == 404


def editions_queries(client, url) -> list:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q for q in ctx.captured_queries if '"translation_key" IN (SELECT' in q["sql"]]


@pytest.mark.django_db
def test_knowing_the_editions_costs_no_query_once_warm(client, story, asia):
    assert len(editions_queries(client, story.url)) == 1
    for url in [story.url, edition_url("article", "fr", story, asia)]:
        assert editions_queries(client, url) == [], url


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/live/", "/news/"])
def test_an_address_without_a_language_leads_to_an_edition_that_exists(client, news, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == f"/en{path}"


@pytest.mark.django_db
def test_a_draft_translation_of_the_front_page_opens_no_edition(client, home):
    """*Translate* leaves a draft: the edition opens when an editor publishes it."""
    draft = home.copy_for_translation(Locale.objects.create(language_code="es"))
    assert not draft.live
    assert client.get("/es/").status_code == 404
    draft.save_revision().publish()
    assert client.get("/es/").status_code == 200
