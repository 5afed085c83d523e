"""Two-factor sign-in through the real admin: enrol, verify, recovery codes."""

import re
import time
from base64 import b32decode

import pytest
from django.core.files.base import ContentFile
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .conftest import sign_in

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{home}/edit/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/reports/site-history/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/locked-accounts/",
    "/admin/account/",
]


@pytest.fixture
def required(settings):
    settings.DATELINE_STAFF_REQUIRE_2FA = True


def code_for(secret_text: str) -> str:
    key = b32decode(secret_text.replace(" ", ""))
    return f"{TOTP(key).token():06d}"


def enrol(client) -> list[str]:
    """Set up an authenticator from what the page shows; return the recovery codes."""
    page = client.get("/admin/two-factor/?next=/admin/pages/")
    secret = re.search(r"<code data-totp-secret>([A-Z2-7 ]+)</code>", page.text).group(1)
    done = client.post("/admin/two-factor/", {"token": code_for(secret), "next": "/admin/pages/"})
    assert "Your recovery codes" in done.text
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.text)


@pytest.mark.parametrize("desk", ["Editors", "Administrators", None])
def test_password_alone_reaches_no_admin_page(client, make_staff, required, home, desk):
    make_staff("eddie", desk, is_superuser=desk is None)
    response = sign_in(client, "eddie")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    for url in ADMIN_PAGES:
        response = client.get(url.format(home=home.pk))
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/two-factor/"), url


def test_sign_in_steps_get_their_icons_but_no_admin_data(client, make_staff, required):
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200 and "<svg" in sprite.text and "<form" not in sprite.text
    assert client.get("/admin/api/main/pages/").status_code == 302


def test_enrolment_shows_qr_key_and_recovery_codes_once(client, make_staff, required):
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    page = client.get("/admin/two-factor/")
    assert "Set up two-factor sign-in" in page.text
    assert "<svg" in page.text and "otpauth://totp/" in page.text
    wrong = client.post("/admin/two-factor/", {"token": "000000"})
    assert "That code is not right" in wrong.text
    too_soon = client.post("/admin/two-factor/", {"token": "000001"})
    assert "Too many wrong codes in a row" in too_soon.text
    time.sleep(4.1)  # django-otp's back-off after two failures: 2 ** 2 seconds
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    # The codes are never shown again.
    again = client.get("/admin/two-factor/")
    assert "Two-factor sign-in is on" in again.text
    assert not any(code in again.text for code in codes)


def test_next_sign_in_asks_for_the_code_and_a_recovery_code_works_once(
    client, make_staff, required
):
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    codes = enrol(client)
    client.logout()

    sign_in(client, "eddie")
    response = client.get("/admin/pages/")
    assert response["Location"] == "/admin/two-factor/verify/?next=%2Fadmin%2Fpages%2F"
    assert "Enter your sign-in code" in client.get(response["Location"]).text
    wrong = client.post("/admin/two-factor/verify/", {"token": "123456", "next": "/admin/"})
    assert "That code is not right" in wrong.text
    assert client.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp's back-off after one failure

    used = client.post("/admin/two-factor/verify/", {"token": codes[0], "next": "/admin/pages/"})
    assert used["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    client.logout()

    sign_in(client, "eddie")
    again = client.post("/admin/two-factor/verify/", {"token": codes[0], "next": "/admin/"})
    assert "already used" in again.text
    assert client.get("/admin/").status_code == 302


def test_authenticator_code_verifies_a_new_session(client, make_staff, required):
    user = make_staff("eddie", "Editors")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, "eddie")
    token = f"{TOTP(device.bin_key).token():06d}"
    response = client.post("/admin/two-factor/verify/", {"token": token, "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_verify_never_redirects_off_site(client, make_staff, required):
    user = make_staff("eddie", "Editors")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, "eddie")
    token = f"{TOTP(device.bin_key).token():06d}"
    response = client.post(
        "/admin/two-factor/verify/", {"token": token, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_reporters_are_not_forced_but_an_enrolled_reporter_must_verify(
    client, make_staff, required
):
    make_staff("rita", "Reporters")
    sign_in(client, "rita")
    assert client.get("/admin/").status_code == 200
    enrol(client)
    client.logout()
    sign_in(client, "rita")
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/verify/")


def test_with_the_setting_off_editors_sign_in_with_a_password(client, make_staff, settings):
    settings.DATELINE_STAFF_REQUIRE_2FA = False
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    assert client.get("/admin/").status_code == 200


def test_an_optional_second_factor_can_be_turned_off(client, make_staff, settings):
    settings.DATELINE_STAFF_REQUIRE_2FA = False
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    enrol(client)
    assert "Turn off two-factor sign-in" in client.get("/admin/two-factor/").text
    client.post("/admin/two-factor/turn-off/")
    assert not TOTPDevice.objects.filter(user__username="eddie").exists()


def test_a_required_second_factor_cannot_be_turned_off(client, make_staff, required):
    make_staff("eddie", "Editors")
    sign_in(client, "eddie")
    enrol(client)
    assert "Turn off two-factor sign-in" not in client.get("/admin/two-factor/").text
    client.post("/admin/two-factor/turn-off/")
    assert TOTPDevice.objects.filter(user__username="eddie", confirmed=True).exists()


def test_password_alone_reads_nothing_private_outside_the_admin(
    client, make_staff, make_article, asia
):
    """A session that has not passed its second factor is anonymous on public
    pages, ninjs and documents, not only in the admin."""
    user = make_staff("eddie", "Editors")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    article = make_article(asia, title="Minister's memo leaked")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    legal = Collection.get_first_root_node().add_child(name="Legal")
    CollectionViewRestriction.objects.create(
        collection=legal, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Contract",
        file=ContentFile(b"%PDF-1.4 sealed", name="contract.pdf"),
        collection=legal,
    )
    urls = [article.url, f"{article.url}ninjs/", document.url]
    as_anonymous = [client.get(url) for url in urls]
    assert [r.status_code for r in as_anonymous] == [302, 302, 302]

    sign_in(client, "eddie")
    for url, anonymous in zip(urls, as_anonymous, strict=True):
        response = client.get(url)
        assert response.status_code == anonymous.status_code, url
        assert response["Location"] == anonymous["Location"], url

    token = f"{TOTP(device.bin_key).token():06d}"
    client.post("/admin/two-factor/verify/", {"token": token, "next": "/admin/"})
    assert "Minister&#x27;s memo leaked" in client.get(article.url).text
    assert client.get(f"{article.url}ninjs/").status_code == 200
    assert client.get(document.url).status_code == 200
