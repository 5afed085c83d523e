"""The onion service as readers meet it: public pages name it in Onion-Location
(rendered, from the page cache and from a worker's memory alike), and a reader
who comes through it gets pages whose canonical, sharing and JSON-LD links
still name the public site."""

import os
import subprocess
import sys

import extruct
import pytest
from bs4 import BeautifulSoup
from django.core import signals
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from django.test import Client

from dateline.base import onion
from dateline.caching.tests.test_fast_path import Server
from dateline.comments.models import Comment
from dateline.live.models import Channel, WeeklySlot
from dateline.newsroom.models import Author

ONION_HOST = "dw5kqjgxbkvfmxcd7yx4iq7lwnpgxj6kj2svzbaohifz3g7yf4tcrvqd.onion"
ONION = f"http://{ONION_HOST}"
# The Site's root URL in tests (setup_newsroom): the public site.
PUBLIC = "http://127.0.0.1:8000"


@pytest.fixture
def onion_service(settings):
    settings.DATELINE_ONION_URL = ONION
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ONION_HOST]
    return ONION


@pytest.fixture
def story(asia, make_article):
    article = make_article(asia, title="Ferry crossings resume at dawn")
    article.authors.add(Author.objects.create(name="Ilse Maren", role="Reporter"))
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def test_public_pages_name_their_onion_address(client, onion_service, story, home, asia):
    for path in (home.url, asia.url, asia.url + "?page=2", story.url, "/en/tags/none/"):
        response = client.get(path)
        assert response["Onion-Location"] == ONION + path, path


def test_without_an_onion_service_no_page_names_one(client, settings, story):
    settings.DATELINE_ONION_URL = ""
    response = client.get(story.url)
    assert response.status_code == 200
    assert "Onion-Location" not in response


def test_only_pages_name_it_not_feeds_the_admin_or_pages_on_the_onion(
    client, onion_service, story, asia
):
    feed = client.get("/en/feeds/rss/")
    assert feed.status_code == 200 and "Onion-Location" not in feed
    assert "Onion-Location" not in client.get("/admin/login/")
    # Tor Browser ignores it on an onion site; the onion's own pages leave it out.
    through_tor = client.get(story.url, HTTP_HOST=ONION_HOST)
    assert through_tor.status_code == 200
    assert "Onion-Location" not in through_tor


@pytest.fixture
def page_cache(settings):
    settings.DATELINE_PAGE_CACHE = "default"
    # As Django's test client does: a request must not close the test's
    # database connection (and with it the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_cached_answers_carry_the_header_for_their_own_host(onion_service, page_cache, story):
    worker = Server()
    status, rendered, _ = worker.request(story.url)
    assert status == 200 and rendered["X-Cache"] == "MISS"
    _, from_memory, _ = worker.request(story.url)
    # Another worker: no copy in memory, the shared page cache's copy.
    _, from_page_cache, _ = Server().request(story.url)
    assert from_memory["X-Cache"] == from_page_cache["X-Cache"] == "HIT"
    assert worker.django_calls == 1
    for headers in (rendered, from_memory, from_page_cache):
        assert headers["Onion-Location"] == ONION + story.url

    # Through Tor: its own copies, without the header, in memory and shared.
    through_tor = {"HTTP_HOST": ONION_HOST}
    _, onion_rendered, body = worker.request(story.url, headers=through_tor)
    _, onion_from_memory, _ = worker.request(story.url, headers=through_tor)
    _, onion_from_page_cache, _ = Server().request(story.url, headers=through_tor)
    assert onion_rendered["X-Cache"] == "MISS" and worker.django_calls == 2
    assert onion_from_memory["X-Cache"] == onion_from_page_cache["X-Cache"] == "HIT"
    for headers in (onion_rendered, onion_from_memory, onion_from_page_cache):
        assert "Onion-Location" not in headers
    assert b"Ferry crossings resume at dawn" in body


def _absolute_urls(html: str) -> dict[str, list[str]]:
    """The absolute URLs a page gives machines and share buttons."""
    soup = BeautifulSoup(html, "html.parser")
    data = extruct.extract(html, syntaxes=["json-ld", "opengraph"], base_url=PUBLIC)
    found = {
        "canonical": [link["href"] for link in soup.select('link[rel="canonical"]')],
        "og:url": [
            value
            for og in data["opengraph"]
            for name, value in og["properties"]
            if name in ("og:url", "og:image", "article:author")
        ],
        "json-ld": [],
        "share": [],
    }

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            if not value.startswith("https://schema.org"):
                found["json-ld"].append(value)

    walk(data["json-ld"])
    for link in soup.select("nav.share a"):
        found["share"].append(link["href"])
    return found


