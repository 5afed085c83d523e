"""A moderator clears 50 pending comments with the keyboard in Chromium."""

import re
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from dateline.conftest import own_site_env, running_site

SECONDS = 1000  # Playwright counts milliseconds

# 50 pending comments on a demo article, one a minute back from now; the author
# of the newest already had one approved and one rejected.
PENDING = """
from datetime import timedelta
from django.utils import timezone
from dateline.comments.models import Comment
from dateline.newsroom.models import ArticlePage
article = ArticlePage.objects.live().order_by("pk").first()
now = timezone.now()
for status in ("approved", "rejected"):
    Comment.objects.create(article=article, name="Regular", email="regular@example.org",
                           body="Earlier comment.", status=status,
                           created_at=now - timedelta(days=1))
for n in range(50):
    Comment.objects.create(
        article=article, name="Regular" if n == 0 else f"Reader {n}",
        email="regular@example.org" if n == 0 else f"reader{n}@example.org",
        body=f"Comment number {n}: " + "the road is open again and the market is busy. " * 3,
        created_at=now - timedelta(minutes=n),
    )
"""
STATUSES = """
from collections import Counter
from dateline.comments.models import Comment
print(sorted(Counter(Comment.objects.filter(body__startswith="Comment number")
                     .values_list("status", flat=True)).items()))
"""


@pytest.fixture(scope="module")
def queue_site(tmp_path_factory):
    data = tmp_path_factory.mktemp("queue-site")
    env = own_site_env(data)
    steps = [["load-demo", "--articles", "4"], ["shell", "-c", PENDING]]
    with running_site(data, env, steps) as base:
        password = (data / "admin-password.txt").read_text().strip()
        yield base, password, env


def shell(env, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_moderator_clears_50_comments_with_the_keyboard(queue_site, browser):
    base, password, env = queue_site
    context = browser.new_context()
    admin = context.new_page()
    admin.goto(base + "/admin/login/")
    admin.get_by_label("Username").fill("editor")
    admin.get_by_label("Password").fill(password)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.get_by_role("link", name="Moderation queue").click()

    items = admin.locator(".mod-item")
    expect(items).to_have_count(50)
    newest = items.first
    expect(newest).to_contain_text("Comment number 0:")
    expect(newest).to_contain_text("Before: 1 approved, 1 rejected, 0 spam.")
    expect(items.nth(1)).to_contain_text("First comment from this address.")
    # The whole text, readable: not squeezed into a narrow column.
    body = newest.locator(".mod-body")
    assert body.bounding_box()["width"] > 400

    expect(newest).to_be_focused()
    admin.keyboard.press("j")
    expect(items.nth(1)).to_be_focused()
    admin.keyboard.press("k")
    expect(newest).to_be_focused()

    started = time.monotonic()
    keys = ["a", "r", "s"]
    for n in range(50):
        admin.keyboard.press(keys[n % 3])
        expect(items).to_have_count(49 - n, timeout=10 * SECONDS)
    took = time.monotonic() - started
    expect(admin.get_by_text("Nothing awaits moderation.")).to_be_visible(timeout=10 * SECONDS)
    assert took < 120, f"50 comments took {took:.0f} s"

    # Every key did what it says: 17 approved, 17 rejected, 16 spam.
    assert shell(env, STATUSES) == "[('approved', 17), ('rejected', 17), ('spam', 16)]"
    context.close()
