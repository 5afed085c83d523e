"""Repeat views come from each worker's memory, before Django, and never stale.

These call the real WSGI application (Django's handler wrapped in the fast
path) as a server would; `django_calls` counts the requests that reached Django.
"""

import io

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import reverse

from dateline.caching.fast_path import FastPageCache
from dateline.newsroom.models import NewsTag

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cache-Control",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Type",
    "Content-Length",
    "Content-Language",
)


class Server:
    """One worker process's WSGI application, called the way granian calls it."""

    def __init__(self):
        self.django_calls = 0
        django_app = WSGIHandler()

        def counted(environ, start_response):
            self.django_calls += 1
            return django_app(environ, start_response)

        self.app = FastPageCache(counted)

    def request(self, path, method="GET", query="", secure=False, headers=None, body=b""):
        environ = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "https" if secure else "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            **(headers or {}),
        }
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"] = int(status.split()[0])
            started["headers"] = dict(response_headers)

        result = self.app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return started["status"], started["headers"], content


@pytest.fixture
def server(settings):
    settings.DATELINE_PAGE_CACHE = "default"
    # As Django's test client does: a request must not close the test's
    # database connection (and with it the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield Server()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def story(asia, make_article):
    article = make_article(asia, title="Harbour ferry returns after storm")
    article.tags.add(NewsTag.objects.create(name="Ferries", slug="ferries"))
    article.save_revision().publish()
    return article


@pytest.mark.django_db
def test_repeat_views_are_answered_without_django(server, story):
    status, miss, first = server.request(story.url)
    assert status == 200 and miss["X-Cache"] == "MISS"
    for _ in range(3):
        status, hit, again = server.request(story.url)
        assert status == 200 and hit["X-Cache"] == "HIT"
        assert again == first
    assert server.django_calls == 1


@pytest.mark.django_db
@pytest.mark.parametrize("secure", [False, True])
def test_hit_carries_the_same_security_headers_as_a_rendered_page(server, story, settings, secure):
    settings.SECURE_HSTS_SECONDS = 31536000
    server = Server()  # Django's middleware reads its settings when it starts
    _status, miss, _ = server.request(story.url, secure=secure)
    _status, hit, _ = server.request(story.url, secure=secure)
    assert server.django_calls == 1
    assert {k: v for k, v in hit.items() if k != "X-Cache"} == {
        k: v for k, v in miss.items() if k != "X-Cache"
    }
    for name in SECURITY_HEADERS:
        assert name in hit, name
    assert ("Strict-Transport-Security" in hit) is secure
    # A plain-HTTP request never gets the HTTPS copy (with HSTS), nor the reverse.
    _status, other, _ = server.request(story.url, secure=not secure)
    assert ("Strict-Transport-Security" in other) is (not secure)


@pytest.mark.django_db
def test_head_gets_the_headers_without_a_body(server, story):
    _status, _headers, body = server.request(story.url)
    status, headers, content = server.request(story.url, method="HEAD")
    assert status == 200 and headers["X-Cache"] == "HIT" and content == b""
    assert headers["Content-Length"] == str(len(body))
    assert server.django_calls == 1


@pytest.mark.django_db
def test_publishing_drops_the_copy_in_memory(
    server, story, asia, django_capture_on_commit_callbacks
):
    for url in (story.url, asia.url, "/en/tags/ferries/"):
        server.request(url)
        assert server.request(url)[1]["X-Cache"] == "HIT"
    calls = server.django_calls

    story.title = "Harbour ferry returns on a new timetable"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    for url in (story.url, asia.url, "/en/tags/ferries/"):
        _status, headers, content = server.request(url)
        assert headers["X-Cache"] == "MISS", url
        assert b"Harbour ferry returns on a new timetable" in content, url
    assert server.django_calls == calls + 3


@pytest.mark.django_db
def test_publishing_drops_the_copies_made_for_every_host(
    server, story, django_capture_on_commit_callbacks
):
    """Purges name the site's own host; a copy made for another allowed host
    must go too, from the shared cache as from memory."""
    hosts = [{"HTTP_HOST": "127.0.0.1:8000"}, {"HTTP_HOST": "localhost:8000"}]
    for host in hosts:
        server.request(story.url, headers=host)
        assert server.request(story.url, headers=host)[1]["X-Cache"] == "HIT"

    story.title = "Harbour ferry returns on a new timetable"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    another_worker = Server()
    for host in hosts:
        _status, headers, content = another_worker.request(story.url, headers=host)
        assert headers["X-Cache"] == "MISS", host
        assert b"Harbour ferry returns on a new timetable" in content, host


