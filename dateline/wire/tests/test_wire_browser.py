"""An editor at the wire in Chromium: an item dropped into the folder `serve`
watches appears in the Wire view, and "Use" makes it a draft in its section
with its byline."""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from dateline.conftest import own_site_env, running_site

SECONDS = 1000  # Playwright counts milliseconds

ITEM = {
    "uri": "urn:kestrel:2026:salang-snow",
    "type": "text",
    "version": "1",
    "language": "en",
    "versioncreated": "2026-12-01T04:00:00+00:00",
    "headlines": [{"role": "main", "value": "Snow closes the high pass for a second day"}],
    "descriptions": [{"role": "summary", "value": "Drivers were told to wait in the valley."}],
    "bodies": [
        {
            "role": "main",
            "contenttype": "text/html",
            "value": "<p>Ploughs worked through the night.</p><p>More snow is forecast.</p>",
        }
    ],
    "by": "Noor Rahimi",
    "subjects": [{"name": "Afghanistan"}, {"name": "Weather"}],
}

DRAFT = """
from dateline.newsroom.models import ArticlePage
page = ArticlePage.objects.get(ninjs_uri="urn:kestrel:2026:salang-snow")
draft = page.get_latest_revision_as_object()
print([page.live, page.get_parent().slug, draft.byline, draft.title])
"""


@pytest.fixture(scope="module")
def wire_site(tmp_path_factory):
    data = tmp_path_factory.mktemp("wire-site")
    folder = data / "wire"
    (folder / "kestrel").mkdir(parents=True)
    env = own_site_env(data, DATELINE_WIRE_DIR=str(folder), DATELINE_SCHEDULER_INTERVAL="1")
    with running_site(data, env, [["load-demo", "--articles", "4"]]) as base:
        password = (data / "admin-password.txt").read_text().strip()
        yield base, password, env, folder


def test_a_dropped_item_appears_on_the_wire_and_becomes_a_draft(wire_site, browser, axe_violations):
    base, password, env, folder = wire_site
    (folder / "kestrel" / "salang.json").write_text(json.dumps(ITEM), encoding="utf-8")

    context = browser.new_context(bypass_csp=True)
    admin = context.new_page()
    admin.goto(base + "/admin/login/")
    admin.get_by_label("Username").fill("editor")
    admin.get_by_label("Password").fill(password)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.get_by_role("link", name="Wire", exact=True).click()

    # `serve`'s scheduler takes the folder in on its next pass (1 s here).
    row = admin.locator("tr", has_text="Snow closes the high pass")
    for _ in range(20):
        if row.count():
            break
        admin.wait_for_timeout(1 * SECONDS)
        admin.reload()
    expect(row).to_contain_text("Kestrel")
    expect(row).to_contain_text("Noor Rahimi")
    assert axe_violations(admin) == []
    assert list((folder / "kestrel" / "received").iterdir())

    row.get_by_role("button", name="Use in Afghanistan").click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(admin.get_by_text("is a draft now")).to_be_visible()

    done = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", DRAFT],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip().splitlines()[-1] == (
        "[False, 'afghanistan', 'Noor Rahimi', 'Snow closes the high pass for a second day']"
    )
    context.close()


def _push(base: str, body: bytes, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        base + "/wire/push/",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


def test_pushes_to_the_running_site_are_refused_by_token_and_by_field(wire_site):
    """Against `serve` itself: a bad token is refused, a bad field is named, a
    good item is taken once."""
    base, _password, env, _folder = wire_site
    made = subprocess.run(
        [sys.executable, "-m", "dateline", "wire", "token", "Heron Wire"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    token = made.stdout.strip().splitlines()[-1]
    item = {**ITEM, "uri": "urn:heron:2026:pass-open"}
    assert _push(base, json.dumps(item).encode(), "not-the-token")[0] == 401
    status, answer = _push(base, json.dumps({**item, "headlines": []}).encode(), token)
    assert status == 400 and answer["field"] == "headlines"
    assert _push(base, json.dumps(item).encode(), token)[0] == 201
    assert _push(base, json.dumps(item).encode(), token)[0] == 200  # the same item: kept once
