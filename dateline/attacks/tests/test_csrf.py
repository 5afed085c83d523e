"""Forged posts (no CSRF token, or a wrong one) change nothing: Django's CSRF
checks enforced, as a browser on another site would post."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from dateline.comments.models import Comment
from dateline.newsroom.models import ArticlePage


@pytest.fixture
def forger():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 16)


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, "forged-token-forged-token-forged-1"])
def test_comment_without_a_valid_token_is_refused(forger, news, make_article, token):
    article = make_article(news)
    data = {"name": "Mallory", "body": "Posted from another site"}
    if token:
        data["csrfmiddlewaretoken"] = token
    response = forger.post(f"/en/comments/{article.pk}/", data)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_comment_with_the_pages_token_is_accepted(forger, news, make_article):
    # The same client, playing by the rules, gets through: the refusal above is CSRF.
    article = make_article(news)
    form = forger.get(f"/en/comments/{article.pk}/")
    token = forger.cookies["csrftoken"].value
    assert form.status_code == 200
    response = forger.post(
        f"/en/comments/{article.pk}/",
        {"name": "Reader", "body": "Hello", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and Comment.objects.count() == 1


@pytest.mark.django_db
def test_admin_login_without_a_token_is_refused(forger, admin_user):
    response = forger.post("/admin/login/", {"username": "chief", "password": "x" * 16})
    assert response.status_code == 403
    assert "_auth_user_id" not in forger.session


@pytest.mark.django_db
def test_admin_actions_without_a_token_are_refused(forger, admin_user, news, make_article):
    article = make_article(news, title="Must survive a forged delete")
    comment = Comment.objects.create(article=article, name="A", body="Waiting")
    forger.force_login(admin_user)

    delete = forger.post(reverse("wagtailadmin_pages:delete", args=[article.pk]))
    unpublish = forger.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    approve = forger.post(
        reverse("wagtail_bulk_action", args=["comments", "comment", "approve"])
        + f"?id={comment.pk}"
    )
    add_user = forger.post(
        reverse("wagtailusers_users:add"),
        {"username": "intruder", "password1": "y" * 16, "password2": "y" * 16},
    )

    assert [r.status_code for r in (delete, unpublish, approve, add_user)] == [403] * 4
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not get_user_model().objects.filter(username="intruder").exists()
