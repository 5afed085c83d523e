"""A banner raised with "Alert subscribers" reaches each subscriber of its
edition through a push service (here our own on 127.0.0.1), signed with the
site's VAPID key and readable only with that browser's keys."""

import base64
import json
import stat
import time
from io import StringIO
from pathlib import Path

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core.management import call_command
from wagtail.models import Locale

from dateline.alerts import keys
from dateline.alerts.models import PushSubscription
from dateline.alerts.send import send_banner
from dateline.stories.models import BreakingNews


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _subscribe(browser, endpoint: str, language: str = "en") -> PushSubscription:
    info = browser.subscription(endpoint)
    return PushSubscription.objects.create(
        endpoint=endpoint,
        p256dh=info["keys"]["p256dh"],
        auth=info["keys"]["auth"],
        edition=Locale.objects.get(language_code=language),
    )


def _vapid_claims(authorization: str, origin: str) -> dict:
    """Checks the header as a push service does (RFC 8292) and returns the claims."""
    scheme, _, rest = authorization.partition(" ")
    assert scheme.lower() == "vapid"
    params = dict(part.strip().split("=", 1) for part in rest.split(","))
    token, public = params["t"], params["k"]
    assert public == keys.public_key()
    head, body, signature = token.split(".")
    assert json.loads(_unb64(head)) == {"typ": "JWT", "alg": "ES256"}
    raw = _unb64(signature)
    assert len(raw) == 64
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(public))
    # Raises InvalidSignature unless the site's private key signed it.
    key.verify(
        encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:])),
        f"{head}.{body}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    claims = json.loads(_unb64(body))
    assert claims["aud"] == origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 60 * 60
    assert claims["sub"]
    return claims


@pytest.fixture
def article(asia, make_article):
    return make_article(asia, title="Harbour bridge closed after a collision")


def _banner(article, **fields) -> BreakingNews:
    fields.setdefault("alert_subscribers", True)
    return BreakingNews.objects.create(
        text="Harbour bridge closed", page=article, locale=article.locale, **fields
    )


@pytest.mark.django_db
def test_a_raised_banner_reaches_each_subscriber_encrypted_and_signed(
    article, push_service, browser_keys, make_edition, django_capture_on_commit_callbacks
):
    reader, other = browser_keys(), browser_keys()
    subscription = _subscribe(reader, push_service.endpoint(201, "reader"))
    make_edition("es")
    _subscribe(other, push_service.endpoint(201, "spanish-reader"), "es")

    with django_capture_on_commit_callbacks(execute=True):
        banner = _banner(article)

    # One push: the Spanish edition's reader hears nothing of an English banner.
    [push] = push_service.received
    assert push.path == "/201/reader"
    claims = _vapid_claims(push.headers["Authorization"], push_service.origin)
    assert claims["sub"] == "mailto:newsroom@127.0.0.1"
    assert push.headers["Content-Encoding"] == "aes128gcm"
    assert push.headers["Urgency"] == "high"
    # Worth delivering while the banner shows (an hour), not after.
    assert 3000 < int(push.headers["TTL"]) <= 3600
    payload = json.loads(
        http_ece.decrypt(
            push.body,
            private_key=reader.private_key,
            auth_secret=reader.auth,
            version="aes128gcm",
        )
    )
    assert payload["title"] == banner.text
    assert payload["url"] == banner.link == article.url
    assert payload["tag"] == f"dateline-breaking-{banner.pk}"
    assert (payload["lang"], payload["dir"]) == ("en", "ltr")
    # Nobody else can read it: another browser's keys fail.
    with pytest.raises(Exception):  # noqa: B017 (http_ece raises InvalidTag or ECEException)
        http_ece.decrypt(
            push.body, private_key=other.private_key, auth_secret=other.auth, version="aes128gcm"
        )
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


