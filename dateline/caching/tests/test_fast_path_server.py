"""Through the real server: two granian workers, each with its own in-memory
copies, and a publish from another process. No worker may keep showing the old
version."""

import http.client
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

from dateline.conftest import _free_port

SLUG = "valley-towns-reopen-mountain-road-as-winter-nears"
CONNECTIONS = 24  # fresh connections, spread over both workers


def _env(data_dir):
    env = {**os.environ, "DATELINE_DATA_DIR": str(data_dir), "DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _manage(data_dir, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=_env(data_dir),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout.strip()


def _set_title(data_dir, title: str) -> None:
    _manage(
        data_dir,
        "from dateline.newsroom.models import ArticlePage\n"
        f"a = ArticlePage.objects.get(slug={SLUG!r})\n"
        f"a.title = {title!r}\n"
        "a.save_revision().publish()\n",
    )


def _get(base: str, path: str, method: str = "GET", host: str | None = ""):
    """One request on a new connection (so the two workers share the load), with
    the Host header `host` names (None: no Host header; empty: the server's)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=bool(host) or host is None)
        if host:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def two_workers(demo_server, demo_data_dir):
    """A second server with two workers on the demo site's data: same database,
    same shared page cache, same generation marker."""
    port = _free_port()
    log = open(demo_data_dir / "two-workers.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve"]
        + ["--port", str(port), "--workers", "2", "--no-scheduler"],
        env=_env(demo_data_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(base, "/en/")[0] == 200:
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((demo_data_dir / "two-workers.log").read_text()) from None
            time.sleep(0.3)
    yield base
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)
    log.close()


def test_every_worker_shows_a_published_edit_at_once(two_workers, demo_data_dir):
    path = _manage(
        demo_data_dir,
        "from dateline.newsroom.models import ArticlePage\n"
        f"print(ArticlePage.objects.get(slug={SLUG!r}).url)",
    ).splitlines()[-1]
    original = _manage(
        demo_data_dir,
        "from dateline.newsroom.models import ArticlePage\n"
        f"print(ArticlePage.objects.get(slug={SLUG!r}).title)",
    ).splitlines()[-1]
    front = path.rsplit("/", 2)[0] + "/"  # the article's section front
    for url in (path, front):
        _get(two_workers, url)
        responses = [_get(two_workers, url) for _ in range(CONNECTIONS)]
        assert all(r[0] == 200 and r[1]["x-cache"] == "HIT" for r in responses), url
    try:
        _set_title(demo_data_dir, "Mountain road opens a week early")
        for url in (path, front):
            for status, _headers, body in [_get(two_workers, url) for _ in range(CONNECTIONS)]:
                assert status == 200
                assert b"Mountain road opens a week early" in body, url
                assert original.encode() not in body, url
    finally:
        _set_title(demo_data_dir, original)
    assert all(original.encode() in _get(two_workers, path)[2] for _ in range(CONNECTIONS))


def test_head_hit_has_headers_and_no_body(two_workers, demo_data_dir):
    _status, headers, body = _get(two_workers, "/en/")
    for _ in range(4):
        status, head, content = _get(two_workers, "/en/", method="HEAD")
        assert status == 200 and content == b""
        assert head["x-cache"] == "HIT"
        assert head["content-length"] == str(len(body))
        assert head["content-security-policy"] == headers["content-security-policy"]


def test_cached_page_answers_400_to_a_host_that_is_not_allowed(demo_server):
    _get(demo_server, "/en/")
    status, headers, _body = _get(demo_server, "/en/")
    assert status == 200 and headers["x-cache"] == "HIT"
    for host in ("evil.example", "evil.example:80", None):
        assert _get(demo_server, "/en/", host=host)[0] == 400, host


def test_page_cached_for_one_host_is_not_served_with_its_links_to_another(
    demo_server, demo_data_dir
):
    """Each allowed host gets the page as Django renders it for that host: a
    copy made for localhost never reaches readers on 127.0.0.1, in either the
    worker's memory or the shared page cache."""
    port = urlsplit(demo_server).port
    article = _manage(
        demo_data_dir,
        "from dateline.newsroom.models import ArticlePage\n"
        f"print(ArticlePage.objects.get(slug={SLUG!r}).url)",
    ).splitlines()[-1]
    # A query string of its own, so no other test's copies are in the way.
    for path in (article + "?hosts=1", "/en/feeds/rss/?hosts=1"):
        for _ in range(2):
            status, headers, body = _get(demo_server, path, host=f"localhost:{port}")
            assert status == 200 and f"//localhost:{port}/".encode() in body, path
        assert headers["x-cache"] == "HIT", path
        for _ in range(2):
            status, headers, body = _get(demo_server, path, host=f"127.0.0.1:{port}")
            assert status == 200 and b"//localhost" not in body, path
        assert headers["x-cache"] == "HIT", path


def test_a_cached_article_made_private_stops_answering_at_once(
    two_workers, demo_data_dir, private_way
):
    """Through the real server's page cache: the article and its ninjs/ stop
    answering with the text as soon as the restriction is saved, on every worker."""
    restriction_type, on_section = private_way
    found = "from dateline.newsroom.models import ArticlePage\n" + (
        f"a = ArticlePage.objects.get(slug={SLUG!r})\n"
    )
    path, title = _manage(demo_data_dir, found + "print(a.url)\nprint(a.title)").splitlines()[-2:]
    urls = (path, path + "ninjs/")
    for url in urls:
        _get(two_workers, url)
        assert all(_get(two_workers, url)[1]["x-cache"] == "HIT" for _ in range(CONNECTIONS))
    restriction = _manage(
        demo_data_dir,
        found
        + "from wagtail.models import PageViewRestriction\n"
        + f"page = a.get_parent() if {on_section} else a\n"
        + "print(PageViewRestriction.objects.create(page=page, "
        + f"restriction_type={restriction_type!r}, password='members-only-1').pk)",
    ).splitlines()[-1]
    try:
        for url in urls:
            for status, _headers, body in [_get(two_workers, url) for _ in range(CONNECTIONS)]:
                assert not (status == 200 and title.encode() in body), url
    finally:
        _manage(
            demo_data_dir,
            "from wagtail.models import PageViewRestriction\n"
            f"PageViewRestriction.objects.filter(pk={restriction}).delete()",
        )
    assert all(title.encode() in _get(two_workers, path)[2] for _ in range(CONNECTIONS))
