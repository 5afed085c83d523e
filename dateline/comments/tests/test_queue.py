"""The moderation queue: every pending comment whole, newest first, with its
author's history; one POST per decision; bans kept as hashes only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dateline.comments.models import Comment, CommenterBan

QUEUE = "/admin/comments/queue/"
LONG = "The bridge closure cut my commute in half. " * 12  # well past any excerpt


@pytest.fixture
def article(asia, make_article):
    return make_article(asia, title="Ferry service resumes after the storm")


def member(name, group):
    user = User.objects.create_user(name, f"{name}@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(home):
    return member("eddie", "Editors")


def comment(article, body="Thanks.", email="reader@example.org", minutes_ago=0, **fields):
    return Comment.objects.create(
        article=article,
        name=fields.pop("name", "Reader"),
        email=email,
        body=body,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        ip_address=fields.pop("ip", "198.51.100.20"),
        **fields,
    )


def act(client, item, action, json=False, **data):
    url = reverse("comments_queue_act", args=[item.pk, action])
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(url, data, **headers)


@pytest.mark.django_db
def test_the_queue_shows_each_pending_comment_whole_newest_first_with_history(
    client, editor, article
):
    comment(article, "An old approved one.", status=Comment.Status.APPROVED, minutes_ago=90)
    comment(article, "A refused one.", status=Comment.Status.REJECTED, minutes_ago=80)
    older = comment(article, LONG, minutes_ago=10, name="Shirin")
    newer = comment(article, "Newest point.", email="first@example.org", minutes_ago=1)
    client.force_login(editor)
    page = client.get(QUEUE).content.decode()

    assert LONG.strip() in page  # the whole text, not an excerpt
    assert page.index(f'id="comment-{newer.pk}"') < page.index(f'id="comment-{older.pk}"')
    assert "Ferry service resumes after the storm" in page
    assert "Before: 1 approved, 1 rejected, 0 spam." in page  # reader@example.org's past
    assert "First comment from this address." in page  # first@example.org
    assert "An old approved one." not in page  # only what is pending
    assert "2 comments await moderation." in page


@pytest.mark.django_db
def test_the_queue_costs_the_same_queries_for_5_or_40_comments(client, editor, article):
    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE).status_code == 200
        return len(captured)

    for n in range(5):
        comment(article, f"Point {n}", email=f"r{n}@example.org")
    queries()  # the first view of a process warms its caches
    few = queries()
    for n in range(5, 40):
        comment(article, f"Point {n}", email=f"r{n}@example.org")
    assert queries() == few


@pytest.mark.django_db
def test_one_post_approves_rejects_or_marks_spam(client, editor, article):
    items = [comment(article, f"Point {n}") for n in range(3)]
    client.force_login(editor)
    assert act(client, items[0], "approve").status_code == 302  # the plain form
    answer = act(client, items[1], "reject", json=True)
    assert answer.status_code == 200 and answer.json()["status"] == "rejected"
    assert act(client, items[2], "spam", json=True).json()["ok"] is True
    statuses = [Comment.objects.get(pk=c.pk).status for c in items]
    assert statuses == ["approved", "rejected", "spam"]
    assert Comment.objects.get(pk=items[0].pk).moderated_by == editor
    assert act(client, items[0], "delete", json=True).status_code == 400


@pytest.mark.django_db
def test_reporters_cannot_moderate(client, article):
    item = comment(article)
    client.force_login(member("rita", "Reporters"))
    assert client.get(QUEUE).status_code in (302, 403)
    assert act(client, item, "approve").status_code in (302, 403)  # Wagtail: back home
    assert Comment.objects.get(pk=item.pk).status == Comment.Status.PENDING


def post_comment(client, article, email, ip):
    data = {"name": "Troll", "email": email, "body": "Again and again."}
    return client.post(reverse("comments:form", args=[article.pk]), data, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_a_ban_keeps_the_author_out_by_email_or_address_and_stores_neither(client, editor, article):
    item = comment(article, email="Troll@Example.org", ip="203.0.113.66")
    client.force_login(editor)
    answer = act(client, item, "ban", json=True, days="3")
    assert answer.status_code == 200, answer.content
    assert Comment.objects.get(pk=item.pk).status == Comment.Status.REJECTED
    bans = list(CommenterBan.objects.all())
    assert {b.kind for b in bans} == {"email", "address"}
    for b in bans:
        assert "troll" not in b.key.lower() and "203.0.113" not in b.key
        assert b.until - timezone.now() > timedelta(days=2, hours=23)
    client.logout()

    assert post_comment(client, article, "troll@example.org", "192.0.2.1").status_code == 403
    assert post_comment(client, article, "other@example.org", "203.0.113.66").status_code == 403
    assert post_comment(client, article, "other@example.org", "192.0.2.2").status_code == 302
    CommenterBan.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert post_comment(client, article, "troll@example.org", "192.0.2.3").status_code == 302


@pytest.mark.django_db
def test_a_ban_needs_a_sensible_length(client, editor, article):
    item = comment(article)
    client.force_login(editor)
    for days in ("0", "400", "soon"):
        answer = act(client, item, "ban", json=True, days=days)
        assert answer.status_code == 400 and "Ban for 1 to 365 days" in answer.json()["message"]
    assert not CommenterBan.objects.exists()
    assert Comment.objects.get(pk=item.pk).status == Comment.Status.PENDING
