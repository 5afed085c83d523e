"""A private article (behind a login or a password, on itself or on its section)
is on no public surface: an anonymous reader sees neither its headline, nor its
link, nor a count or a search answer that gives it away. Each test runs once per
way of making it private (`make_private` in dateline/conftest.py)."""

import pytest
from django.urls import reverse

from dateline.comments.models import Comment
from dateline.newsroom.models import Author, NewsTag

HEADLINE = "Minister drafts a quiet memo"
BODY_WORD = "quillfeather"


@pytest.fixture
def private_article(news, asia, make_article, make_private):
    # A public article beside it, so every listing has something to show.
    make_article(news, title="Harbour fair opens for the summer")
    article = make_article(
        asia,
        title=HEADLINE,
        summary=[("point", "A memo nobody outside may read.")],
        body=[("paragraph", f"<p>The {BODY_WORD} plan is in the memo.</p>")],
    )
    article.authors.add(Author.objects.create(name="Nadia Ross", slug="nadia-ross"))
    article.tags.add(NewsTag.objects.create(name="Memos", slug="memos"))
    article.save_revision().publish()
    make_private(article)
    return article


def assert_not_shown(client, url, article):
    response = client.get(url)
    assert response.status_code in (200, 302, 404), url
    content = response.content.decode()
    assert HEADLINE not in content, url
    assert article.url not in content, url
    return response


@pytest.mark.django_db
def test_private_article_is_on_no_listing_feed_or_sitemap(client, private_article, news, asia):
    urls = [
        "/en/",
        news.url,
        asia.url,
        "/en/tags/memos/",
        "/en/authors/nadia-ross/",
        reverse("feeds:site-rss"),
        reverse("feeds:site-atom") + "?full=1",
        reverse("feeds:section-rss", args=[news.pk]),
        reverse("feeds:tag-atom", args=["memos"]),
        reverse("feeds:author-rss", args=["nadia-ross"]),
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
    ]
    for url in urls:
        assert_not_shown(client, url, private_article)
    # The public article beside it is still listed.
    assert "Harbour fair opens" in client.get(news.url).content.decode()


@pytest.mark.django_db
def test_search_says_nothing_about_a_private_article(client, private_article):
    for words in ("minister drafts", BODY_WORD):
        response = assert_not_shown(client, "/en/search/?" + f"q={words}", private_article)
        content = response.content.decode()
        assert "No results for" in content, words
        assert "1 result" not in content, words


@pytest.mark.django_db
def test_private_article_is_not_counted_in_its_section(client, private_article, news, settings):
    settings.DATELINE_PAGE_SIZE = 1
    # One public article under News: one page, and no second page to find the other on.
    assert client.get(news.url).status_code == 200
    assert client.get(news.url + "?page=2").status_code == 404


@pytest.mark.django_db
def test_private_article_takes_no_comments(client, private_article):
    url = reverse("comments:form", args=[private_article.pk])
    assert assert_not_shown(client, url, private_article).status_code == 404
    data = {"name": "Lale", "email": "lale@example.org", "body": "I read it anyway."}
    assert client.post(url, data).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_private_article_and_its_ninjs_are_not_served(client, private_article):
    # A password form names the page it opens (its return URL), nothing of it.
    for url in (private_article.url, private_article.url + "ninjs/"):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        content = response.content.decode()
        assert HEADLINE not in content and BODY_WORD not in content, url


@pytest.mark.django_db
def test_private_article_is_not_a_related_story_on_a_public_one(
    client, private_article, news, make_article
):
    public = make_article(news, title="Ministry answers questions")
    public.set_related([private_article])
    public.save_revision().publish()
    assert_not_shown(client, public.url, private_article)


@pytest.mark.django_db
def test_a_tag_only_private_articles_carry_has_no_public_page(client, private_article):
    assert client.get("/en/tags/memos/").status_code == 404
    assert client.get(reverse("feeds:tag-atom", args=["memos"])).status_code == 404
