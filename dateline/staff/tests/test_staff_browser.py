"""Staff sign-in and the admin in a real browser against the demo server: the
second factor through the real forms, and the admin's own CSP breaks nothing."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django_otp.oath import TOTP

TOTP_KEY = "3132333435363738393031323334353637383930"  # 20 bytes, hex
TOTP_USER = "desk-editor"


@pytest.fixture(scope="module")
def enrolled_editor(demo_server, demo_data_dir, demo_password):
    """An Editor on the demo site who has set up an authenticator app."""
    env = {**os.environ, "DATELINE_DATA_DIR": str(demo_data_dir), "DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = f"""
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
user, _ = User.objects.get_or_create(username={TOTP_USER!r})
user.set_password({demo_password!r}); user.save()
user.groups.add(Group.objects.get(name="Editors"))
TOTPDevice.objects.get_or_create(user=user, name="phone", defaults=dict(key={TOTP_KEY!r}))
"""
    subprocess.run([sys.executable, "-m", "dateline", "shell", "-c", script], env=env, check=True)
    return TOTP_USER


def sign_in(page, base: str, username: str, password: str, next_path: str = "/admin/"):
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_password_alone_stops_at_the_code_step_then_the_code_opens_the_admin(
    demo_server, browser, demo_password, enrolled_editor
):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, demo_server, enrolled_editor, demo_password, "/admin/pages/")
    assert "/admin/two-factor/verify/" in page.url
    assert page.get_by_role("heading", name="Enter your sign-in code").first.is_visible()
    for path in ("/admin/", "/admin/pages/", "/admin/reports/site-history/"):
        page.goto(demo_server + path)
        assert "/admin/two-factor/verify/" in page.url, path

    page.fill("input[name=token]", f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(demo_server + "/admin/")
    assert "two-factor" not in page.url
    assert page.locator("#wagtail-sidebar, [data-wagtail-sidebar]").count() >= 1
    context.close()


def test_admin_pages_and_the_page_editor_load_without_csp_violations(
    demo_server, browser, demo_password
):
    context = browser.new_context()  # CSP enforced: no bypass
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if "Content Security Policy" in msg.text or msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, demo_server, "admin", demo_password)
    assert page.url.rstrip("/").endswith("/admin")

    page.goto(demo_server + "/admin/pages/search/?q=road")
    edit = page.locator("a[href*='/edit/']").first.get_attribute("href")
    for path in (
        "/admin/",
        "/admin/pages/",
        edit,
        "/admin/images/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/reports/site-history/",
        "/admin/two-factor/",
        "/admin/locked-accounts/",
    ):
        response = page.goto(demo_server + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200 and page.url == demo_server + path, path
        assert page.locator("#main").is_visible(), path
    # The editor works: its tabs switch and the preview panel opens.
    page.goto(demo_server + edit)
    page.wait_for_load_state("networkidle")
    page.get_by_role("tab", name="Promote").click()
    assert page.get_by_role("tabpanel", name="Promote").is_visible()
    page.get_by_role("button", name="Toggle preview").click()
    page.wait_for_timeout(1500)
    assert problems == [], "\n".join(sorted(set(problems)))
    context.close()


def test_demo_passwords_pass_the_password_rules(demo_password):
    from django.contrib.auth.models import User

    for username in ("admin", "editor", "reporter"):
        validate_password(demo_password, User(username=username))
