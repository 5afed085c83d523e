"""Through real Varnish, PostgreSQL and Redis: an edit is visible everywhere
right after publishing, an unpublished story is gone, and Varnish keeps
serving when the app is down."""

import gzip
import http.client
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import brotli
import pytest

from dateline.caching import stack as stack_tools
from dateline.conftest import production_stack, stack_python

# A stack or site of its own: the same whatever database the run uses.
# Once per CI, in its PostgreSQL run: the SQLite run has the browser tests.
pytestmark = [pytest.mark.once, pytest.mark.stack]
ONION_HOST = "dw5kqjgxbkvfmxcd7yx4iq7lwnpgxj6kj2svzbaohifz3g7yf4tcrvqd.onion"
ONION = f"http://{ONION_HOST}"


@pytest.fixture(scope="module")
def stack():
    app_env = {"DATELINE_ONION_URL": ONION}
    with production_stack("dateline-stack-", demo_articles=8, app_env=app_env) as running:
        yield running


STORY = """
import json
from dateline.newsroom.models import ArticlePage
english = ArticlePage.objects.live().filter(locale__language_code="en")
tagged = english.filter(tagged_items__isnull=False)
a = tagged.order_by("-first_published_at").first()
section = a.get_parent()
print(json.dumps({"id": a.pk, "url": a.url, "title": a.title, "section": section.url,
                  "tag": a.tags.first().slug}))
"""


def retitle(stack, article_id: int, new_title: str) -> None:
    """Publish a new headline on the article, as an editor's Publish does."""
    stack_python(
        stack,
        f"""
import json
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.get(pk={article_id}).get_latest_revision_as_object()
a.title = {new_title!r}
a.save_revision().publish()
print(json.dumps({{}}))
""",
    )


def get(stack, path: str) -> tuple[int, str, str]:
    url = f"http://127.0.0.1:{stack.varnish_port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("X-Cache", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache", ""), ""


# Varnish keeps one copy per encoding: each must be purged.
ENCODINGS = {None: bytes, "gzip": gzip.decompress, "gzip, deflate, br": brotli.decompress}


def read_as(stack, path: str, accept: str | None) -> tuple[int, str, str]:
    status, headers, body = fetch_encoded(stack, path, accept)
    return status, headers.get("x-cache", ""), ENCODINGS[accept](body).decode()


def test_published_edit_shows_everywhere_through_varnish(stack):
    story = stack_python(stack, STORY)
    pages = [story["url"], story["section"], f"/en/tags/{story['tag']}/", "/en/", "/en/feeds/rss/"]
    for path in pages:
        for accept in ENCODINGS:
            read_as(stack, path, accept)
            status, cache, body = read_as(stack, path, accept)
            assert status == 200 and cache == "HIT", (path, accept)
            assert story["title"] in body, (path, accept)

    new_title = "Corrected: " + story["title"]
    retitle(stack, story["id"], new_title)
    published = time.monotonic()
    for path in pages:
        status, _cache, body = read_as(stack, path, None)
        assert status == 200 and new_title in body, path
    assert time.monotonic() - published < 5
    # Every encoding's copy was purged too (brotli readers once kept the old page).
    for path in pages:
        for accept in ENCODINGS:
            status, _cache, body = read_as(stack, path, accept)
            assert status == 200 and new_title in body, (path, accept)


OPEN_FOR_COMMENTS = """
import json
from wagtail.models import Site
from dateline.comments.models import CommentSettings
from dateline.comments.moderation import closed_reason
from dateline.newsroom.models import ArticlePage
rules = CommentSettings.for_site(Site.objects.get(is_default_site=True))
english = ArticlePage.objects.live().filter(locale__language_code="en")
articles = english.order_by("-first_published_at")
print(json.dumps({"id": next(a.pk for a in articles if closed_reason(a, rules) is None)}))
"""


