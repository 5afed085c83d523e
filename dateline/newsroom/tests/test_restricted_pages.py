"""Wagtail's page passwords and reader sign-in open restricted articles."""

import re

from wagtail.models import PageViewRestriction


def test_password_protected_article_opens_with_its_password(client, make_article, asia):
    article = make_article(asia, title="Members' briefing")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="harbour-lights"
    )
    form = client.get(article.url)
    assert form.status_code == 200
    assert "You need a password to access this page" in form.text
    assert "Members&#x27; briefing" not in form.text
    action = re.search(r'<form action="([^"]+)"', form.text).group(1)
    return_url = re.search(r'name="return_url" value="([^"]+)"', form.text).group(1)

    wrong = client.post(action, {"password": "guess", "return_url": return_url})
    assert wrong.status_code == 200 and "Members&#x27; briefing" not in wrong.text

    right = client.post(action, {"password": "harbour-lights", "return_url": return_url})
    assert right.status_code == 302 and right["Location"] == article.url
    opened = client.get(article.url)
    assert opened.status_code == 200
    assert "<h1" in opened.text and "Members&#x27; briefing" in opened.text
    assert "public" not in opened["Cache-Control"]


def test_login_restricted_article_sends_readers_to_a_sign_in_page(client, make_article, asia):
    article = make_article(asia, title="Members' briefing")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302
    sign_in = client.get(response["Location"])
    assert sign_in.status_code == 200
    assert 'name="password"' in sign_in.text
