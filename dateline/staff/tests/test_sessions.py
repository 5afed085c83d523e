"""Staff sessions end when idle, and some hours after sign-in whatever happens."""

import time

from django.conf import settings

from dateline.staff.middleware import SEEN_AT, SIGNED_IN_AT

from .conftest import sign_in


def _age_session(client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_idle_staff_session_is_signed_out_with_a_message(client, make_staff, settings):
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    assert client.get("/admin/").status_code == 200
    _age_session(client, SEEN_AT, settings.DATELINE_STAFF_IDLE_SECONDS - 120)
    assert client.get("/admin/").status_code == 200  # not idle long enough

    _age_session(client, SEEN_AT, settings.DATELINE_STAFF_IDLE_SECONDS + 1)
    response = client.get("/admin/pages/")
    assert response["Location"] == "/admin/login/?next=%2Fadmin%2Fpages%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "signed out after 60 minutes without activity" in page.text


def test_activity_keeps_a_session_but_not_past_the_absolute_limit(client, make_staff, settings):
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    client.get("/admin/")
    _age_session(client, SIGNED_IN_AT, settings.DATELINE_STAFF_MAX_SESSION_SECONDS - 60)
    assert client.get("/admin/").status_code == 200

    _age_session(client, SIGNED_IN_AT, settings.DATELINE_STAFF_MAX_SESSION_SECONDS + 1)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/login/")
    assert "signed out 12 hours after signing in" in client.get(response["Location"]).text


def test_public_pages_do_not_touch_a_signed_in_session(client, make_staff, home):
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    response = client.get("/en/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response and not response.cookies


def test_get_on_logout_changes_nothing_and_post_ends_the_session(client, make_staff):
    # A GET can come from any other site's <img>: it must not sign anyone out,
    # nor delete the cookie while the session it names stays valid.
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == cookie
    assert client.get("/admin/").status_code == 200

    assert client.post("/admin/logout/").status_code == 302
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert client.get("/admin/").status_code == 302
