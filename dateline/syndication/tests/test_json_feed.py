"""JSON Feed 1.1 beside every RSS and Atom feed: read back as a client reads it,
checked against a schema of the format (jsonfeed-1.1.schema.json, written from
the specification's facts), advertised on pages and purged with them."""

import json
from pathlib import Path

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from dateline.caching.purge import urls_showing_page

from .test_feeds import mina, sport, stories  # noqa: F401 - fixtures

SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text())
BASE = "http://testserver"


def read_json(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    jsonschema.validate(feed, SCHEMA)
    return feed


@pytest.mark.django_db
def test_the_edition_feed_in_json_has_what_rss_has(client, stories):  # noqa: F811
    feed = read_json(client, "/en/feeds/json/")
    rss = feedparser.parse(client.get("/en/feeds/rss/").content)

    assert feed["title"] == rss.feed.title
    assert feed["feed_url"] == BASE + "/en/feeds/json/"
    assert feed["language"] == "en"
    assert [item["url"] for item in feed["items"]] == [entry.link for entry in rss.entries]
    assert [item["title"] for item in feed["items"]] == [entry.title for entry in rss.entries]
    ferry = feed["items"][0]
    assert ferry["title"] == "Ferry service resumes across the strait"
    assert "Crossings restart after three weeks." in ferry["content_html"]
    assert ferry["summary"].startswith("Crossings restart after three weeks.")
    assert ferry["authors"] == [{"name": "Mina Sadeghi"}]
    assert {"Transport", "Strait of Kerr"} <= set(ferry["tags"])
    assert ferry["image"].startswith(BASE + "/media/images/")
    assert ferry["date_published"].endswith(("Z", "+00:00"))
    assert "Secret draft" not in json.dumps(feed)


@pytest.mark.django_db
def test_full_text_section_tag_and_author_feeds(client, stories, asia, mina):  # noqa: F811
    full = read_json(client, "/en/feeds/json/?full=1")["items"][0]
    assert "We are glad to be back." in full["content_html"]
    assert 'href="http://testserver/en/news/"' in full["content_html"]

    for url, expected in [
        (f"/en/feeds/sections/{asia.pk}/json/", "Ferry service resumes across the strait"),
        ("/en/feeds/tags/transport/json/", "Ferry service resumes across the strait"),
        (f"/en/feeds/authors/{mina.slug}/json/", "Ferry service resumes across the strait"),
    ]:
        assert [item["title"] for item in read_json(client, url)["items"]] == [expected], url
    assert client.get("/en/feeds/tags/no-such-tag/json/").status_code == 404


@pytest.mark.django_db
def test_pages_advertise_it_and_a_publish_purges_it(client, stories, asia):  # noqa: F811
    head = BeautifulSoup(client.get(stories["ferry"].url).content, "html.parser").head
    json_links = [
        link["href"]
        for link in head.find_all("link", rel="alternate", type="application/feed+json")
    ]
    assert json_links == ["/en/feeds/json/", f"/en/feeds/sections/{asia.pk}/json/"]

    purged = urls_showing_page(stories["ferry"])
    for path in (
        "/en/feeds/json/",
        "/en/feeds/json/?full=1",
        f"/en/feeds/sections/{asia.pk}/json/",
        "/en/feeds/tags/transport/json/",
    ):
        assert any(url.endswith(path) for url in purged), path


@pytest.mark.django_db
def test_corrections_feed_in_json(client, stories):  # noqa: F811
    feed = read_json(client, "/en/corrections/json/")
    assert feed["items"] == [] or all("id" in item for item in feed["items"])
    page = BeautifulSoup(client.get("/en/corrections/").content, "html.parser")
    assert page.head.find("link", type="application/feed+json")["href"] == "/en/corrections/json/"