def test_through_the_onion_an_article_still_names_the_public_site(client, onion_service, story):
    html = client.get(story.url, HTTP_HOST=ONION_HOST).content.decode()
    found = _absolute_urls(html)
    assert found["canonical"] == [PUBLIC + story.url]
    assert PUBLIC + story.url in found["og:url"]
    assert PUBLIC + "/en/authors/ilse-maren/" in found["json-ld"]
    assert PUBLIC + story.url in found["json-ld"]
    assert found["share"] and all(
        PUBLIC.replace(":", "%3A").replace("/", "%2F") + story.url.replace("/", "%2F") in url
        or url.startswith(("mailto:", "https://"))
        for url in found["share"]
    )
    # Nothing on the page names the onion address: readers who share it, and
    # the search engines that read it, get the public site.
    assert ONION_HOST not in html


def test_through_the_onion_listing_pages_still_name_the_public_site(
    client, onion_service, home, asia
):
    for path in (home.url, asia.url, asia.url + "?page=2"):
        html = client.get(path, HTTP_HOST=ONION_HOST).content.decode()
        found = _absolute_urls(html)
        expected = PUBLIC + path if "page=2" in path else PUBLIC + path.split("?")[0]
        assert found["canonical"] == [expected], path
        assert expected in found["og:url"], path
        assert ONION_HOST not in html, path


def test_through_the_onion_live_json_ld_names_the_public_site(client, onion_service, home):
    channel = Channel.objects.create(name="Dateline TV", slug="dateline-tv", is_default=True)
    WeeklySlot.objects.create(
        channel=channel, title="All day", start_time="00:00", end_time="00:00"
    )
    for path in ("/en/live/", "/en/live/audio/"):
        html = client.get(path, HTTP_HOST=ONION_HOST).content.decode()
        found = _absolute_urls(html)
        assert found["json-ld"], path
        assert all(url.startswith(PUBLIC) for url in found["json-ld"]), (path, found)
        assert PUBLIC + path in found["json-ld"]


def test_the_public_site_is_unchanged_beside_it(client, onion_service, story):
    """The request's own host, as before, for readers of the public site."""
    html = client.get(story.url).content.decode()
    found = _absolute_urls(html)
    assert found["canonical"] == [PUBLIC + story.url]
    assert "http://testserver/en/authors/ilse-maren/" in found["json-ld"]


# Tor straight to the app (the onion host), or through nginx's onion block
# (deploy/tor/nginx-onion.conf: the public host, marked secure).
READERS_ROUTES = {
    "to the app": {"HTTP_HOST": ONION_HOST},
    "through nginx": {"HTTP_HOST": "127.0.0.1:8000", "HTTP_X_FORWARDED_PROTO": "https"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("route", list(READERS_ROUTES))
def test_a_comment_posted_through_the_onion_is_accepted(onion_service, settings, story, route):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # As settings.py adds it (test_the_settings_let_the_onion_host_and_its_forms_in).
    settings.CSRF_TRUSTED_ORIGINS = [ONION]
    headers = READERS_ROUTES[route]
    reader = Client(enforce_csrf_checks=True)
    form = f"/en/comments/{story.pk}/"
    assert reader.get(form, **headers).status_code == 200
    response = reader.post(
        form,
        {
            "name": "Reader",
            "body": "Read through Tor.",
            "csrfmiddlewaretoken": reader.cookies["csrftoken"].value,
        },
        # Tor Browser names the page's origin, the onion address.
        HTTP_ORIGIN=ONION,
        **headers,
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Read through Tor."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        (ONION + "/", ONION),
        (" " + ONION + " ", ONION),
        ("https://" + ONION_HOST, "https://" + ONION_HOST),
    ],
)
def test_onion_address_setting_accepts_onion_urls(value, expected):
    assert onion.address(value) == expected


@pytest.mark.parametrize(
    "value",
    [ONION_HOST, "https://news.example.org", ONION + "/en/", "ftp://" + ONION_HOST, ONION + "?a=1"],
)
def test_a_mistyped_onion_address_stops_the_settings(value):
    with pytest.raises(ImproperlyConfigured):
        onion.address(value)


def test_the_settings_let_the_onion_host_and_its_forms_in(tmp_path):
    env = {
        **os.environ,
        "DATELINE_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "news.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
        "DATELINE_ONION_URL": ONION + "/",
    }
    code = (
        "from dateline import settings as s; "
        "print(s.DATELINE_ONION_URL, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == (
        f"{ONION} ['news.example.org', '{ONION_HOST}'] ['https://news.example.org', '{ONION}']"
    )