def post_comment(stack, form: str, forwarded_for: str) -> int:
    """A reader's comment through Varnish, as a browser posts it (the form's
    CSRF token and cookie), claiming to be forwarded for `forwarded_for`."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.varnish_port, timeout=10)
    try:
        connection.request("GET", form, headers={"X-Forwarded-For": forwarded_for})
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "name": "Lale", "body": "Thanks for the report."}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": forwarded_for,
        }
        connection.request("POST", form, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_forged_x_forwarded_for_cannot_dodge_the_comment_rate_limit(stack):
    """Varnish appends the address it saw to whatever X-Forwarded-For the reader
    sent; a reader who sends a new one with each post is still one reader."""
    form = f"/en/comments/{stack_python(stack, OPEN_FOR_COMMENTS)['id']}/"
    limit = 5  # DATELINE_COMMENT_RATE's default
    statuses = [post_comment(stack, form, f"198.51.100.{n}") for n in range(limit + 2)]
    assert statuses == [302] * limit + [429, 429]


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


def fetch_encoded(stack, path: str, accept: str | None):
    """Status, headers (lower-case names) and the body as Varnish sent it."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.varnish_port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": accept} if accept else {})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def fetch_saving_data(stack, path: str, save_data: str | None) -> tuple[str, str]:
    """(X-Cache, page) for a reader whose browser says Save-Data: `save_data`."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.varnish_port, timeout=30)
    try:
        connection.request("GET", path, headers={"Save-Data": save_data} if save_data else {})
        response = connection.getresponse()
        assert response.status == 200, path
        assert "Save-Data" in response.getheader("Vary", ""), path
        return response.getheader("X-Cache", ""), response.read().decode()
    finally:
        connection.close()


def test_save_data_gets_the_text_only_page_through_varnish(stack):
    story = stack_python(stack, STORY)
    path = story["section"]
    for spelling in ("on", None, "On", None, " on ", "off"):
        fetch_saving_data(stack, path, spelling)
    # One copy for Save-Data (whatever its spelling) and one for everyone else.
    for spelling in ("on", "ON", " on "):
        cache, page = fetch_saving_data(stack, path, spelling)
        assert cache == "HIT" and "<script" not in page and "Full version" in page, spelling
    for spelling in (None, "off"):
        cache, page = fetch_saving_data(stack, path, spelling)
        assert cache == "HIT" and "<script" in page, spelling

    # A publish purges both copies, and the text-only twin's own address.
    new_title = "Text-only check: " + story["title"]
    retitle(stack, story["id"], new_title)
    for spelling in ("on", None):
        _cache, page = fetch_saving_data(stack, path, spelling)
        assert new_title in page, spelling
    twin = path.replace("/en/", "/en/lite/", 1)
    _cache, page = fetch_saving_data(stack, twin, None)
    assert new_title in page and "<script" not in page


def test_pages_are_compressed_through_varnish(stack):
    story = stack_python(stack, STORY)
    for path in (story["url"], "/en/feeds/rss/"):
        fetch_encoded(stack, path, None)
        status, headers, plain = fetch_encoded(stack, path, None)
        assert status == 200 and headers["x-cache"] == "HIT", path
        assert "content-encoding" not in headers, path  # no Accept-Encoding: identity
        assert "Accept-Encoding" in headers["vary"], path
        for accept, encoding, decode in (
            ("gzip, deflate, br", "br", brotli.decompress),
            ("gzip, deflate", "gzip", gzip.decompress),
        ):
            fetch_encoded(stack, path, accept)
            status, headers, body = fetch_encoded(stack, path, accept)
            assert status == 200 and headers["x-cache"] == "HIT", (path, accept)
            assert headers["content-encoding"] == encoding, (path, accept)
            assert "Accept-Encoding" in headers["vary"], (path, accept)
            assert len(body) < len(plain) / 2 and decode(body) == plain, (path, accept)


def varnish_counter(stack, name: str) -> int:
    out = subprocess.run(
        ["varnishstat", "-n", str(stack.root / "varnish"), "-1", "-f", f"MAIN.{name}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    return int(out.split()[1]) if out.strip() else 0


def test_a_client_without_compression_gets_a_stored_plain_copy(stack):
    """Varnish would otherwise unzip its gzip copy on every hit for such a client."""
    story = stack_python(stack, STORY)
    fetch_encoded(stack, story["url"], "gzip")
    fetch_encoded(stack, story["url"], None)
    before = varnish_counter(stack, "n_gunzip")
    for _ in range(5):
        status, headers, body = fetch_encoded(stack, story["url"], None)
        assert status == 200 and headers["x-cache"] == "HIT"
        assert "content-encoding" not in headers and body.startswith(b"<!")
        assert int(headers["content-length"]) == len(body)
    assert varnish_counter(stack, "n_gunzip") == before


def test_varnish_copies_carry_onion_location_for_the_public_host_only(stack):
    """The app sets it before Varnish keeps the page; Varnish keeps a copy per
    host, so a reader through the onion never gets the public copy's header."""
    story = stack_python(stack, STORY)
    for host, expected in ((None, ONION + story["url"]), (ONION_HOST, None)):
        answers = []
        for _ in range(2):
            connection = http.client.HTTPConnection("127.0.0.1", stack.varnish_port, timeout=30)
            try:
                connection.request("GET", story["url"], headers={"Host": host} if host else {})
                response = connection.getresponse()
                response.read()
                answers.append((response.status, response.getheader("X-Cache")))
                assert response.getheader("Onion-Location") == expected, (host, answers)
            finally:
                connection.close()
        assert answers[-1] == (200, "HIT"), host


# Last: it stops the app.
def test_varnish_serves_cached_pages_while_the_app_is_down(stack):
    story = stack_python(stack, STORY)
    for path in (story["url"], "/en/"):
        get(stack, path)
        assert get(stack, path)[1] == "HIT"
    stack_tools.stop_app(stack)
    for path in (story["url"], "/en/"):
        status, _cache, body = get(stack, path)
        assert status == 200 and story["title"] in body, path
