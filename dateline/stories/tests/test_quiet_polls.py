"""What an open tab costs while nothing happens, on the demo site served by granian:
an idle poll is a bare 304, and an hour of a quiet live blog's polls (live blog,
breaking banner, on-air) stays under 20 KB on the wire; yet a new entry reaches a
tab that is following a busy blog within two seconds."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit
from urllib.request import urlopen

from playwright.sync_api import expect

from dateline.stories.models import OVERLAP

from .test_stories_browser import live_blog_url

SECONDS = 1000  # Playwright counts milliseconds
HOUR_BUDGET = 20 * 1024
POLLS = re.compile(r"/(stories/breaking\.json|stories/liveblog/\d+/entries/|live/on-air\.json)")


def wire_get(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, int]:
    """GET path as bytes on a socket: the status, the headers and every byte the
    server sent back (status line, headers and body)."""
    address = urlsplit(base)
    lines = [f"GET {path} HTTP/1.1", f"Host: {address.netloc}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in head[1:])
    return int(head[0].split()[1]), {k.lower(): v for k, v in fields.items()}, len(answer)


def blog_poll_path(base: str, browser) -> str:
    page = browser.new_page()
    page.goto(base + live_blog_url(base, page))
    entries = page.locator("#entries")
    path = f"{entries.get_attribute('data-src')}?since={entries.get_attribute('data-since')}"
    page.close()
    return path


def assert_idle_poll_is_a_bare_304(base: str, path: str) -> None:
    status, headers, _size = wire_get(base, path)
    assert status == 200 and headers.get("etag"), path
    status, _headers, size = wire_get(base, path, {"If-None-Match": headers["etag"]})
    assert status == 304, path
    assert size <= 300, (path, size)


def test_idle_live_blog_poll_is_a_bare_304(demo_server, browser):
    assert_idle_poll_is_a_bare_304(demo_server, blog_poll_path(demo_server, browser))


def test_idle_banner_poll_is_a_bare_304(demo_server):
    assert_idle_poll_is_a_bare_304(demo_server, "/en/stories/breaking.json")


def wait_until_quiet(base: str, entries_src: str) -> None:
    """Until the live blog's newest change is older than the window in which
    entries are sent again (OVERLAP): the demo was loaded moments ago."""
    changes = json.loads(urlopen(base + entries_src + "?since=0").read())["entries"]
    newest = max(change["version"] for change in changes) / 1_000_000
    time.sleep(max(newest + OVERLAP.total_seconds() + 1 - time.time(), 0))


def bytes_on_the_wire(request) -> int:
    sizes = request.sizes()
    body = sizes["responseBodySize"]
    if body < 0:  # Chromium did not count it: the answer's Content-Length says it
        body = int(request.response().all_headers().get("content-length", 0))
    return sizes["responseHeadersSize"] + body


def test_a_quiet_live_blog_tab_costs_under_20_kb_an_hour(demo_server, browser):
    context = browser.new_context()
    page = context.new_page()
    url = demo_server + live_blog_url(demo_server, page)
    page.goto(url)
    wait_until_quiet(demo_server, page.locator("#entries").get_attribute("data-src"))
    polls = []
    page.on("requestfinished", lambda request: POLLS.search(request.url) and polls.append(request))
    # The page's own script on a fake clock, wound on one second at a time: the
    # schedule is the script's, only the waiting is skipped. (The query string
    # asks for a copy of the page rendered now, not one cached before the quiet.)
    page.clock.install()
    page.goto(url + "?quiet")
    expect(page.get_by_role("button", name="Pause updates")).to_be_visible()
    for _second in range(3600):
        page.clock.run_for(1 * SECONDS)
        page.evaluate("0")  # let the script take in an answer before time moves on
    spent = sum(bytes_on_the_wire(request) for request in polls)
    assert len(polls) > 10  # it did keep asking
    assert spent <= HOUR_BUDGET, (spent, len(polls))
    context.close()


def post_entry(data_dir, blog_id: str, headline: str) -> None:
    """Publish an entry on the demo's live blog, as an editor's Publish does."""
    code = (
        "from dateline.stories.models import LiveBlogEntry\n"
        f"entry = LiveBlogEntry(live_blog_id={blog_id}, headline={headline!r},"
        " body=[('paragraph', '<p>Water is rising at the dam.</p>')], live=False)\n"
        "entry.save()\n"
        "entry.save_revision().publish()\n"
    )
    env = {**os.environ, "DATELINE_DATA_DIR": str(data_dir), "DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-m", "dateline", "shell", "-c", code], env=env, check=True)


def test_a_new_entry_reaches_a_tab_following_a_busy_blog_within_2_seconds(
    demo_server, demo_data_dir, browser
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_server + live_blog_url(demo_server, page))
    blog_id = re.search(r"/liveblog/(\d+)/", page.locator("#entries").get_attribute("data-src"))[1]
    # The blog gets busy: the tab sees a first new entry…
    post_entry(demo_data_dir, blog_id, "Sirens sound in the valley")
    expect(page.locator("article.entry", has_text="Sirens sound")).to_be_visible(
        timeout=90 * SECONDS
    )
    # …and the next one, however long the tab had waited before.
    post_entry(demo_data_dir, blog_id, "Army engineers arrive")
    posted = time.monotonic()
    expect(page.locator("article.entry", has_text="Army engineers")).to_be_visible(
        timeout=10 * SECONDS
    )
    assert time.monotonic() - posted <= 2
    context.close()
