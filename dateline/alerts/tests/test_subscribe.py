"""The button's addresses: a token and the key for one browser (never cached),
subscribe and unsubscribe with CSRF, checked keys and a rate limit; and pages
that carry the button yet stay the same for every reader."""

import json
import re

import pytest
from django.test import Client

from dateline.alerts import keys
from dateline.alerts.models import PushSubscription
from dateline.newsroom import extensions


@pytest.fixture
def reader():
    return Client(enforce_csrf_checks=True)


def _token(client, language: str = "en") -> str:
    response = client.get(f"/{language}/alerts/")
    assert response.status_code == 200
    return response.json()["csrfToken"]


def _post(client, path: str, data, token: str | None):
    extra = {"HTTP_X_CSRFTOKEN": token} if token else {}
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(path, body, content_type="application/json", **extra)


@pytest.mark.django_db
def test_config_gives_a_token_and_the_key_to_this_browser_only(home, reader):
    response = reader.get("/en/alerts/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["publicKey"] == keys.public_key()
    assert data["subscribe"] == "/en/alerts/subscribe/"
    assert data["unsubscribe"] == "/en/alerts/unsubscribe/"
    assert data["csrfToken"] and "csrftoken" in response.cookies


@pytest.mark.django_db
def test_subscribe_needs_the_csrf_token_and_keeps_the_edition(
    home, reader, push_service, browser_keys, make_edition
):
    subscription = browser_keys().subscription(push_service.endpoint())
    assert _post(reader, "/en/alerts/subscribe/", subscription, None).status_code == 403
    assert not PushSubscription.objects.exists()

    response = _post(reader, "/en/alerts/subscribe/", subscription, _token(reader))
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "private, no-store"
    saved = PushSubscription.objects.get()
    assert saved.endpoint == subscription["endpoint"]
    assert saved.edition.language_code == "en"
    assert (saved.p256dh, saved.auth) == (
        subscription["keys"]["p256dh"],
        subscription["keys"]["auth"],
    )
    # The same browser subscribing from the Spanish edition moves, not doubles.
    make_edition("es")
    again = _post(reader, "/es/alerts/subscribe/", subscription, _token(reader, "es"))
    assert again.status_code == 200
    assert PushSubscription.objects.get().edition.language_code == "es"

    gone = _post(
        reader, "/es/alerts/unsubscribe/", {"endpoint": subscription["endpoint"]}, _token(reader)
    )
    assert gone.status_code == 200 and gone.json() == {"subscribed": False}
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: s["keys"].update(p256dh="not base64!"), "The p256dh key is not base64url."),
        (lambda s: s["keys"].update(p256dh="AAAA"), "The p256dh key must be 65 bytes long."),
        # 65 bytes, but not a point on the curve.
        (lambda s: s["keys"].update(p256dh="BA" + "A" * 85), "not a P-256 public key"),
        (lambda s: s["keys"].update(auth="AAAAAAAAAAAAAAAAAAAA"), "must be 16 bytes long"),
        (lambda s: s.pop("keys"), "The subscription has no keys."),
        (lambda s: s.update(endpoint="http://push.example.com/x"), "must be an https address"),
        (lambda s: s.update(endpoint="https://10.0.0.1/x"), "not a push service's address"),
        (lambda s: s.update(endpoint="https://localhost/x"), "not a push service's address"),
        (lambda s: s.update(endpoint="https://a@push.example.com/x"), "not a push service"),
        (lambda s: s.update(endpoint="https://push.example.com/" + "x" * 1000), "too long"),
    ],
)
@pytest.mark.django_db
def test_subscribe_refuses_bad_subscriptions_with_a_clear_json_error(
    home, reader, push_service, browser_keys, change, message
):
    subscription = browser_keys().subscription("https://push.example.com/send/abc")
    change(subscription)
    response = _post(reader, "/en/alerts/subscribe/", subscription, _token(reader))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_subscribe_refuses_what_is_not_json(home, reader):
    for body in ("nonsense", "[1, 2]", "x" * 5000):
        response = _post(reader, "/en/alerts/subscribe/", body, _token(reader))
        assert response.status_code == 400
        assert response.json()["error"]


@pytest.mark.django_db
def test_production_takes_only_https_push_services(home, reader, settings, browser_keys):
    settings.DATELINE_ALERTS_LOCAL_ENDPOINTS = False
    subscription = browser_keys().subscription("http://127.0.0.1:8000/push")
    response = _post(reader, "/en/alerts/subscribe/", subscription, _token(reader))
    assert response.status_code == 400
    subscription["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc:def"
    response = _post(reader, "/en/alerts/subscribe/", subscription, _token(reader))
    assert response.status_code == 201


@pytest.mark.django_db
def test_subscribing_is_rate_limited_per_address(
    home, reader, settings, push_service, browser_keys
):
    settings.DATELINE_ALERTS_RATE = (2, 600)
    token = _token(reader)
    for n in range(2):
        subscription = browser_keys().subscription(push_service.endpoint(name=f"r{n}"))
        assert _post(reader, "/en/alerts/subscribe/", subscription, token).status_code == 201
    subscription = browser_keys().subscription(push_service.endpoint(name="r3"))
    response = _post(reader, "/en/alerts/subscribe/", subscription, token)
    assert response.status_code == 429
    assert "Too many requests" in response.json()["error"]
    assert PushSubscription.objects.count() == 2
    # Another address is not held back.
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.7")
    assert _post(other, "/en/alerts/subscribe/", subscription, _token(other)).status_code == 201


@pytest.mark.django_db
def test_pages_carry_the_button_and_stay_shared_cacheable(asia, make_article, client):
    article = make_article(asia)
    response = client.get(article.url)
    assert response.status_code == 200
    page = response.content.decode()
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=" in control and "private" not in control
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    # Hidden until the script finds web push; its words passed as data, in the page's language.
    box = re.search(r'<div class="alerts" id="alerts" hidden[^>]*>', page, re.S).group(0)
    assert 'data-alerts="/en/alerts/"' in box and 'data-worker="/en/sw.js"' in box
    assert 'data-start="Get breaking news alerts"' in box
    assert 'role="status" aria-live="polite"' in page
    assert '<script src="/static/alerts/alerts.js" defer></script>' in page
    # No inline script anywhere (the CSP allows none; JSON-LD is data).
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/ld\+json"))[^>]*>', page)
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_button_speaks_the_editions_language(home, make_edition, client):
    make_edition("ar")
    page = client.get("/ar/").content.decode()
    assert 'data-start="احصل على تنبيهات الأخبار العاجلة"' in page


@pytest.mark.django_db
def test_the_lite_edition_has_no_button(asia, make_article, client):
    article = make_article(asia)
    response = client.get(article.url, headers={"Save-Data": "on"})
    assert response.status_code == 200
    assert "alerts" not in response.content.decode()


@pytest.mark.django_db
def test_the_editions_worker_loads_the_push_handler(home, client):
    worker = client.get("/en/sw.js").content.decode()
    assert 'importScripts("/static/alerts/push.js");' in worker
    assert "alerts" in extensions.top_level_slugs
