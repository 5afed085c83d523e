"""The newsroom dashboard: each role sees its panels, with counts and links,
in a bounded number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from dateline.comments.models import Comment
from dateline.newsroom.models import ArticlePage
from dateline.stories.models import BreakingNews, LiveBlogPage
from dateline.wire.models import Agency, WireItem


def member(name: str, group: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def desk(asia, make_article):
    reporter = member("rita", "Reporters")
    editor = member("eddie", "Editors")
    published = make_article(asia, title="Bridge reopens after repairs")
    draft = asia.add_child(
        instance=ArticlePage(
            title="Rita's draft on the dam", summary=[("point", "Water rises.")], live=False
        )
    )
    draft.owner = reporter
    draft.save()
    draft.save_revision(user=reporter)
    scheduled = make_article(asia, title="Budget story for tomorrow", publish=False)
    revision = scheduled.save_revision()
    revision.approved_go_live_at = timezone.now() + timedelta(hours=20)
    revision.save()
    Comment.objects.create(article=published, name="Reader One", body="Good news at last.")
    WireItem.objects.create(
        agency=Agency.objects.create(name="Kestrel", slug="kestrel"),
        uri="urn:kestrel:1",
        version="1",
        language="en",
        headline="Agency flash: strike called off",
        payload={},
    )
    blog = asia.add_child(instance=LiveBlogPage(title="Valley floods: live", slug="floods-live"))
    blog.save_revision().publish()
    BreakingNews.objects.create(text="Strike called off", locale=Locale.get_default())
    return reporter, editor


def dashboard(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_editor_sees_the_whole_desk(client, desk):
    _, editor = desk
    page = dashboard(client, editor)
    for heading, item in (
        ("Going live in the next 48 hours", "Budget story for tomorrow"),
        ("Pending comments", "Reader One: Bridge reopens after repairs"),
        ("On the wire", "Agency flash: strike called off"),
        ("Open live blogs", "Valley floods: live"),
        ("Breaking banner", "Strike called off"),
    ):
        assert heading in page and item in page, heading
    assert 'href="/admin/comments/queue/"' in page and 'href="/admin/wire/"' in page


@pytest.mark.django_db
def test_a_reporter_sees_their_drafts_and_not_the_desk(client, desk):
    reporter, _ = desk
    page = dashboard(client, reporter)
    assert "Your drafts" in page and "Rita&#x27;s draft on the dam" in page
    assert "Your stories in review" in page
    for desk_only in ("On the wire", "Pending comments", "Breaking banner", "Open live blogs"):
        assert desk_only not in page


@pytest.mark.django_db
def test_the_dashboard_costs_a_bounded_number_of_queries(client, desk, asia, make_article):
    _, editor = desk
    dashboard(client, editor)  # sessions, sites and caches warmed
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        dashboard(client)
    listed = "\n".join(q["sql"][:160] for q in queries)
    # Issue 17's budget: 15 for the whole page, of which every desk panel
    # together is one (newsroom.desk: one UNION ALL of each panel's rows).
    assert len(queries) <= 15, listed
    assert sum("desk_key" in q["sql"] for q in queries) == 1, listed
    # More of everything costs no more queries.
    for n in range(10):
        make_article(asia, title=f"Another story {n}")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as more:
        dashboard(client)
    assert len(more) <= len(queries)
