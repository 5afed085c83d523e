"""Readers sign up, confirm, choose and leave: double opt-in with signed links."""

import re

import pytest
from django.test import Client

from dateline.newsletters.messages import link
from dateline.newsletters.models import BREAKING, NewsletterList, Subscriber, Subscription
from dateline.newsletters.tokens import PREFERENCES

LINK = re.compile(r"http://127\.0\.0\.1:8000(/\S+/)")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def link_in(message, part: str = "confirm") -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return next(path for path in LINK.findall(text) if f"/{part}/" in path)


@pytest.mark.django_db
def test_signup_page_prefills_the_address_and_is_never_cached(client, briefing):
    response = client.get("/en/newsletters/?email=Reader%40Example.org&from=/en/news/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert 'value="Reader@Example.org"' in html
    assert 'autocomplete="email"' in html
    assert 'value="/en/news/"' in html  # where they came from: their consent's source
    assert "Morning briefing" in html and "Breaking news" in html


@pytest.mark.django_db
def test_signup_mails_a_link_that_confirms_only_on_post_and_records_consent(
    client, mailbox, briefing
):
    response = client.post(
        "/en/newsletters/",
        {"email": "Reader@Example.org", "lists": [briefing.pk], "source": "/en/news/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/newsletters/?sent=1"
    subscription = Subscription.objects.get(subscriber__email="reader@example.org")
    assert subscription.status == Subscription.Status.PENDING

    [message] = mailbox.to("reader@example.org")
    assert message.get_body(preferencelist=("html",)) is not None
    confirm = link_in(message)
    assert confirm.startswith("/en/newsletters/confirm/")

    # A mail scanner follows the link: a page with a button, nothing confirmed.
    page = client.get(confirm)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING

    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.confirmed_at is not None
    assert subscription.consent_source == "/en/news/"
    assert subscription.consent_at <= subscription.confirmed_at
    assert subscription.newsletter == briefing


@pytest.mark.django_db
def test_known_and_unknown_addresses_get_the_same_answer(client, mailbox, briefing, subscribe):
    subscribe(briefing, "known@example.org")
    answers = []
    for address in ("known@example.org", "unknown@example.org"):
        response = client.post("/en/newsletters/", {"email": address, "lists": [briefing.pk]})
        page = client.get(response["Location"]).content.decode()
        page = CSRF_FIELD.sub("", page)
        answers.append((response.status_code, response["Location"], page))
    assert answers[0][0] == 302
    assert answers[0] == answers[1]
    # The confirmed reader is not mailed again; the new one is.
    assert not mailbox.to("known@example.org") and mailbox.to("unknown@example.org")


@pytest.mark.django_db
def test_signup_posts_are_rate_limited_per_address(client, mailbox, briefing, settings):
    settings.DATELINE_SIGNUP_RATE = (2, 600)
    for n in range(2):
        data = {"email": f"r{n}@example.org", "lists": [briefing.pk]}
        assert client.post("/en/newsletters/", data).status_code == 302
    data = {"email": "r3@example.org", "lists": [briefing.pk]}
    assert client.post("/en/newsletters/", data).status_code == 429
    assert not Subscriber.objects.filter(email="r3@example.org").exists()


@pytest.mark.django_db
def test_signup_needs_the_csrf_token(briefing):
    client = Client(enforce_csrf_checks=True)
    data = {"email": "reader@example.org", "lists": [briefing.pk]}
    assert client.post("/en/newsletters/", data).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["confirm", "preferences", "unsubscribe"])
def test_a_bad_link_gets_a_clear_400_page(client, part, briefing):
    response = client.get(f"/en/newsletters/{part}/not-a-token/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_confirm_links_are_not_valid_for_unsubscribing(client, mailbox, briefing):
    client.post("/en/newsletters/", {"email": "reader@example.org", "lists": [briefing.pk]})
    token = link_in(mailbox.messages[0]).split("/")[-2]
    assert client.post(f"/en/newsletters/unsubscribe/{token}/").status_code == 400


@pytest.mark.django_db
def test_preferences_change_lists_and_leaving_all_makes_old_links_stale(
    client, mailbox, briefing, subscribe
):
    breaking = NewsletterList.objects.get(locale=briefing.locale, slug=BREAKING)
    subscriber = subscribe(briefing, "reader@example.org")
    path = link("preferences", subscriber, PREFERENCES, "en").split("8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"

    client.post(path, {"lists": [breaking.pk]})
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"briefing": "unsubscribed", "breaking": "confirmed"}

    client.post(path, {"leave": "1"})
    assert not subscriber.subscriptions.filter(status="confirmed").exists()
    assert client.get(path).status_code == 400  # the key was rotated


@pytest.mark.django_db
def test_every_edition_has_its_own_lists_and_page(client, make_edition):
    make_edition("es")
    make_edition("ar")
    for code, name in (("es", "Resumen de la mañana"), ("ar", "الموجز الصباحي")):
        assert NewsletterList.objects.filter(locale__language_code=code).count() == 2
        response = client.get(f"/{code}/newsletters/")
        assert response.status_code == 200
        assert f'lang="{code}"' in response.content.decode()
        assert name in response.content.decode()
