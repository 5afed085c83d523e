"""A real primary and hot-standby replica, the app served by granian with
DATABASE_URL naming both (target_session_attrs=read-write) and
DATABASE_REPLICA_URL the replica, an editor in Chromium. Tests run in file
order on one site; the last one stops the primary for good."""

import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dateline.conftest import own_site_env, running_site
from dateline.replicas.middleware import RETRY_SECONDS
from dateline.stories.tests.test_stories_browser import sign_in

from .servers import primary_and_replica

pytestmark = [pytest.mark.once, pytest.mark.stack]

WAIT_SECONDS = 2  # DATELINE_REPLICA_WAIT_SECONDS of the site under test
SECONDS = 1000  # Playwright counts milliseconds
READ_ONLY = "The newsroom is read-only for now"


def _free_port() -> int:
    # This machine's tests keep to 48000-48999.
    while True:
        port = random.randint(48000, 48999)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


@pytest.fixture(scope="module")
def pair():
    root = Path(tempfile.mkdtemp(prefix="dateline-replica-"))
    try:
        with primary_and_replica(root, _free_port(), _free_port()) as running:
            yield running
    except FileNotFoundError as exc:
        pytest.skip(f"PostgreSQL cannot start here: {exc}")


@pytest.fixture(scope="module")
def site(pair, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("replica-site")
    env = own_site_env(data_dir)
    env.update(
        DATABASE_URL=pair.database_url,
        DATABASE_REPLICA_URL=pair.replica_url,
        DATELINE_REPLICA_WAIT_SECONDS=str(WAIT_SECONDS),
        LOG_LEVEL="INFO",
    )
    steps = [["load-demo", "--articles", "3"]]
    with running_site(data_dir, env, steps, port=_free_port()) as base:
        yield {"base": base, "env": env, "log": data_dir / "server.log", "data": data_dir}


@pytest.fixture(scope="module")
def story(pair, site):
    row = pair.sql(
        pair.primary_port,
        "SELECT p.id, p.url_path, p.title FROM wagtailcore_page p "
        "JOIN newsroom_articlepage a ON a.page_ptr_id = p.id WHERE p.live "
        "ORDER BY p.id LIMIT 1",
    )
    page_id, url_path, title = row.split("|")
    # url_path is /<front page slug>/section/.../slug/; the site serves /en/section/...
    path = "/en/" + url_path.strip("/").split("/", 1)[1] + "/"
    return {"id": int(page_id), "path": path, "title": title}


@pytest.fixture(scope="module")
def editor(browser, site):
    password = (site["data"] / "admin-password.txt").read_text().strip()
    context, admin = sign_in(browser, site["base"], password)
    yield admin
    context.close()


def read(site, path: str) -> tuple[int, str]:
    """A reader's GET: no cookies."""
    try:
        with urllib.request.urlopen(site["base"] + path, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def publish_title(site, admin, page_id: int, title: str, *, opened: bool = False) -> float:
    """Edit the headline in the admin (the page opened already, or now) and
    publish; the seconds the publish took."""
    if not opened:
        admin.goto(f"{site['base']}/admin/pages/{page_id}/edit/")
    admin.locator("[name=title]").fill(title)
    admin.locator("footer .w-dropdown__toggle").click()
    started = time.monotonic()
    with admin.expect_navigation(timeout=60 * SECONDS):
        admin.locator("button[name=action-publish]").click()
    return time.monotonic() - started


def log_since(site, offset: int) -> str:
    return site["log"].read_text()[offset:]


def dateline(site, *args) -> subprocess.CompletedProcess:
    env = {**site["env"]}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "dateline", *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def revisions_titled(pair, port: int, title: str) -> int:
    return int(
        pair.sql(
            port, f"SELECT count(*) FROM wagtailcore_revision WHERE content->>'title' = '{title}'"
        )
    )


def test_readers_read_the_replica_and_an_editor_sees_their_own_save(pair, site, story, editor):
    status, html = read(site, story["path"])
    assert status == 200 and story["title"] in html
    pair.sql(pair.replica_port, "SELECT pg_wal_replay_pause()")
    offset = len(site["log"].read_text())

    seconds = publish_title(site, editor, story["id"], "Replica test: the first edit")
    print(f"\npublish with replay paused: {seconds:.2f} s (wait bound {WAIT_SECONDS} s)")

    # The purge waited for the paused replica up to the bound, then said so.
    assert seconds >= WAIT_SECONDS
    assert re.search(r"Replica still \d+ bytes behind .* purging anyway", log_since(site, offset))
    # The editor reads the primary: their own change, at once.
    editor.goto(f"{site['base']}/admin/pages/{story['id']}/edit/")
    expect(editor.locator("[name=title]")).to_have_value("Replica test: the first edit")
    editor.goto(site["base"] + story["path"] + "?as=editor")
    expect(editor.locator("h1")).to_contain_text("Replica test: the first edit")
    # A reader reads the replica, which has not replayed the publish.
    status, html = read(site, story["path"] + "?as=reader")
    assert status == 200 and story["title"] in html and "the first edit" not in html

    status = dateline(site, "db", "status").stdout
    assert re.search(r"^default: primary at 127\.0\.0\.1:\d+", status, re.M), status
    assert re.search(
        r"^replica: standby .* bytes behind the primary \(replay paused\)", status, re.M
    )


def test_after_replay_resumes_a_purge_waits_only_until_the_replica_has_the_commit(
    pair, site, story, editor
):
    pair.sql(pair.replica_port, "SELECT pg_wal_replay_resume()")
    pair.wait_until_replayed()
    # Cached again. (Possibly still as before the first edit: a page rendered
    # from the paused replica after that purge gave up waiting stays cached
    # until its time is up, as the warning said.)
    assert read(site, story["path"])[0] == 200
    offset = len(site["log"].read_text())

    seconds = publish_title(site, editor, story["id"], "Replica test: the second edit")
    # Straight after the publish, a reader gets the new version: the purge was
    # sent once the replica had it, so nothing put the old one back.
    status, html = read(site, story["path"])
    assert status == 200 and "the second edit" in html

    waits = [
        float(ms)
        for ms in re.findall(r"Replica replayed \S+ in ([\d.]+) ms", log_since(site, offset))
    ]
    print(f"\npublish: {seconds:.2f} s; waits for the replica (ms): {waits}")
    assert waits and max(waits) < WAIT_SECONDS * 1000
    assert "purging anyway" not in log_since(site, offset)


def test_readers_use_the_primary_while_the_replica_is_down(pair, site, story):
    pair.pg_ctl("replica", "stop")
    try:
        status, html = read(site, story["path"] + "?replica=down")
        assert status == 200 and "the second edit" in html
        assert "Replica unreachable" in site["log"].read_text()
    finally:
        pair.pg_ctl("replica", "start")
    pair.wait_until_replayed()
    # Readers go back to it once the app tries it again.
    time.sleep(RETRY_SECONDS + 0.5)


def test_a_read_only_database_refuses_a_save_whole(pair, site, story, editor):
    # Opening the editor writes too (Wagtail's editing sessions): open it first.
    editor.goto(f"{site['base']}/admin/pages/{story['id']}/edit/")
    pair.sql(pair.primary_port, "ALTER SYSTEM SET default_transaction_read_only = on")
    pair.sql(pair.primary_port, "SELECT pg_reload_conf()")
    time.sleep(0.5)
    try:
        publish_title(site, editor, story["id"], "Refused while read-only", opened=True)
        expect(editor.locator("h1")).to_have_text(READ_ONLY)
        expect(editor.locator("main")).to_contain_text("Nothing already saved was lost")
        assert revisions_titled(pair, pair.primary_port, "Refused while read-only") == 0
    finally:
        pair.sql(pair.primary_port, "ALTER SYSTEM RESET default_transaction_read_only")
        pair.sql(pair.primary_port, "SELECT pg_reload_conf()")
    status, html = read(site, story["path"] + "?read-only=1")
    assert status == 200 and "the second edit" in html


def test_primary_lost_readers_keep_reading_then_promotion_lets_editors_save(
    pair, site, story, editor
):
    # Pages readers have seen before: their photos' renditions are made (a
    # new one is a write, which needs the primary).
    paths = (story["path"], "/en/", "/en/search/?q=the", "/en/feeds/rss/", "/api/v2/pages/")
    for path in paths:
        assert read(site, path)[0] == 200, path
    pair.wait_until_replayed()
    editor.goto(f"{site['base']}/admin/pages/{story['id']}/edit/")
    pair.pg_ctl("primary", "stop")

    # From the caches, or rendered again from the replica.
    for path in (*paths, story["path"] + "?primary=down", "/api/v2/pages/?limit=2"):
        status, html = read(site, path)
        assert status == 200, (path, html[:300])
    status, html = read(site, story["path"] + "?primary=down")
    assert "the second edit" in html

    publish_title(site, editor, story["id"], "Sent while the primary is down", opened=True)
    expect(editor.locator("h1")).to_have_text(READ_ONLY)
    assert revisions_titled(pair, pair.replica_port, "Sent while the primary is down") == 0

    started = time.monotonic()
    promoted = dateline(site, "db", "promote")
    promote_seconds = time.monotonic() - started
    assert promoted.returncode == 0, promoted.stderr
    assert "Promoted 127.0.0.1:" in promoted.stdout

    # The same app, not restarted, finds the new primary through DATABASE_URL.
    started = time.monotonic()
    editor.goto(f"{site['base']}/admin/pages/{story['id']}/edit/")
    while READ_ONLY in editor.content():
        assert time.monotonic() - started < 15, "the app did not follow the promotion"
        time.sleep(0.5)
        editor.reload()
    publish_title(site, editor, story["id"], "Saved after the promotion", opened=True)
    saved_after = time.monotonic() - started
    assert READ_ONLY not in editor.content()
    print(f"\n`db promote`: {promote_seconds:.2f} s; first save after it: {saved_after:.2f} s")
    status, html = read(site, story["path"])
    assert status == 200 and "Saved after the promotion" in html

    again = dateline(site, "db", "promote")
    assert again.returncode != 0 and "already a primary" in again.stderr
    status = dateline(site, "db", "status").stdout
    assert re.search(rf"^default: primary at 127\.0\.0\.1:{pair.replica_port}\b", status, re.M)
