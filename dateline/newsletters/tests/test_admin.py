"""Editors find newsletters in the admin: issues with a preview and Send now,
subscribers they may read but not change."""

import pytest
from django.contrib.auth.models import Group, User

from dateline.newsletters.issues import make_issue
from dateline.newsletters.models import Issue, Subscriber


@pytest.fixture
def editor(home):
    user = User.objects.create_user("eddie", "eddie@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.django_db
def test_an_editor_previews_and_sends_an_issue_and_cannot_edit_subscribers(
    client, editor, mailbox, briefing, subscribe, news, make_article
):
    make_article(news, title="Harbour reopens")
    reader = subscribe(briefing, "reader@example.org")
    issue = make_issue(briefing)
    client.force_login(editor)

    admin = client.get("/admin/").content.decode()
    assert "Newsletters" in admin
    listing = client.get("/admin/snippets/newsletters/issue/").content.decode()
    assert issue.subject in listing and f"/admin/newsletters/issue/{issue.pk}/send/" in listing

    preview = client.get(f"/admin/newsletters/issue/{issue.pk}/preview/")
    assert preview.status_code == 200 and "Harbour reopens" in preview.content.decode()

    assert client.get(f"/admin/newsletters/issue/{issue.pk}/send/").status_code == 200
    assert not mailbox.messages  # a GET sends nothing
    assert client.post(f"/admin/newsletters/issue/{issue.pk}/send/").status_code == 302
    assert mailbox.per_address() == {"reader@example.org": 1}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT

    assert client.get("/admin/snippets/newsletters/subscriber/").status_code == 200
    edit = client.post(
        f"/admin/snippets/newsletters/subscriber/edit/{reader.pk}/", {"email": "x@example.org"}
    )
    assert edit.status_code in (302, 403)
    assert Subscriber.objects.get(pk=reader.pk).email == "reader@example.org"
