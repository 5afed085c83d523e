"""Wrong passwords through Wagtail's real sign-in page lock the account."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from dateline.staff.models import LoginLock

from .conftest import PASSWORD, sign_in


def test_thirty_wrong_passwords_lock_the_account_even_against_the_right_one(client, make_staff):
    make_staff("eddie", "Editors")
    for attempt in range(29):
        response = sign_in(client, "eddie", f"wrong-{attempt}")
        assert response.status_code == 200
        assert "didn&#x27;t match" in response.text
    response = sign_in(client, "eddie", "wrong-29")
    assert "This account is locked after 30 wrong passwords" in response.text
    assert "Ask an Administrator to unlock it" in response.text

    response = sign_in(client, "eddie", PASSWORD)
    assert response.status_code == 200
    assert "This account is locked" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_must_be_in_a_row(client, make_staff, settings):
    settings.DATELINE_LOGIN_RATE = (100, 600)
    make_staff("eddie", "Editors")
    for attempt in range(29):
        sign_in(client, "eddie", f"wrong-{attempt}")
    assert sign_in(client, "eddie").status_code == 302
    client.logout()
    for attempt in range(29):
        sign_in(client, "eddie", f"wrong-{attempt}")
    assert sign_in(client, "eddie").status_code == 302
    assert LoginLock.objects.get(user__username="eddie").locked_at is None


def test_unlock_command_lets_the_owner_sign_in_again(client, make_staff, capsys):
    user = make_staff("eddie", "Editors")
    for attempt in range(30):
        sign_in(client, "eddie", f"wrong-{attempt}")
    call_command("unlock_staff", "eddie")
    assert "eddie is unlocked" in capsys.readouterr().out
    response = sign_in(client, "eddie")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {"dateline.lock", "dateline.unlock"} <= actions


def test_administrator_unlocks_from_the_admin(client, make_staff):
    make_staff("eddie", "Editors")
    admin = make_staff("ada", "Administrators")
    for attempt in range(30):
        sign_in(client, "eddie", f"wrong-{attempt}")
    client.force_login(admin)
    page = client.get(reverse("staff_locked_accounts"))
    assert page.status_code == 200
    assert "Unlock eddie" in page.text
    eddie = LoginLock.objects.get(user__username="eddie").user
    response = client.post(reverse("staff_unlock_account", args=[eddie.pk]), follow=True)
    assert "eddie can sign in again" in response.text
    assert "No account is locked" in response.text
    client.logout()
    assert sign_in(client, "eddie").status_code == 302


def test_reporters_cannot_see_or_unlock_locked_accounts(client, make_staff):
    reporter = make_staff("rita", "Reporters")
    eddie = make_staff("eddie", "Editors")
    LoginLock.objects.create(user=eddie, failed_attempts=30, locked_at="2026-01-01T00:00Z")
    client.force_login(reporter)
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    page = client.get(reverse("staff_locked_accounts"), follow=True)
    assert "Unlock eddie" not in page.text
    assert "Sorry, you do not have permission" in page.text
    client.post(reverse("staff_unlock_account", args=[eddie.pk]))
    assert LoginLock.objects.get(user=eddie).locked_at is not None


def test_one_address_is_slowed_after_many_failures(client, make_staff, settings):
    settings.DATELINE_LOGIN_RATE = (5, 600)
    make_staff("eddie", "Editors")
    for attempt in range(5):
        assert "didn&#x27;t match" in sign_in(client, f"nobody-{attempt}", "guess").text
    response = sign_in(client, "eddie")
    assert "Too many failed sign-ins from your network. Wait 10 minutes" in response.text
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    response = client.post(
        "/admin/login/",
        {"username": "eddie", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "password, problem",
    [
        ("Short1!", "too short"),
        ("password1234", "too common"),
        ("839201746352", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(make_staff, password, problem):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=problem):
        validate_password(password)
