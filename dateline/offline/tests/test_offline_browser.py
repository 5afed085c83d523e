"""A reader in Chromium loses the connection: the stories the edition's worker
saved from the front page still open, with the time they were saved; the
admin, forms and answers that set a cookie were never saved."""

import html
import json
import re
import time
import urllib.request
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.once

# Every saved URL's path, by cache: what the page's origin keeps.
SAVED_PATHS = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    found[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
  }
  return found;
}"""

# True once the worker controls the page and has stored the list, which it
# does last, when every page of the list is saved.
LIST_SAVED = """async (list) => {
  if (!navigator.serviceWorker.controller) return false;
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(list)) return true;
  }
  return false;
}"""


def _listing(base: str, language: str = "en") -> dict:
    with urllib.request.urlopen(f"{base}/{language}/offline.json", timeout=60) as response:
        return json.loads(response.read())


def _headline(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        page = response.read().decode()
    return html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).strip()


def _open_front_page_and_wait_for_the_save(page, base: str) -> None:
    page.goto(base + "/en/")
    # Each story's first view on the test server makes its renditions: slow.
    deadline = time.monotonic() + 180
    while not page.evaluate(LIST_SAVED, "/en/offline.json"):
        assert time.monotonic() < deadline, "the worker saved nothing in 180 s"
        time.sleep(0.5)


def test_offline_reader_opens_a_saved_story_with_the_time_it_was_saved(demo_server, browser):
    listing = _listing(demo_server)
    stories = [story["url"] for story in listing["stories"]]
    assets = [asset["url"] for asset in listing["assets"]]
    story = stories[1]  # never opened online: only the worker has it
    headline = _headline(demo_server + story)
    context = browser.new_context()
    page = context.new_page()
    try:
        _open_front_page_and_wait_for_the_save(page, demo_server)
        saved = {path for paths in page.evaluate(SAVED_PATHS).values() for path in paths}
        assert {"/en/", *stories, *assets} <= saved

        context.set_offline(True)
        page.goto(demo_server + story)
        assert page.locator("main h1").first.inner_text().strip() == headline
        note = page.locator("main .offline-note")
        saved_at = note.locator("time").get_attribute("datetime")
        assert abs((datetime.now(UTC) - datetime.fromisoformat(saved_at)).total_seconds()) < 600
        # The time of day, as the reader's clock and the edition's language write it.
        clock = page.evaluate(
            "at => new Intl.DateTimeFormat('en', {hour: '2-digit', minute: '2-digit'})"
            ".format(new Date(at))",
            saved_at,
        )
        assert note.inner_text().strip() == f"Saved {clock} — you are offline"
        # Styled as online: the worker kept the stylesheet beside the pages.
        assert note.evaluate("n => getComputedStyle(n).borderInlineStartWidth") == "4px"

        # A page the worker did not save is not there offline.
        with pytest.raises(PlaywrightError):
            page.goto(demo_server + "/en/search/?q=harbour")
    finally:
        context.close()


def test_worker_never_keeps_the_admin_forms_or_answers_with_a_cookie(demo_server, browser):
    stories = [story["url"] for story in _listing(demo_server)["stories"]]
    private_story = stories[2]
    context = browser.new_context()

    # One listed story answers as a page for one reader would: it sets a
    # cookie and is private. The worker must leave it out.
    def private_answer(route):
        route.fulfill(
            status=200,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Cache-Control": "private, no-cache",
                "Set-Cookie": "reader=1; Path=/; HttpOnly",
            },
            body="<!doctype html><title>Yours</title><main><h1>For one reader</h1></main>",
        )

    context.route(demo_server + private_story, private_answer)
    page = context.new_page()
    try:
        # Pages with a form and a CSRF cookie, inside and outside the edition.
        for path in ("/en/_util/login/", "/admin/login/"):
            response = page.goto(demo_server + path)
            assert response.status == 200, path
        assert any(cookie["name"] == "csrftoken" for cookie in context.cookies())
        _open_front_page_and_wait_for_the_save(page, demo_server)
        page.goto(demo_server + "/en/_util/login/")  # visited again under the worker
        time.sleep(0.5)

        saved = page.evaluate(SAVED_PATHS)
        paths = [path for found in saved.values() for path in found]
        assert paths, saved
        assert not [p for p in paths if p.startswith(("/admin/", "/en/_util/"))], paths
        assert private_story not in paths
        assert set(stories) - {private_story} <= set(paths)
        # Each edition's worker is scoped to its edition: none covers the admin.
        scopes = page.evaluate(
            "async () => (await navigator.serviceWorker.getRegistrations()).map(r => r.scope)"
        )
        assert scopes == [demo_server + "/en/"]
    finally:
        context.close()
