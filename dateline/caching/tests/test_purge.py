"""Publishing purges every page that shows a story, from one purge list."""

import pytest
from django.urls import reverse

from dateline.caching.purge import urls_showing_article
from dateline.comments.models import Comment
from dateline.newsroom.models import Author, NewsTag

ROOT = "http://127.0.0.1:8000"


@pytest.fixture
def story(asia, make_article):
    article = make_article(asia, title="Ferry timetable changes for winter")
    article.authors.add(Author.objects.create(name="Sara Lind"))
    article.tags.add(NewsTag.objects.create(name="Ferries", slug="ferries"))
    article.save_revision().publish()
    return article


@pytest.fixture
def page_cache(settings):
    settings.DATELINE_PAGE_CACHE = "default"


@pytest.mark.django_db
def test_purge_list_names_every_page_that_shows_the_article(story, asia, news):
    urls = set(urls_showing_article(story))
    expected = {
        ROOT + story.url,
        ROOT + story.url + "ninjs/",
        ROOT + "/en/",
        ROOT + news.url,
        ROOT + asia.url,
        ROOT + "/en/tags/ferries/",
        ROOT + "/en/authors/sara-lind/",
        ROOT + "/en/feeds/rss/",
        ROOT + "/en/feeds/atom/",
        ROOT + "/en/feeds/rss/?full=1",
        ROOT + f"/en/feeds/sections/{asia.pk}/rss/",
        ROOT + f"/en/feeds/sections/{news.pk}/atom/",
        ROOT + "/en/feeds/tags/ferries/rss/",
        ROOT + "/en/feeds/authors/sara-lind/atom/",
        ROOT + "/sitemap.xml",
        ROOT + "/sitemap-articles.xml",
        ROOT + "/sitemap-articles.xml?p=1",
        ROOT + "/news-sitemap.xml",
    }
    assert expected <= urls, expected - urls


@pytest.mark.django_db
def test_repeat_views_come_from_the_page_cache(client, story, page_cache):
    first = client.get(story.url)
    second = client.get(story.url)
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


@pytest.mark.django_db
def test_publishing_an_edit_purges_article_fronts_tags_and_feeds(
    client, story, asia, page_cache, django_capture_on_commit_callbacks
):
    urls = [story.url, asia.url, "/en/", "/en/tags/ferries/", reverse("feeds:site-rss")]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url

    story.title = "Ferry timetable changes again"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "Ferry timetable changes again" in response.content.decode(), url


@pytest.mark.django_db
def test_unpublished_article_is_purged(
    client, story, page_cache, django_capture_on_commit_callbacks
):
    client.get(story.url)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert client.get(story.url).status_code == 404


@pytest.mark.django_db
def test_approving_a_comment_purges_article_and_section_front(
    client, story, asia, page_cache, django_capture_on_commit_callbacks
):
    comment = Comment.objects.create(article=story, name="Ali", body="Helpful, thanks.")
    client.get(story.url), client.get(asia.url)
    with django_capture_on_commit_callbacks(execute=True):
        comment.set_status(Comment.Status.APPROVED)
    assert "Helpful, thanks." in client.get(story.url).content.decode()
    assert "1 comment" in client.get(asia.url).content.decode()


@pytest.mark.django_db
def test_admin_and_responses_with_cookies_are_never_cached(client, story, admin_user, page_cache):
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get("/admin/")
        assert "X-Cache" not in response
    form = reverse("comments:form", args=[story.pk])
    client.get(form)
    assert "X-Cache" not in client.get(form), "a page with a CSRF cookie is never shared"


@pytest.mark.django_db
def test_preview_is_never_cached(client, story, admin_user, page_cache):
    client.force_login(admin_user)
    preview = reverse("wagtailadmin_pages:view_draft", args=[story.pk])
    response = client.get(preview)
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")
    assert "X-Cache" not in client.get(preview)


@pytest.mark.django_db
def test_making_an_article_private_purges_it_and_its_listings(
    client, story, asia, page_cache, make_private, django_capture_on_commit_callbacks
):
    listings = [asia.url, "/en/", "/en/tags/ferries/", reverse("feeds:site-rss")]
    for url in [story.url, story.url + "ninjs/", *listings]:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url

    with django_capture_on_commit_callbacks(execute=True):
        restriction = make_private(story)

    for url in [story.url, story.url + "ninjs/", *listings]:
        response = client.get(url)
        assert "Ferry timetable changes" not in response.content.decode(), url

    # Lifting the restriction purges too: the listings cached meanwhile show it again.
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    for url in [story.url, *listings]:
        assert "Ferry timetable changes" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_an_unpublished_article_leaves_no_copy_under_another_language(
    client, story, page_cache, django_capture_on_commit_callbacks
):
    french_copy = story.url.replace("/en/", "/fr/", 1)
    client.get(french_copy)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert client.get(french_copy).status_code == 404


@pytest.mark.django_db
def test_publishing_purges_the_edition_each_article_is_in(
    client,
    story,
    asia,
    make_edition,
    make_section,
    make_article,
    page_cache,
    django_capture_on_commit_callbacks,
):
    spanish_home = make_edition("es")
    noticias = make_section(spanish_home, "Noticias", "noticias")
    articulo = make_article(noticias, title="El puente reabre tras las obras")
    editions = {
        story: [story.url, asia.url, "/en/", "/en/feeds/rss/"],
        articulo: [articulo.url, noticias.url, "/es/", "/es/feeds/rss/"],
    }
    for urls in editions.values():
        for url in urls:
            client.get(url)
            assert client.get(url)["X-Cache"] == "HIT", url

    for article, urls in editions.items():
        article.title += " (updated)"
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert article.title in response.content.decode(), url