@pytest.mark.django_db
def test_a_purge_in_another_process_reaches_this_one(server, story):
    """Another worker's purge changes only the shared marker; this worker's copy
    must go all the same."""
    from dateline.caching.backends import EmbeddedPageCacheBackend

    server.request(story.url)
    server.request(story.url)
    EmbeddedPageCacheBackend({}).purge("http://127.0.0.1:8000" + story.url)
    _status, headers, _ = server.request(story.url)
    assert headers["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_unpublished_article_is_gone_at_once(server, story, django_capture_on_commit_callbacks):
    server.request(story.url)
    server.request(story.url)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert server.request(story.url)[0] == 404


@pytest.mark.django_db
def test_copy_lives_no_longer_than_the_shared_entry(server, story, settings, monkeypatch):
    import time

    settings.DATELINE_CACHE_SECONDS = 30
    server.request(story.url)
    server.request(story.url)
    assert server.django_calls == 1
    later = time.time() + 31
    monkeypatch.setattr(time, "time", lambda: later)
    server.request(story.url)
    assert server.django_calls == 2


@pytest.mark.django_db
def test_admin_posts_previews_and_cookie_pages_never_come_from_memory(
    server, story, admin_user, client
):
    for _ in range(2):
        status, headers, _ = server.request("/admin/login/")
        assert "X-Cache" not in headers
    form = reverse("comments:form", args=[story.pk])
    for _ in range(2):
        _status, headers, _ = server.request(form)
        assert "X-Cache" not in headers, "a page that sets a CSRF cookie is never shared"
    calls = server.django_calls
    server.request(story.url)
    server.request(story.url, method="POST")
    server.request(story.url, method="POST")
    assert server.django_calls == calls + 3

    client.force_login(admin_user)
    session = client.cookies["sessionid"].value
    story.title = "A draft headline nobody has published"
    story.save_revision()
    preview = reverse("wagtailadmin_pages:view_draft", args=[story.pk])
    for _ in range(2):
        status, headers, content = server.request(
            preview, headers={"HTTP_COOKIE": f"sessionid={session}"}
        )
        assert status == 200 and "X-Cache" not in headers
        assert "public" not in headers.get("Cache-Control", "")
        assert b"A draft headline nobody has published" in content


@pytest.mark.django_db
def test_options_names_only_the_methods_a_page_takes_and_is_never_cached(server, story, asia):
    for url in (story.url, story.url + "ninjs/", asia.url, "/en/", "/en/tags/ferries/"):
        server.request(url)
        _status, _headers, page = server.request(url)
        status, headers, body = server.request(url, method="OPTIONS")
        assert status == 200 and body == b"", url
        assert sorted(headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"], url
        assert "X-Cache" not in headers and "public" not in headers["Cache-Control"], url
        for method in ("PUT", "PATCH", "DELETE", "POST"):
            # Refused: 403 without a CSRF token, 405 with one.
            assert server.request(url, method=method)[0] in (403, 405), (url, method)
        status, headers, body = server.request(url)
        assert headers["X-Cache"] == "HIT" and body == page, url


@pytest.mark.django_db
def test_save_data_readers_get_their_own_copy(server, story):
    """The text-only page answers Save-Data at the page's own URL: neither
    copy may reach the other reader, from the page cache or from memory."""
    save_data = {"HTTP_SAVE_DATA": "on"}
    for _ in range(2):
        _status, lite_headers, lite = server.request(story.url, headers=save_data)
        _status, full_headers, full = server.request(story.url)
        assert b"<script" not in lite and b"<script" in full
        assert "Save-Data" in lite_headers["Vary"] and "Save-Data" in full_headers["Vary"]
    assert lite_headers["X-Cache"] == full_headers["X-Cache"] == "HIT"
    assert server.django_calls == 2
    # Another worker (its memory empty) finds each in the shared page cache.
    other = Server()
    _status, headers, lite = other.request(story.url, headers=save_data)
    assert headers["X-Cache"] == "HIT" and b"<script" not in lite
    _status, headers, full = other.request(story.url)
    assert headers["X-Cache"] == "HIT" and b"<script" in full
