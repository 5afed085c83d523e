"""An email service's webhook reports bounces and complaints: the address is
suppressed and the issue counts the bounce (anymail's real webhook views, fed
the JSON a service posts)."""

import base64
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from dateline.newsletters.issues import make_issue
from dateline.newsletters.models import Issue, Suppression
from dateline.newsletters.sender import run_sender, start_send
from dateline.settings import email_settings

SECRET = "mailhook:Wq7-test-only"
POSTMARK = "/mail-events/postmark/tracking/"


def auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def postmark_event(record_type: str, kind: str, address: str, issue_id=None) -> str:
    """What Postmark posts for a bounce or a spam complaint (its documented fields)."""
    event = {
        "RecordType": record_type,
        "ID": 4242,
        "Type": kind,
        "MessageID": "0f6c1a2e-5b1d-4c55-9c0e-000000000001",
        "Email": address,
        "BouncedAt": "2026-12-04T07:30:00Z",
        "Description": "The mailbox does not exist.",
        "Details": "550 5.1.1 no such user",
        "Metadata": {"issue": str(issue_id)} if issue_id else {},
    }
    return json.dumps(event)


@pytest.fixture
def webhook(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    return Client()


@pytest.fixture
def stories(news, make_article):
    make_article(news, title="Ferry timetable changes for winter")


@pytest.mark.django_db
def test_a_bounce_suppresses_the_address_and_the_next_send_skips_it(
    webhook, mailbox, briefing, subscribe, stories
):
    subscribe(briefing, "kept@example.org")
    subscribe(briefing, "gone@example.org")
    call_command("newsletter", "send", "briefing", "--edition", "en", stdout=StringIO())
    first = Issue.objects.get()
    assert len(mailbox.messages) == 2

    body = postmark_event("Bounce", "HardBounce", "Gone@Example.org", first.pk)
    answer = webhook.post(POSTMARK, body, content_type="application/json", **auth())
    assert answer.status_code == 200
    assert Suppression.objects.get().email == "gone@example.org"
    assert Suppression.objects.get().reason == Suppression.Reason.BOUNCE
    first.refresh_from_db()
    assert first.bounces == 1
    # The service sends the same event again: still one bounce.
    webhook.post(POSTMARK, body, content_type="application/json", **auth())
    first.refresh_from_db()
    assert first.bounces == 1

    mailbox.messages.clear()
    assert start_send(make_issue(briefing)) == 1
    run_sender()
    assert [m["To"] for m in mailbox.messages] == ["kept@example.org"]


@pytest.mark.django_db
def test_a_spam_complaint_suppresses_the_address(webhook, briefing, subscribe):
    subscribe(briefing, "annoyed@example.org")
    body = postmark_event("SpamComplaint", "SpamComplaint", "annoyed@example.org")
    answer = webhook.post(POSTMARK, body, content_type="application/json", **auth())
    assert answer.status_code == 200
    assert Suppression.objects.get(email="annoyed@example.org").reason == "complaint"


@pytest.mark.django_db
def test_a_temporary_failure_suppresses_nothing(webhook, briefing, subscribe):
    subscribe(briefing, "full@example.org")
    body = postmark_event("Bounce", "Transient", "full@example.org")
    answer = webhook.post(POSTMARK, body, content_type="application/json", **auth())
    assert answer.status_code == 200
    assert not Suppression.objects.exists()


@pytest.mark.django_db
def test_the_webhook_refuses_wrong_secrets_and_is_gone_without_one(settings, webhook):
    body = postmark_event("Bounce", "HardBounce", "victim@example.org")
    wrong = webhook.post(POSTMARK, body, content_type="application/json", **auth("x:y"))
    assert wrong.status_code in (400, 401, 403)
    missing = webhook.post(POSTMARK, body, content_type="application/json")
    assert missing.status_code in (400, 401, 403)
    settings.ANYMAIL = {}
    unset = webhook.post(POSTMARK, body, content_type="application/json", **auth())
    assert unset.status_code == 404
    assert not Suppression.objects.exists()


@pytest.mark.django_db
def test_messages_through_a_service_carry_their_issue_and_no_tracking(
    settings, briefing, subscribe, stories
):
    # anymail's own test backend: what the service's API would be given.
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.DATELINE_NEWSLETTER_IN_BACKGROUND = False
    settings.DATELINE_NEWSLETTER_RATE = 0
    subscribe(briefing, "reader@example.org")
    issue = make_issue(briefing)
    start_send(issue)
    run_sender()
    [message] = mail.outbox
    params = message.anymail_test_params
    assert params["metadata"] == {"issue": str(issue.pk)}
    assert params["track_opens"] is False and params["track_clicks"] is False


def test_email_url_names_an_email_service():
    assert email_settings("postmark://server-token-1@") == {
        "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
        "ANYMAIL": {"POSTMARK_SERVER_TOKEN": "server-token-1"},
    }
    mailgun = email_settings("mailgun://key-1@mg.example.org")
    assert mailgun["ANYMAIL"] == {
        "MAILGUN_API_KEY": "key-1",
        "MAILGUN_SENDER_DOMAIN": "mg.example.org",
    }
    with pytest.raises(ValueError, match="needs the service's key"):
        email_settings("sendgrid://")
