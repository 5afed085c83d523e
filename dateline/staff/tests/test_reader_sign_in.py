"""The sign-in page restricted articles send readers to (/en/_util/login/):
throttled like the admin's, and with the second-factor step for those who have one."""

from urllib.parse import urlencode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import PageViewRestriction

from .conftest import READER_LOGIN, REFUSED, refusal, sign_in


def test_reader_sign_in_is_paused_with_the_admin_sign_in(client, make_staff, small_limits):
    make_staff("eddie", "Editors")
    for attempt in range(3):
        response = sign_in(client, "eddie", f"wrong-{attempt}", url=READER_LOGIN)
        assert refusal(response) == (200, [REFUSED])
    assert refusal(sign_in(client, "eddie", url=READER_LOGIN)) == (200, [REFUSED])
    assert refusal(sign_in(client, "eddie")) == (200, [REFUSED])
    assert "_auth_user_id" not in client.session


def test_reader_signs_in_to_a_login_restricted_article(client, make_staff, make_article, asia):
    make_staff("rosa")
    article = make_article(asia, title="Members' briefing")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    login_url = client.get(article.url)["Location"]
    assert login_url.startswith(READER_LOGIN)
    assert client.get(login_url).status_code == 200
    response = sign_in(client, "rosa", next_url=article.url, url=login_url)
    assert response["Location"] == article.url
    assert "Members&#x27; briefing" in client.get(article.url).text


def test_reader_sign_in_asks_for_the_second_factor_before_the_article(
    client, make_staff, make_article, asia
):
    user = make_staff("eddie", "Editors")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    article = make_article(asia, title="Members' briefing")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = sign_in(client, "eddie", next_url=article.url, url=READER_LOGIN)
    step = f"/admin/two-factor/verify/?{urlencode({'next': article.url})}"
    assert response["Location"] == step
    assert client.get(article.url).status_code == 302  # not yet
    token = f"{TOTP(device.bin_key).token():06d}"
    verified = client.post("/admin/two-factor/verify/", {"token": token, "next": article.url})
    assert verified["Location"] == article.url
    assert "Members&#x27; briefing" in client.get(article.url).text
