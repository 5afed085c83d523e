"""Failed sign-ins pause the (account, address) pair with growing delays; a very
long run of them locks the account and tells its owner. Through Wagtail's real
sign-in page."""

import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.staff.models import LoginLock

from .conftest import REFUSED, refusal, sign_in

GUESSER, OWNER = "203.0.113.9", "192.0.2.7"


def lock_out(client, username: str, failures: int) -> None:
    """Wrong passwords from as many addresses, so no pause stops the count."""
    for n in range(failures):
        sign_in(client, username, f"wrong-{n}", address=f"198.51.100.{n + 1}")


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(client, make_staff):
    make_staff("eddie", "Editors")
    for attempt in range(30):
        sign_in(client, "eddie", f"wrong-{attempt}", address=GUESSER)
    # The guesser's address is paused, even with the right password; the owner's is not.
    assert refusal(sign_in(client, "eddie", address=GUESSER)) == (200, [REFUSED])
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "eddie", address=OWNER).status_code == 302
    assert LoginLock.objects.get(user__username="eddie").locked_at is None


def test_unknown_locked_paused_and_wrong_get_the_same_answer(client, make_staff, small_limits):
    make_staff("eddie", "Editors")
    make_staff("paula", "Editors")
    lou = make_staff("lou", "Editors")
    LoginLock.objects.create(user=lou, failed_attempts=6, locked_at=timezone.now())
    for attempt in range(3):
        sign_in(client, "paula", f"wrong-{attempt}", address=GUESSER)
        sign_in(client, "ghost", f"wrong-{attempt}", address=GUESSER)
    answers = {
        "wrong password": sign_in(client, "eddie", "wrong"),
        "unknown account": sign_in(client, "nobody", "wrong"),
        "locked account, right password": sign_in(client, "lou"),
        "paused account, right password": sign_in(client, "paula", address=GUESSER),
        "paused unknown account": sign_in(client, "ghost", address=GUESSER),
    }
    assert {case: refusal(response) for case, response in answers.items()} == {
        case: (200, [REFUSED]) for case in answers
    }


def test_pauses_double_with_each_further_failure(client, make_staff, small_limits):
    make_staff("eddie", "Editors")
    for attempt in range(3):
        sign_in(client, "eddie", f"wrong-{attempt}")
    assert refusal(sign_in(client, "eddie")) == (200, [REFUSED])  # paused for 1 second
    time.sleep(1.1)
    sign_in(client, "eddie", "wrong-3")  # a fourth failure: paused for 2 seconds
    time.sleep(1.1)
    assert refusal(sign_in(client, "eddie")) == (200, [REFUSED])
    time.sleep(1.0)
    assert sign_in(client, "eddie").status_code == 302


def test_many_failures_from_anywhere_lock_the_account_and_tell_its_owner(
    client, make_staff, small_limits
):
    make_staff("eddie", "Editors")
    lock_out(client, "eddie", 5)
    assert mail.outbox == []
    lock_out(client, "eddie", 1)
    assert LoginLock.objects.get(user__username="eddie").locked_at is not None
    [message] = mail.outbox
    assert message.to == ["eddie@example.org"]
    assert "locked" in message.subject
    assert "6 wrong passwords in a row" in message.body
    assert "Locked accounts" in message.body
    assert refusal(sign_in(client, "eddie", address=OWNER)) == (200, [REFUSED])
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_must_be_in_a_row(client, make_staff, small_limits):
    make_staff("eddie", "Editors")
    lock_out(client, "eddie", 5)
    assert sign_in(client, "eddie").status_code == 302
    client.logout()
    lock_out(client, "eddie", 5)
    assert sign_in(client, "eddie").status_code == 302
    assert LoginLock.objects.get(user__username="eddie").locked_at is None


def test_unlock_command_lets_the_owner_sign_in_again(client, make_staff, small_limits, capsys):
    user = make_staff("eddie", "Editors")
    lock_out(client, "eddie", 6)
    call_command("unlock_staff", "eddie")
    assert "eddie is unlocked" in capsys.readouterr().out
    response = sign_in(client, "eddie")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {"dateline.lock", "dateline.unlock"} <= actions


def test_administrator_unlocks_from_the_admin(client, make_staff, small_limits):
    make_staff("eddie", "Editors")
    admin = make_staff("ada", "Administrators")
    lock_out(client, "eddie", 6)
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
    LoginLock.objects.create(user=eddie, failed_attempts=500, locked_at="2026-01-01T00:00Z")
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
    assert sign_in(client, "eddie", address=OWNER).status_code == 302


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
