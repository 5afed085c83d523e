"""Through real Varnish, PostgreSQL and Redis: an edit is visible everywhere
right after publishing, an unpublished story is gone, and Varnish keeps
serving when the app is down."""

import time
import urllib.error
import urllib.request

import pytest

from dateline.caching import stack as stack_tools
from dateline.conftest import production_stack, stack_python


@pytest.fixture(scope="module")
def stack():
    with production_stack("dateline-stack-", demo_articles=8) as running:
        yield running


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
    story = stack_python(stack, STORY)
    pages = [story["url"], story["section"], f"/en/tags/{story['tag']}/", "/en/", "/en/feeds/rss/"]
    for path in pages:
        get(stack, path)
        status, cache, body = get(stack, path)
        assert status == 200 and cache == "HIT", path
        assert story["title"] in body, path

    new_title = "Corrected: " + story["title"]
    stack_python(
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
    story = stack_python(stack, STORY)
    assert get(stack, story["url"])[0] == 200
    stack_python(
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
    story = stack_python(stack, STORY)
    for path in (story["url"], "/en/"):
        get(stack, path)
        assert get(stack, path)[1] == "HIT"
    stack_tools.stop_app(stack)
    for path in (story["url"], "/en/"):
        status, _cache, body = get(stack, path)
        assert status == 200 and story["title"] in body, path
