"""Through real Varnish, PostgreSQL and Redis: an edit is visible everywhere
right after publishing, an unpublished story is gone, and Varnish keeps
serving when the app is down."""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dateline.caching import stack as stack_tools


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack():
    root = Path(tempfile.mkdtemp(prefix="dateline-stack-"))
    running = stack_tools.up(
        root,
        demo_articles=8,
        app_port=free_port(),
        varnish_port=free_port(),
        varnish_admin_port=free_port(),
        pg_port=free_port(),
        redis_port=free_port(),
    )
    yield running
    stack_tools.down(root)


def in_app(stack, code: str) -> dict:
    """Run newsroom code against the stack's database, as the admin would."""
    env = {**os.environ, **stack.env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


STORY = """
import json
from dateline.newsroom.models import ArticlePage
tagged = ArticlePage.objects.live().filter(tagged_items__isnull=False)
a = tagged.order_by("-first_published_at").first()
section = a.get_parent()
print(json.dumps({"id": a.pk, "url": a.url, "title": a.title, "section": section.url,
                  "tag": a.tags.first().slug}))
"""


def get(stack, path: str) -> tuple[int, str, str]:
    url = f"http://127.0.0.1:{stack.varnish_port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("X-Cache", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache", ""), ""


def test_published_edit_shows_everywhere_through_varnish(stack):
    story = in_app(stack, STORY)
    pages = [story["url"], story["section"], f"/en/tags/{story['tag']}/", "/en/", "/en/feeds/rss/"]
    for path in pages:
        get(stack, path)
        status, cache, body = get(stack, path)
        assert status == 200 and cache == "HIT", path
        assert story["title"] in body, path

    new_title = "Corrected: " + story["title"]
    in_app(
        stack,
        f"""
import json
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.get(pk={story["id"]}).get_latest_revision_as_object()
a.title = {new_title!r}
a.save_revision().publish()
print(json.dumps({{}}))
""",
    )
    published = time.monotonic()
    for path in pages:
        status, _cache, body = get(stack, path)
        assert status == 200 and new_title in body, path
    assert time.monotonic() - published < 5


def test_unpublished_article_answers_404_through_varnish(stack):
    story = in_app(stack, STORY)
    assert get(stack, story["url"])[0] == 200
    in_app(
        stack,
        f"""
import json
from dateline.newsroom.models import ArticlePage
ArticlePage.objects.get(pk={story["id"]}).unpublish()
print(json.dumps({{}}))
""",
    )
    assert get(stack, story["url"])[0] == 404


def test_varnish_serves_cached_pages_while_the_app_is_down(stack):
    story = in_app(stack, STORY)
    for path in (story["url"], "/en/"):
        get(stack, path)
        assert get(stack, path)[1] == "HIT"
    stack_tools.stop_app(stack)
    for path in (story["url"], "/en/"):
        status, _cache, body = get(stack, path)
        assert status == 200 and story["title"] in body, path
