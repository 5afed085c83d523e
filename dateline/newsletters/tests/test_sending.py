"""Issues as subscribers receive them, through a real SMTP server."""

import json
import re
from datetime import time
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from dateline.newsletters.due import send_due
from dateline.newsletters.issues import make_issue
from dateline.newsletters.models import (
    BREAKING,
    Delivery,
    Issue,
    NewsletterList,
    Subscriber,
    Subscription,
    Suppression,
)
from dateline.newsletters.sender import run_sender, start_send
from dateline.settings import email_settings
from dateline.stories.models import BreakingNews

SITE = "http://127.0.0.1:8000"


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.images = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "img":
            self.images.append(attrs)


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def stories(news, make_article, make_photo):
    earlier = make_article(news, title="Council votes on budget")
    lead = make_article(
        news, title="Harbour reopens", lead_image=make_photo(), lead_image_alt="Boats at dawn"
    )
    return [lead, earlier]  # the briefing's order: newest first


@pytest.mark.django_db
def test_a_briefing_arrives_with_text_and_html_and_one_click_unsubscribe(
    mailbox, briefing, subscribe, stories
):
    subscribe(briefing, "reader@example.org")
    call_command("newsletter", "send", "briefing", "--edition", "en", stdout=StringIO())

    [message] = mailbox.to("reader@example.org")
    assert "Harbour reopens" in text_of(message) and "Harbour reopens" in html_of(message)
    unsubscribe = message["List-Unsubscribe"].strip()  # a folded header keeps its space
    assert re.fullmatch(rf"<{SITE}/en/newsletters/unsubscribe/[^/]+/>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The same link is visible in both parts.
    assert unsubscribe[1:-1] in text_of(message) and unsubscribe[1:-1] in html_of(message)
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.SENT and issue.sends() == 1


@pytest.mark.django_db
def test_the_html_has_no_tracking_and_links_only_to_the_site(mailbox, briefing, subscribe, stories):
    subscribe(briefing, "reader@example.org")
    call_command("newsletter", "send", "briefing", "--edition", "en", stdout=StringIO())
    [message] = mailbox.messages
    html = html_of(message)
    assert len(html.encode()) < 100 * 1024
    assert "prefers-color-scheme: dark" in html and "<table" in html

    tags = Tags()
    tags.feed(html)
    allowed = {article.get_full_url() for article in stories} | {f"{SITE}/"}
    for href in tags.links:
        assert href in allowed or re.fullmatch(
            rf"{SITE}/en/newsletters/(unsubscribe|preferences)/[^/?]+/", href
        ), href
    [image] = tags.images  # the lead story's photo, nothing else
    assert image["alt"] == "Boats at dawn"
    assert image["src"].startswith(f"{SITE}/media/")
    assert image.get("width") != "1" and image.get("height") != "1"


@pytest.mark.django_db
def test_one_click_unsubscribe_needs_no_csrf_and_holds_from_the_next_send(
    mailbox, briefing, subscribe, stories
):
    subscribe(briefing, "leaver@example.org")
    subscribe(briefing, "stayer@example.org")
    call_command("newsletter", "send", "briefing", "--edition", "en", stdout=StringIO())
    [message] = mailbox.to("leaver@example.org")
    path = message["List-Unsubscribe"].strip()[1:-1].removeprefix(SITE)

    # A mail client's RFC 8058 POST: no cookie, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert Subscription.objects.get(subscriber__email="leaver@example.org").status == "confirmed"
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    subscription = Subscription.objects.get(subscriber__email="leaver@example.org")
    assert subscription.status == "unsubscribed" and subscription.unsubscribed_at
    assert Issue.objects.get().unsubscribes == 1

    mailbox.messages.clear()
    call_command("newsletter", "send", "briefing", "--edition", "en", stdout=StringIO())
    assert mailbox.per_address() == {"stayer@example.org": 1}


@pytest.mark.django_db
def test_suppressed_addresses_get_nothing(mailbox, briefing, subscribe, stories):
    subscribe(briefing, "bounced@example.org")
    subscribe(briefing, "reader@example.org")
    Suppression.objects.create(email="Bounced@Example.org", reason="bounce")
    call_command("newsletter", "send", "briefing", "--edition", "en", stdout=StringIO())
    assert mailbox.per_address() == {"reader@example.org": 1}


@pytest.mark.django_db
def test_a_subscriber_who_leaves_mid_send_is_skipped(mailbox, briefing, subscribe, stories):
    subscribe(briefing, "reader@example.org")
    leaver = subscribe(briefing, "leaver@example.org")
    issue = make_issue(briefing)
    assert start_send(issue) == 2
    leaver.subscriptions.update(status="unsubscribed")
    run_sender()
    assert mailbox.per_address() == {"reader@example.org": 1}
    assert Delivery.objects.get(subscriber=leaver).status == Delivery.Status.SUPPRESSED
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


@pytest.mark.django_db
def test_a_banner_with_alert_ticked_goes_to_the_breaking_list_after_the_commit(
    mailbox, home, subscribe, django_capture_on_commit_callbacks
):
    breaking = NewsletterList.objects.get(locale=home.locale, slug=BREAKING)
    subscribe(breaking, "alerts@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        BreakingNews.objects.create(text="Quiet banner", url="https://example.org/a")
    assert not mailbox.messages
    with django_capture_on_commit_callbacks(execute=True):
        BreakingNews.objects.create(
            text="Earthquake hits the coast", page=home, alert_subscribers=True
        )
    [message] = mailbox.to("alerts@example.org")
    assert "Earthquake hits the coast" in message["Subject"]
    assert f"{SITE}/en/" in text_of(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_export_lists_consent_and_erase_forgets_the_address(
    mailbox, client, briefing, subscribe, stories
):
    subscribe(briefing, "reader@example.org")
    call_command("newsletter", "send", "briefing", "--edition", "en", stdout=StringIO())

    out = StringIO()
    call_command("newsletter", "export", "Reader@Example.org", stdout=out)
    data = json.loads(out.getvalue())
    [subscription] = data["subscriber"]["subscriptions"]
    assert subscription["list"] == "briefing" and subscription["status"] == "confirmed"
    assert subscription["consent"]["source"] == "test" and subscription["consent"]["at"]
    assert len(data["subscriber"]["deliveries"]) == 1

    call_command("newsletter", "erase", "reader@example.org", stdout=StringIO())
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()
    out = StringIO()
    call_command("newsletter", "export", "reader@example.org", stdout=out)
    assert json.loads(out.getvalue())["subscriber"] is None


@pytest.mark.django_db
def test_due_sends_each_briefing_once_a_day(mailbox, briefing, subscribe, stories):
    briefing.send_time = time(0, 0)
    briefing.save()
    subscribe(briefing, "reader@example.org")
    assert len(send_due()) == 1
    assert send_due() == []
    assert mailbox.per_address() == {"reader@example.org": 1}


def test_email_url_becomes_djangos_settings():
    assert email_settings("smtps://news%40example.org:s3cret@mail.example.org?timeout=5") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "news@example.org",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_SSL": True,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": 5,
    }
    submission = email_settings("smtp://mail.example.org:587")
    assert submission["EMAIL_USE_TLS"] and submission["EMAIL_PORT"] == 587
