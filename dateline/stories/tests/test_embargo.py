"""Embargoes: nothing goes live before its embargo, whichever way it is published;
the scheduler releases it on time."""

import io
import json
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from dateline.newsroom.models import ArticlePage
from dateline.stories.models import LiveBlogEntry

from .conftest import staff


def later(**delta):
    return (timezone.now() + timedelta(**delta)).replace(microsecond=0)


def scheduler_at(when):
    """`python -m dateline run-scheduler --once`, as if the clock said `when`."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        call_command("run_scheduler", once=True)


def ninjs_item(embargoed: str) -> dict:
    return {
        "uri": "urn:agency:budget:1",
        "type": "text",
        "language": "en",
        "versioncreated": timezone.now().isoformat(),
        "pubstatus": "usable",
        "embargoed": embargoed,
        "headlines": [{"role": "main", "value": "Budget to be announced at noon"}],
        "descriptions": [{"role": "summary", "value": "The finance ministry sets out its plans."}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Embargoed copy."}],
    }


@pytest.mark.django_db
def test_embargoed_ninjs_item_imported_with_publish_waits_for_the_scheduler(client, tmp_path, asia):
    embargo = later(hours=2)
    path = tmp_path / "budget.json"
    path.write_text(json.dumps(ninjs_item(embargo.isoformat())))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_ninjs", str(path), "--section", "news/asia", "--publish", stdout=out, stderr=err
    )
    assert "scheduled to go live" in err.getvalue()

    article = ArticlePage.objects.get(ninjs_uri="urn:agency:budget:1")
    assert article.embargo_until == embargo
    assert not article.live
    revision = Revision.page_revisions.get(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    )
    assert revision.approved_go_live_at == embargo
    # Neither the article nor its ninjs is public while it waits.
    assert client.get(f"/en/news/asia/{article.slug}/").status_code == 404
    assert client.get(f"/en/news/asia/{article.slug}/ninjs/").status_code == 404

    # The scheduler runs every minute: before the embargo it leaves the article alone.
    call_command("run_scheduler", once=True)
    scheduler_at(embargo - timedelta(minutes=1))
    article.refresh_from_db()
    assert not article.live

    scheduler_at(embargo + timedelta(seconds=30))
    article.refresh_from_db()
    assert article.live
    assert article.first_published_at
    response = client.get(f"/en/news/asia/{article.slug}/")
    assert response.status_code == 200 and b"Budget to be announced at noon" in response.content


@pytest.mark.django_db
def test_ninjs_embargoed_round_trips(asia):
    from dateline.ingest.ninjs import import_item
    from dateline.syndication.ninjs import article_to_ninjs

    embargo = later(days=1)
    result = import_item(ninjs_item(embargo.isoformat()), section_path="news/asia")
    assert result.page.embargo_until == embargo
    assert article_to_ninjs(result.page)["embargoed"] == embargo.isoformat()
    lifted = import_item(
        {**ninjs_item(embargo.isoformat()), "embargoed": None}, section_path="news/asia"
    )
    assert lifted.page.get_latest_revision_as_object().embargo_until is None


@pytest.mark.django_db
def test_publishing_in_code_or_by_workflow_cannot_beat_the_embargo(home, asia, make_article):
    embargo = later(hours=3)
    article = make_article(asia, title="Results out at midnight", publish=False)
    article.embargo_until = embargo
    article.save_revision().publish()  # what bulk publish and the importer do
    article.refresh_from_db()
    assert not article.live and article.go_live_at == embargo

    # A reporter submits an embargoed story; an editor approves it at once.
    other = make_article(asia, title="Prize winner named", publish=False)
    other.embargo_until = embargo
    reporter, editor = staff("rita", "Reporters"), staff("eddie", "Editors")
    other.save_revision(user=reporter)
    from wagtail.models import Workflow

    Workflow.objects.get(name="Editorial review").start(other, reporter)
    state = WorkflowState.objects.get(object_id=str(other.pk), status="in_progress")
    state.current_task_state.task.specific.on_action(state.current_task_state, editor, "approve")
    other.refresh_from_db()
    assert not other.live
    assert other.revisions.filter(approved_go_live_at=embargo).exists()


@pytest.mark.django_db
def test_a_page_saved_live_under_embargo_is_not_live(client, asia):
    article = ArticlePage(
        title="Early bird",
        summary=[("point", "Too soon.")],
        embargo_until=later(hours=1),
        live=True,
    )
    asia.add_child(instance=article)
    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url).status_code == 404


def article_form(article, **fields):
    data = {
        "title": article.title,
        "slug": article.slug,
        "social_headline": "",
        "summary": streamfield([("point", "Markets open lower.")]),
        "lead_image": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "body": streamfield([("paragraph", rich_text("<p>Copy.</p>"))]),
        "authors": [],
        "tags": "",
        "related_links": inline_formset([]),
        "notes": inline_formset([]),
        "updated_at": "",
        "story": "",
        "go_live_at": "",
        "expire_at": "",
        "embargo_until": "",
        "comments_open": "on",
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.mark.django_db
def test_editor_publishing_in_the_admin_schedules_for_the_embargo(client, home, asia, make_article):
    editor = staff("eddie", "Editors")
    article = make_article(asia, title="Central bank decision", publish=False)
    embargo = later(hours=2)
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    # The edit page shows the embargo while it holds.
    data = article_form(article, embargo_until=embargo.strftime("%Y-%m-%d %H:%M"))
    client.post(edit_url, data)  # saved as a draft
    assert "Under embargo until" in client.get(edit_url).content.decode()

    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data, follow=True)
    assert response.status_code == 200
    assert "scheduled" in response.content.decode().lower()
    article.refresh_from_db()
    assert not article.live
    assert article.revisions.filter(approved_go_live_at=embargo.replace(second=0)).exists()

    # An explicit go-live time before the embargo moves to the embargo.
    data["go_live_at"] = (timezone.now() + timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M")
    client.post(edit_url, data)
    article.refresh_from_db()
    assert not article.live
    scheduled = article.revisions.get(approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == embargo.replace(second=0)

    # The dashboard lists what waits for its embargo.
    assert "Central bank decision" in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_new_article_with_an_embargo_saves_as_a_draft_or_is_scheduled_for_it(client, asia):
    embargo = later(hours=2).replace(second=0)
    client.force_login(staff("eddie", "Editors"))
    add_url = reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", asia.pk])
    when = embargo.strftime("%Y-%m-%d %H:%M")

    draft = SimpleNamespace(title="Jobs figures out at nine", slug="jobs-figures")
    response = client.post(add_url, article_form(draft, embargo_until=when))
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="jobs-figures")
    assert not article.live
    assert article.get_latest_revision_as_object().embargo_until == embargo

    ready = SimpleNamespace(title="Trade figures out at ten", slug="trade-figures")
    data = article_form(ready, embargo_until=when)
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data, follow=True)
    assert response.status_code == 200
    assert "created and scheduled for publishing" in response.content.decode()
    article = ArticlePage.objects.get(slug="trade-figures")
    assert not article.live
    assert article.revisions.filter(approved_go_live_at=embargo).exists()

    reader = Client()
    assert reader.get("/en/news/asia/trade-figures/").status_code == 404
    scheduler_at(embargo - timedelta(minutes=1))
    assert reader.get("/en/news/asia/trade-figures/").status_code == 404
    scheduler_at(embargo + timedelta(seconds=30))
    response = reader.get("/en/news/asia/trade-figures/")
    assert response.status_code == 200 and b"Trade figures out at ten" in response.content


@pytest.mark.django_db
def test_lifting_the_embargo_lifts_the_go_live_time_it_set(asia, make_article):
    article = make_article(asia, title="Early release", publish=False)
    article.embargo_until = later(hours=2)
    article.save_revision()
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert draft.go_live_at == article.embargo_until
    draft.embargo_until = None
    draft.save_revision().publish()
    article.refresh_from_db()
    assert article.live and article.go_live_at is None


@pytest.mark.django_db
def test_embargoed_live_blog_entry_waits_for_its_time(client, live_blog):
    embargo = later(hours=1)
    entry = LiveBlogEntry(
        live_blog=live_blog,
        headline="Casualty figures",
        body=[("paragraph", "<p>Official figures.</p>")],
        embargo_until=embargo,
        live=False,
    )
    entry.save()
    entry.save_revision().publish()
    entry.refresh_from_db()
    assert not entry.live and entry.status_string == "scheduled"
    assert "Casualty figures" not in client.get(live_blog.url).content.decode()

    scheduler_at(embargo + timedelta(seconds=5))
    entry.refresh_from_db()
    assert entry.live
    assert "Casualty figures" in client.get(live_blog.url).content.decode()