@pytest.mark.django_db
def test_only_a_new_banner_with_the_tick_is_sent(
    article, push_service, browser_keys, django_capture_on_commit_callbacks
):
    _subscribe(browser_keys(), push_service.endpoint())
    with django_capture_on_commit_callbacks(execute=True):
        quiet = _banner(article, alert_subscribers=False)
    assert push_service.received == []
    with django_capture_on_commit_callbacks(execute=True):
        raised = _banner(article)
    assert len(push_service.received) == 1
    with django_capture_on_commit_callbacks(execute=True):
        raised.text = "Harbour bridge closed until Monday"
        raised.save()
        quiet.alert_subscribers = True
        quiet.save()
    # Editing a banner sends nothing again.
    assert len(push_service.received) == 1


@pytest.mark.django_db
def test_arabic_edition_pushes_right_to_left(article, push_service, browser_keys, make_edition):
    make_edition("ar")
    reader = browser_keys()
    _subscribe(reader, push_service.endpoint(), "ar")
    banner = BreakingNews.objects.create(
        text="إغلاق جسر الميناء",
        url="https://example.org/",
        locale=Locale.objects.get(language_code="ar"),
    )
    assert send_banner(banner).sent == 1
    payload = json.loads(
        http_ece.decrypt(
            push_service.received[0].body,
            private_key=reader.private_key,
            auth_secret=reader.auth,
            version="aes128gcm",
        )
    )
    assert payload == {
        "title": "إغلاق جسر الميناء",
        "body": "أخبار عاجلة",  # "Breaking news", in the edition's language
        "url": "https://example.org/",
        "tag": f"dateline-breaking-{banner.pk}",
        "lang": "ar",
        "dir": "rtl",
    }


@pytest.mark.django_db
def test_gone_subscriptions_are_deleted_and_failures_kept_and_counted(
    article, push_service, browser_keys, caplog
):
    gone = _subscribe(browser_keys(), push_service.endpoint(410, "gone"))
    missing = _subscribe(browser_keys(), push_service.endpoint(404, "missing"))
    broken = _subscribe(browser_keys(), push_service.endpoint(500, "broken"))
    # Nothing listens here: the connection is refused.
    refused = _subscribe(browser_keys(), "http://127.0.0.1:9/1/nobody")
    fine = _subscribe(browser_keys(), push_service.endpoint(201, "fine"))

    outcome = send_banner(_banner(article))

    assert (outcome.sent, outcome.removed, outcome.failed) == (1, 2, 2)
    left = set(PushSubscription.objects.values_list("pk", flat=True))
    assert left == {broken.pk, refused.pk, fine.pk}
    assert gone.pk not in left and missing.pk not in left
    assert "Push to 127.0.0.1" in caplog.text


@pytest.mark.django_db
def test_a_failing_send_never_fails_the_editors_save(
    article, browser_keys, settings, django_capture_on_commit_callbacks, caplog
):
    _subscribe(browser_keys(), "http://127.0.0.1:9/1/nobody")
    bad = Path(settings.DATELINE_VAPID_KEY).with_name("broken.pem")
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("not a key")
    settings.DATELINE_VAPID_KEY = str(bad)
    with django_capture_on_commit_callbacks(execute=True):
        banner = _banner(article)
    assert BreakingNews.objects.filter(pk=banner.pk).exists()
    assert "could not be sent" in caplog.text


@pytest.mark.django_db
def test_keys_are_made_once_private_and_printed_by_the_command(settings, tmp_path):
    path = keys.key_path()
    assert not path.exists()
    out, err = StringIO(), StringIO()
    call_command("alerts", "keys", stdout=out, stderr=err)
    public = out.getvalue().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(_unb64(public)) == 65 and _unb64(public)[0] == 4
    assert public == keys.public_key()  # the same key, not a new one
    settings.DATELINE_VAPID_SUBJECT = "https://news.example.org/contact"
    assert keys.subject() == "https://news.example.org/contact"
    settings.DATELINE_VAPID_KEY = ""
    settings.DATA_DIR = tmp_path / "data"
    assert keys.key_path() == tmp_path / "data" / "vapid-private.pem"
