"""The story budget: planned in the admin, started as a draft, followed to
publication, and due lines on each person's dashboard."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dateline.budget.models import PlannedStory
from dateline.newsroom.models import ArticlePage


def member(name: str, group: str) -> User:
    user = User.objects.create_user(
        name, f"{name}@example.org", "correct-horse-battery", first_name=name.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def rita(home):
    return member("rita", "Reporters")


@pytest.fixture
def otto(home):
    return member("otto", "Reporters")


@pytest.fixture
def eddie(home):
    return member("eddie", "Editors")


@pytest.fixture
def plan(asia):
    def make(slug="kabul-floods", section=None, hours=3, **fields):
        fields.setdefault("title", slug.replace("-", " ").capitalize())
        return PlannedStory.objects.create(
            slug=slug,
            section=section or asia,
            planned_at=timezone.now() + timedelta(hours=hours),
            **fields,
        )

    return make


def page(client, url, user=None, **query) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_editor_plans_a_story_and_a_bad_slug_is_named(client, eddie, rita, asia):
    client.force_login(eddie)
    fields = {
        "slug": "kabul-floods",
        "title": "Floods cut the road to Kabul",
        "description": "Rain closes the highway; the army sends boats.",
        "section": asia.pk,
        "assignee": rita.pk,
        "planned_at": "2026-12-05 09:30",
        "status": "planned",
        "note": "Call the district office first.",
    }
    response = client.post(reverse("budget:add"), fields)
    assert response.status_code == 302
    line = PlannedStory.objects.get()
    assert (line.section, line.assignee, line.created_by) == (asia, rita, eddie)
    listing = page(client, reverse("budget:index"))
    assert "kabul-floods" in listing and "Floods cut the road to Kabul" in listing
    assert "Asia (en)" in listing and "Rita" in listing

    refused = client.post(reverse("budget:add"), {**fields, "slug": "Kabul floods!"})
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["slug"]
    html = refused.content.decode()
    assert "Enter a valid “slug”" in html and 'aria-invalid="true"' in html
    assert PlannedStory.objects.count() == 1


@pytest.mark.django_db
def test_the_budget_filters_by_section_person_status_and_day(
    client, eddie, rita, otto, asia, news, plan
):
    plan("kabul-floods", assignee=rita, hours=2)
    plan("budget-vote", section=news, assignee=otto, hours=30, status="in_progress")
    plan("old-story", assignee=otto, hours=-72, status="spiked")
    url = reverse("budget:index")
    client.force_login(eddie)

    def shown(**query):
        html = page(client, url, **query)
        return {slug for slug in ("kabul-floods", "budget-vote", "old-story") if slug in html}

    assert shown() == {"kabul-floods", "budget-vote", "old-story"}
    assert shown(section=asia.pk) == {"kabul-floods", "old-story"}
    assert shown(assignee=otto.pk) == {"budget-vote", "old-story"}
    assert shown(status="in_progress") == {"budget-vote"}
    assert shown(q="vote") == {"budget-vote"}
    tomorrow = timezone.localtime(timezone.now() + timedelta(hours=30)).date()
    assert "budget-vote" in shown(day=tomorrow.isoformat())
    assert "old-story" not in shown(day=tomorrow.isoformat())
    # Ordered by planned time: the spiked one of three days ago first.
    html = page(client, url)
    assert html.index("old-story") < html.index("kabul-floods") < html.index("budget-vote")
    # Nonsense in a filter is ignored, not a server error.
    assert page(client, url, section="99999999999999999999999", day="9999-12-31")


@pytest.mark.django_db
def test_start_makes_one_draft_in_the_section_for_the_assignee(
    client, rita, asia, plan, make_article
):
    make_article(asia, title="Earlier floods", slug="kabul-floods")
    line = plan(
        "kabul-floods",
        title="Floods cut the road to Kabul",
        description="Rain closes the highway.",
        assignee=rita,
    )
    client.force_login(rita)
    # The button is on the reporter's view of the budget.
    assert reverse("budget_start", args=[line.pk]) in page(client, reverse("budget:index"))

    response = client.post(reverse("budget_start", args=[line.pk]))
    draft = ArticlePage.objects.get(title="Floods cut the road to Kabul")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert draft.get_parent().pk == asia.pk and not draft.live
    assert draft.slug == "kabul-floods-2" and draft.owner == rita
    assert draft.summary_points == ["Rain closes the highway."]
    line.refresh_from_db()
    assert (line.article_id, line.status) == (draft.pk, PlannedStory.Status.IN_PROGRESS)

    again = client.post(reverse("budget_start", args=[line.pk]))
    assert again["Location"] == response["Location"]
    assert ArticlePage.objects.filter(title="Floods cut the road to Kabul").count() == 1
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_only_the_assignee_or_the_desk_may_start_and_only_by_post(
    client, rita, otto, eddie, asia, plan
):
    line = plan(assignee=rita)
    url = reverse("budget_start", args=[line.pk])
    client.force_login(otto)
    # Wagtail's admin answers a refusal with a redirect to the dashboard.
    refused = client.post(url)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert url not in page(client, reverse("budget:index"))
    client.force_login(rita)
    assert client.get(url).status_code == 405
    assert not ArticlePage.objects.filter(slug="kabul-floods").exists()

    # An editor starts a line nobody has yet: the draft is the editor's.
    open_line = plan("dam-report")
    client.force_login(eddie)
    assert reverse("budget_start", args=[open_line.pk]) in page(
        client, reverse("budget:edit", args=[open_line.pk])
    )
    client.post(reverse("budget_start", args=[open_line.pk]))
    assert ArticlePage.objects.get(slug="dam-report").owner == eddie


@pytest.mark.django_db
def test_the_line_shows_published_when_its_draft_is(client, eddie, asia, plan):
    line = plan()
    client.force_login(eddie)
    client.post(reverse("budget_start", args=[line.pk]))
    line.refresh_from_db()
    line.article.save_revision().publish()
    line.refresh_from_db()
    assert line.status == PlannedStory.Status.PUBLISHED
    html = page(client, reverse("budget:index"), status="published")
    assert "kabul-floods" in html


@pytest.fixture
def due_lines(rita, otto, plan):
    plan("kabul-floods", assignee=rita, hours=3, title="Floods cut the road")
    plan("dam-report", assignee=rita, hours=-2, title="Dam inspection")
    plan("next-week", assignee=rita, hours=24 * 7, title="Too far ahead")
    plan("old-news", assignee=rita, hours=-5, status="published", title="Already out")
    plan("dropped", assignee=rita, hours=1, status="spiked", title="Spiked one")
    plan("budget-vote", assignee=otto, hours=5, title="Budget vote")


def dashboard(client, user) -> str:
    return page(client, "/admin/", user)


DUE = "Due on the budget"


@pytest.mark.django_db
def test_the_dashboard_shows_a_reporter_their_due_and_overdue_lines(client, rita, due_lines):
    html = dashboard(client, rita)
    assert DUE in html
    panel = html[html.index(DUE) :]
    assert 'data-desk-count="2"' in panel
    assert panel.index("dam-report: Dam inspection") < panel.index("kabul-floods")
    assert "overdue" in panel
    for hidden in ("Too far ahead", "Already out", "Spiked one", "Budget vote"):
        assert hidden not in html, hidden


@pytest.mark.django_db
def test_an_editor_sees_every_due_line_with_links(client, eddie, due_lines):
    html = dashboard(client, eddie)
    panel = html[html.index(DUE) :]
    assert 'data-desk-count="3"' in panel
    assert "Budget vote" in panel and "Floods cut the road" in panel
    line = PlannedStory.objects.get(slug="budget-vote")
    assert reverse("budget:edit", args=[line.pk]) in panel
    assert f'href="{reverse("budget:index")}"' in panel


@pytest.mark.django_db
def test_the_due_panel_costs_the_same_queries_however_long_the_budget(
    client, rita, due_lines, plan
):
    # More lines than the panel shows, so both runs count them.
    for n in range(4):
        plan(f"more-{n}", assignee=rita, hours=n)
    dashboard(client, rita)  # sessions, sites and caches warmed
    with CaptureQueriesContext(connection) as queries:
        dashboard(client, None)
    for n in range(12):
        plan(f"extra-{n}", assignee=rita, hours=n - 6)
    with CaptureQueriesContext(connection) as more:
        html = dashboard(client, None)
    assert 'data-desk-count="18"' in html
    assert len(more) == len(queries), "\n".join(q["sql"][:160] for q in more)
