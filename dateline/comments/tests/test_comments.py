"""Readers comment; editors moderate; the article shows what was approved."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Site

from dateline.comments.models import Comment, CommentSettings


def form_url(article):
    return reverse("comments:form", args=[article.pk])


def post(client, article, **fields):
    data = {"name": "Lale", "email": "lale@example.org", "body": "Thanks for this report."}
    data.update(fields)
    return client.post(form_url(article), data, REMOTE_ADDR=fields.pop("ip", "203.0.113.7"))


@pytest.fixture
def article(asia, make_article):
    return make_article(asia, title="Council votes to restore the old library")


@pytest.fixture
def editor(home):
    user = User.objects.create_user("eddie", "eddie@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.django_db
def test_comment_waits_for_moderation_then_shows_with_reply(client, article, editor, asia):
    page = client.get(article.url).content.decode()
    assert "No comments yet." in page and "(0)" in page

    response = post(client, article, body="Good news for the town.")
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in follow
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.ip_address == "203.0.113.7"
    assert "Good news for the town." not in client.get(article.url).content.decode()

    client.force_login(editor)
    bulk = (
        reverse("wagtail_bulk_action", args=["comments", "comment", "approve"])
        + f"?id={comment.pk}"
    )
    assert client.post(bulk, {}).status_code == 302
    client.logout()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.moderated_by == editor

    response = post(client, article, name="Omid", body="Agreed!", parent=str(comment.pk))
    reply = Comment.objects.get(name="Omid")
    assert reply.parent == comment
    reply.set_status(Comment.Status.APPROVED)

    html = client.get(article.url).content.decode()
    assert "Good news for the town." in html and "(2)" in html
    assert html.index("Good news for the town.") < html.index("Agreed!")
    assert '<ol class="comment-replies">' in html
    assert "lale@example.org" not in html, "emails are never shown"
    front = client.get(asia.url).content.decode()
    assert "2 comments" in front


@pytest.mark.django_db
def test_editor_sees_newest_pending_first_with_article(client, article, editor):
    for n in range(3):
        Comment.objects.create(article=article, name=f"Reader {n}", body=f"Comment number {n}")
    client.force_login(editor)
    html = client.get(reverse("wagtailsnippets_comments_comment:list")).content.decode()
    assert html.index("Comment number 2") < html.index("Comment number 0")
    assert "Council votes to restore the old library" in html


@pytest.mark.django_db
def test_reject_and_spam_hide_comments(client, article, editor):
    shown = Comment.objects.create(article=article, name="A", body="Visible", status="approved")
    client.force_login(editor)
    for action in ("reject", "spam"):
        url = reverse("wagtail_bulk_action", args=["comments", "comment", action])
        client.post(url + f"?id={shown.pk}", {})
        shown.refresh_from_db()
        assert shown.status == action.replace("reject", "rejected")
    client.logout()
    assert "Visible" not in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_auto_approve_setting_publishes_at_once(client, article, home):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.auto_approve = True
    settings.save()
    response = post(client, article, body="Straight through.")
    assert "sent=approved" in response["Location"]
    assert "Straight through." in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_honeypot_refuses_with_a_clear_message(client, article):
    response = post(client, article, website="http://spam.example")
    assert response.status_code == 400
    assert "could not be accepted" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_rate_limit_refuses_with_a_clear_message(client, article, settings):
    settings.DATELINE_COMMENT_RATE = (3, 600)
    for n in range(3):
        assert post(client, article, body=f"Comment {n}").status_code == 302
    response = post(client, article, body="One too many")
    assert response.status_code == 429
    assert "wait a few minutes" in response.content.decode()
    assert Comment.objects.count() == 3
    # Another reader is not affected.
    assert post(client, article, body="Hello", ip="198.51.100.2").status_code == 302


@pytest.mark.django_db
def test_refused_posts_do_not_use_up_the_rate_limit(client, article, settings):
    settings.DATELINE_COMMENT_RATE = (2, 600)
    for _ in range(3):
        assert post(client, article, body="").status_code == 400  # a slip: empty comment
        assert post(client, article, website="http://spam.example").status_code == 400
    assert post(client, article, body="First").status_code == 302
    assert post(client, article, body="Second").status_code == 302
    assert post(client, article, body="Third").status_code == 429
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_head_on_the_form_answers_like_get(client, article):
    response = client.head(form_url(article))
    assert response.status_code == 200
    assert response.content == b""
    assert response["Cache-Control"] == client.get(form_url(article))["Cache-Control"]
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_comment_form_past_the_database_range_is_not_found(client, home):
    assert client.get("/en/comments/99999999999999999999999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1)) javascript:alert(1)",
        '<a href="javascript:alert(1)">win</a>',
    ],
)
def test_markup_is_stored_as_text_and_rendered_inert(client, article, body):
    post(client, article, body=body)
    comment = Comment.objects.get()
    assert comment.body == body, "what the reader typed is kept as text"
    comment.set_status(Comment.Status.APPROVED)
    html = client.get(article.url).content.decode()
    if "<" in body:
        assert body not in html and "&lt;" in html
    assert 'href="javascript' not in html and "<script>alert" not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")


@pytest.mark.django_db
def test_links_are_nofollow_ugc(client, article):
    Comment.objects.create(
        article=article, name="A", body="See https://example.org/report", status="approved"
    )
    html = client.get(article.url).content.decode()
    assert '<a href="https://example.org/report" rel="nofollow ugc noopener">' in html


@pytest.mark.django_db
def test_too_long_and_empty_comments_are_refused_by_field(client, article, settings):
    settings.DATELINE_COMMENT_MAX_LENGTH = 50
    response = post(client, article, body="x" * 51, name="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep it under 50 characters" in html and "Give a name" in html
    assert 'value="lale@example.org"' in html, "what the reader typed is kept"
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_closing_comments_on_an_article(client, article):
    article.comments_open = False
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "Comments are closed on this article." in html and "Write a comment" not in html
    response = post(client, article)
    assert response.status_code == 403 and not Comment.objects.exists()


@pytest.mark.django_db
def test_site_setting_closes_comments_after_n_days(client, article):
    from datetime import timedelta

    from django.utils import timezone

    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.close_after_days = 7
    settings.save()
    article.first_published_at = timezone.now() - timedelta(days=8)
    article.save()
    assert post(client, article).status_code == 403
    assert "close 7 days after publication" in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_posting_to_an_unpublished_article_is_refused(client, asia, make_article):
    draft = make_article(asia, title="Not yet out", publish=False)
    assert post(client, draft).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(form_url(article), {"name": "A", "body": "No token"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_article_stays_cacheable_and_form_page_does_not(client, article):
    response = client.get(article.url)
    assert "public" in response["Cache-Control"] and not response.cookies
    form = client.get(form_url(article))
    assert "no-cache" in form["Cache-Control"] or "private" in form["Cache-Control"]
    assert "csrfmiddlewaretoken" in form.content.decode()


@pytest.mark.django_db
def test_every_description_the_form_points_to_is_on_the_page(client, article):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(form_url(article)).content, "html.parser")
    described = [f for f in page.select("form#comment-form [aria-describedby]")]
    assert described, "the email field names its hint"
    for field in described:
        for name in field["aria-describedby"].split():
            target = page.find(id=name)
            assert target is not None and target.get_text(strip=True), (field["name"], name)


@pytest.mark.django_db
def test_comment_counts_on_listings_cost_no_query_per_article(client, asia, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries():
        client.get(asia.url)
        with CaptureQueriesContext(connection) as ctx:
            client.get(asia.url)
        return len(ctx.captured_queries)

    first = make_article(asia, title="First")
    Comment.objects.create(article=first, name="A", body="x", status="approved")
    few = count_queries()
    for n in range(8):
        article = make_article(asia, title=f"More {n}")
        Comment.objects.create(article=article, name="A", body="x", status="approved")
    assert count_queries() == few
