"""A reader asks for their comments, or for them to be erased; addresses are
forgotten after the retention period."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dateline.comments.models import Comment

URL = "/admin/reader-data/"
READER = "Reader@Example.org"


@pytest.fixture
def article(asia, make_article):
    return make_article(asia, title="Council votes to restore the old library")


def _user(name: str, group: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def administrator(home):
    return _user("ada", "Administrators")


@pytest.fixture
def editor(home):
    return _user("eddie", "Editors")


@pytest.fixture
def comments(article):
    def add(name, email, body, **fields):
        return Comment.objects.create(
            article=article,
            name=name,
            email=email,
            body=body,
            status=Comment.Status.APPROVED,
            ip_address="198.51.100.4",
            **fields,
        )

    mine = add("Lale", "reader@example.org", "The library meant a lot to us.")
    answered = add("Lale K.", "READER@example.org", "Who pays for the roof?")
    reply = add("Omid", "omid@example.org", "The council does.", parent=answered)
    other = add("Zarah", "zarah@example.org", "Good news for the town.")
    return mine, answered, reply, other


@pytest.mark.django_db
def test_export_holds_the_readers_comments_and_nothing_of_others(
    client, administrator, comments, article
):
    mine, answered, reply, other = comments
    client.force_login(administrator)

    listing = client.get(URL, {"email": READER})
    assert listing.status_code == 200
    assert "The library meant a lot to us." in listing.content.decode()
    assert "Good news for the town." not in listing.content.decode()

    response = client.get(URL, {"email": READER, "format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert [c["id"] for c in data["comments"]] == [mine.pk, answered.pk]
    assert data["comments"][0]["comment"] == "The library meant a lot to us."
    assert data["comments"][0]["ip_address"] == "198.51.100.4"
    assert data["comments"][1]["article_url"].endswith(article.url)
    text = response.content.decode()
    for someone_else in ("Omid", "omid@example.org", "Zarah", "Good news for the town."):
        assert someone_else not in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_erasure_removes_the_readers_comments_from_the_article(
    migrated_data, client, administrator, comments, article, settings
):
    mine, answered, reply, other = comments
    settings.DATELINE_PAGE_CACHE = "default"
    client.get(article.url)
    cached = client.get(article.url)
    assert cached["X-Cache"] == "HIT"
    assert "The library meant a lot to us." in cached.content.decode()
    client.force_login(administrator)

    refused = client.post(URL, {"email": READER}, follow=True)
    assert "Tick the box" in refused.content.decode()
    assert Comment.objects.count() == 4

    response = client.post(URL, {"email": READER, "confirm": "erase"}, follow=True)

    assert "Erased 2 comments" in response.content.decode()
    client.logout()
    page = client.get(article.url).content.decode()
    for gone in ("The library meant a lot to us.", "Who pays for the roof?", "Lale"):
        assert gone not in page
    # Others' words stay, the reply in its place under an emptied comment.
    assert "The council does." in page and "Good news for the town." in page
    assert not Comment.objects.filter(pk=mine.pk).exists()
    placeholder = Comment.objects.get(pk=answered.pk)
    assert (placeholder.name, placeholder.email, placeholder.ip_address) == ("Removed", "", None)
    assert not Comment.objects.filter(email__iexact=READER).exists()


@pytest.mark.django_db
def test_editors_may_not_export_or_erase(client, editor, comments):
    client.force_login(editor)

    assert client.get(URL, {"email": READER}).status_code == 403
    assert client.get(URL, {"email": READER, "format": "json"}).status_code == 403
    assert client.post(URL, {"email": READER, "confirm": "erase"}).status_code == 403
    assert Comment.objects.filter(email__iexact=READER).count() == 2
    assert reverse("comments_reader_data") not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_administrators_find_the_page_in_settings(client, administrator):
    client.force_login(administrator)

    assert reverse("comments_reader_data") in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_scheduler_clears_addresses_older_than_the_retention_period(comments, settings):
    mine, answered, reply, other = comments
    assert settings.DATELINE_COMMENT_IP_RETENTION_DAYS == 30
    now = timezone.now()
    Comment.objects.filter(pk=mine.pk).update(created_at=now - timedelta(days=31))
    Comment.objects.filter(pk=answered.pk).update(created_at=now - timedelta(days=29))

    call_command("run_scheduler", once=True)

    addresses = dict(Comment.objects.values_list("pk", "ip_address"))
    assert addresses[mine.pk] is None
    assert addresses[answered.pk] == "198.51.100.4"
    assert addresses[other.pk] == "198.51.100.4"


@pytest.mark.django_db
def test_retention_period_is_a_setting(comments, settings, capsys):
    mine, *_ = comments
    settings.DATELINE_COMMENT_IP_RETENTION_DAYS = 7
    Comment.objects.filter(pk=mine.pk).update(created_at=timezone.now() - timedelta(days=8))

    call_command("purge_comment_ips")

    assert "Cleared 1 addresses older than 7 days." in capsys.readouterr().out
    assert Comment.objects.filter(ip_address__isnull=True).count() == 1
