"""The newsroom workflow through the real admin: a reporter files, an editor approves."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from dateline.newsroom.models import ArticlePage, NewsTag


def staff(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name=group))
    return user


def article_form(title, summary):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "social_headline": "",
            "summary": streamfield([("point", summary)]),
            "lead_image": "",
            "lead_image_alt": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
            "body": streamfield([("paragraph", rich_text("<p>Filed from the field.</p>"))]),
            "authors": [],
            "tags": "",
            "related_links": inline_formset([]),
            "notes": inline_formset([]),
            "updated_at": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )


@pytest.mark.django_db
def test_reporter_files_editor_approves_story_reaches_section_and_home(client, home, asia):
    reporter, editor = staff("rita", "Reporters"), staff("eddie", "Editors")
    add_url = reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", asia.pk])

    client.force_login(reporter)
    data = article_form("Night buses return to the river district", "Services run until 2am.")
    data["action-submit"] = "Submit to Editorial review"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(title="Night buses return to the river district")
    assert not article.live
    assert not article.permissions_for_user(reporter).can_publish()
    state = WorkflowState.objects.get(
        object_id=str(article.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert state.workflow.name == "Editorial review"
    # Not on the public site while it waits for review.
    assert client.get(asia.url).content.decode().count("Night buses") == 0

    client.force_login(editor)
    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]
    )
    response = client.post(approve_url, {"comment": "Good to go"})
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live

    client.logout()
    assert "Night buses return to the river district" in client.get(asia.url).content.decode()
    assert "Night buses return to the river district" in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_reporter_cannot_publish_directly(client, home, asia):
    reporter = staff("rita", "Reporters")
    client.force_login(reporter)
    add_url = reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", asia.pk])
    data = article_form("Harbour fees to rise", "Port authority confirms.")
    data["action-publish"] = "Publish"
    client.post(add_url, data)
    article = ArticlePage.objects.get(title="Harbour fees to rise")
    assert not article.live


@pytest.mark.django_db
def test_reporter_cannot_publish_a_tag_page(client, home, asia, make_article):
    """A reporter may add a tag, but its page goes public only with an article
    an editor has published."""
    client.force_login(staff("rita", "Reporters"))
    client.post(
        reverse("wagtailsnippets_newsroom_newstag:add"),
        {"name": "Mayor takes bribes", "slug": "mayor-takes-bribes", "kind": "person"},
    )
    tag = NewsTag.objects.get(slug="mayor-takes-bribes")
    draft = make_article(asia, title="Council inquiry opens", publish=False)
    draft.tags.add(tag)
    draft.save_revision()
    client.logout()
    assert client.get("/en/tags/mayor-takes-bribes/").status_code == 404
    assert client.get("/en/feeds/tags/mayor-takes-bribes/rss/").status_code == 404

    draft.save_revision().publish()
    page = client.get("/en/tags/mayor-takes-bribes/")
    assert page.status_code == 200 and "Council inquiry opens" in page.text
    assert client.get("/en/feeds/tags/mayor-takes-bribes/rss/").status_code == 200


@pytest.mark.django_db
def test_scheduled_article_goes_live_at_its_time(client, home, asia, make_article):
    article = make_article(asia, title="Observatory opens to the public", publish=False)
    go_live = timezone.now() + timedelta(seconds=2)
    article.go_live_at = go_live
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live, "a scheduled story must wait for its time"

    call_command("run_scheduler", once=True)
    article.refresh_from_db()
    assert not article.live

    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.2)
    call_command("run_scheduler", once=True)
    article.refresh_from_db()
    assert article.live
    assert "Observatory opens to the public" in client.get(asia.url).content.decode()
