"""Failure behaviour with real servers (PostgreSQL, Redis, the app under
granian, Varnish in front), taken down one at a time: Redis, then PostgreSQL,
then the app. Tests run in file order on one stack; each stops one more server."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from dateline.caching import stack as stack_tools
from dateline.conftest import production_stack, stack_python

from .killing import publish_and_kill

# A stack or site of its own: the same whatever database the run uses.
# Once per CI, in its PostgreSQL run: the SQLite run has the browser tests.
pytestmark = [pytest.mark.once, pytest.mark.stack]

# Varnish keeps a page for this long before asking the app again, so by the
# time PostgreSQL is stopped the cached pages are stale and served from grace.
CACHE_SECONDS = 2


def _cannot_start(exc):
    pytest.skip(f"the production stack cannot start here: {exc}")


@pytest.fixture(scope="module")
def stack():
    app_env = {"DATELINE_CACHE_SECONDS": str(CACHE_SECONDS)}
    with production_stack("dateline-outages-", 4, app_env, on_error=_cannot_start) as running:
        yield running


STORY = """
import json
from dateline.newsroom.models import ArticlePage
english = ArticlePage.objects.live().filter(locale__language_code="en")
a = english.order_by("-first_published_at").first()
print(json.dumps({"id": a.pk, "url": a.url, "title": a.title, "section": a.get_parent().url}))
"""


def fetch(url: str, data: dict | None = None, opener=None) -> tuple[int, Any, str, float]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    started = time.monotonic()
    try:
        with (opener or urllib.request.build_opener()).open(url, body, timeout=15) as response:
            status, headers, text = response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        status, headers, text = error.code, error.headers, error.read().decode()
    return status, headers, text, time.monotonic() - started


def via_varnish(stack, path: str):
    return fetch(f"http://127.0.0.1:{stack.varnish_port}{path}")


def via_app(stack, path: str, **kwargs):
    return fetch(f"http://127.0.0.1:{stack.app_port}{path}", **kwargs)


def test_publish_killed_midway_leaves_previous_version_live(stack):
    story = stack_python(stack, STORY)
    new_revision = publish_and_kill(stack.env, story["id"], "Killed mid-publish")
    status, _headers, html, _ = via_app(stack, story["url"])
    assert status == 200 and story["title"] in html and "Killed mid-publish" not in html
    state = stack_python(
        stack,
        f"""
import json
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.get(pk={story["id"]})
print(json.dumps({{"title": a.title, "live": a.live, "latest": a.latest_revision_id,
    "live_revision": a.live_revision_id,
    "draft": a.get_latest_revision_as_object().title}}))
""",
    )
    assert state["live"] and state["title"] == story["title"]
    assert state["latest"] == new_revision != state["live_revision"]
    assert state["draft"] == "Killed mid-publish"


def test_pages_and_comments_work_without_redis(stack):
    story = stack_python(stack, STORY)
    stack_tools._kill_pidfile(stack.root / "redis.pid")
    paths = (story["url"], story["section"], "/en/", "/en/search/?q=news")
    # The first views find Redis gone (each worker once) and render cold: they
    # may take a while on a loaded machine, but not a timeout per cache call
    # (a page makes dozens: that would be tens of seconds).
    for path in paths:
        status, _headers, _html, seconds = via_app(stack, path)
        assert status == 200, path
        assert seconds < 10, (path, seconds)
    # Then every view goes without waiting on Redis at all.
    for path in paths:
        status, _headers, _html, seconds = via_app(stack, path)
        assert status == 200, path
        assert seconds < 3, (path, seconds)

    # The comment rate limit lives in Redis and fails open (see moderation.py).
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form_url = f"http://127.0.0.1:{stack.app_port}/en/comments/{story['id']}/"
    status, _headers, form, _ = fetch(form_url, opener=opener)
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    status, _headers, _html, _ = fetch(
        form_url,
        {"csrfmiddlewaretoken": token, "name": "Reader", "body": "Posted while Redis is down"},
        opener=opener,
    )
    assert status == 200  # followed the redirect to the thank-you page
    found = stack_python(
        stack,
        """
import json
from dateline.comments.models import Comment
print(json.dumps(Comment.objects.filter(body="Posted while Redis is down").count()))
""",
    )
    assert found == 1
    assert "Redis at" in (stack.root / "app.log").read_text()


def test_database_down_serves_cache_and_a_plain_503(stack):
    story = stack_python(stack, STORY)
    cached = [story["url"], "/en/"]
    for path in cached:
        via_varnish(stack, path)
    stack_tools._as_postgres(
        f"{stack_tools._pg_bin('pg_ctl')} -D {stack.root / 'pg' / 'data'} -m fast -w stop"
    )
    stack.started.remove("postgres")
    stack.save()
    time.sleep(CACHE_SECONDS + 1)  # the cached copies are now stale: grace serves them

    for path in cached:
        status, _headers, html, _ = via_varnish(stack, path)
        assert status == 200 and story["title"] in html, path

    for path in ("/en/search/?q=never-cached", story["section"] + "?page=2"):
        status, headers, html, _ = via_varnish(stack, path)
        assert status == 503, path
        assert headers.get("Retry-After") == "60", path
        assert "Temporarily unavailable" in html and "Traceback" not in html

    status, headers, html, _ = via_app(stack, "/admin/login/")
    assert status == 503 and headers.get("Retry-After") == "60"
    assert "The database is unavailable" in html


def test_app_down_varnish_serves_cached_pages_and_a_plain_503(stack):
    via_varnish(stack, "/en/")
    status, _headers, html, _ = via_varnish(stack, "/en/")
    assert status == 200
    stack_tools.stop_app(stack)
    status, _headers, after, _ = via_varnish(stack, "/en/")
    assert status == 200 and after == html

    status, headers, page, _ = via_varnish(stack, "/en/search/?q=app-down")
    assert status == 503 and headers.get("Retry-After") == "60"
    assert "Temporarily unavailable" in page and "Guru Meditation" not in page
    # In the edition's language (right to left in Arabic).
    status, _headers, page, _ = via_varnish(stack, "/ar/search/?q=app-down")
    assert status == 503 and '<html lang="ar" dir="rtl">' in page
