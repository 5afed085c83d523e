"""What an editor is allowed to save, and what readers then see."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Locale

from dateline.newsroom.models import ArticlePage, TopStory


@pytest.mark.django_db
def test_article_needs_a_summary(asia):
    with pytest.raises(ValidationError) as error:
        asia.add_child(instance=ArticlePage(title="No summary here", summary=[]))
    assert "summary" in error.value.message_dict


@pytest.mark.django_db
def test_lead_photo_needs_alt_text(asia, make_photo):
    photo = make_photo(description="")
    with pytest.raises(ValidationError) as error:
        asia.add_child(
            instance=ArticlePage(
                title="Photo without words",
                summary=[("point", "A point.")],
                lead_image=photo,
            )
        )
    assert "lead_image_alt" in error.value.message_dict


@pytest.mark.django_db
def test_caption_without_photo_is_refused(asia):
    with pytest.raises(ValidationError) as error:
        asia.add_child(
            instance=ArticlePage(
                title="Caption alone",
                summary=[("point", "A point.")],
                lead_image_caption="A caption for nothing",
            )
        )
    assert "lead_image" in error.value.message_dict


@pytest.mark.django_db
def test_at_most_six_related_articles(asia, make_article):
    others = [make_article(asia, title=f"Story number {n}") for n in range(7)]
    article = make_article(asia, title="The main story")
    article.set_related(others)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "related_links" in error.value.message_dict
    article.set_related(others[:6])
    article.full_clean()


@pytest.mark.django_db
def test_update_cannot_predate_publication(asia, make_article):
    article = make_article(asia)
    article.updated_at = article.first_published_at - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "updated_at" in error.value.message_dict


@pytest.mark.django_db
def test_significant_update_shows_updated_time_once(client, asia, make_article):
    article = make_article(asia, title="Dam inspection finds cracks")
    assert "Updated" not in client.get(article.url).content.decode()

    article.first_published_at = timezone.now() - timedelta(hours=3)
    article.save()
    article.significant_update = True
    article.save_revision().publish()

    article.refresh_from_db()
    assert article.updated_at is not None and not article.significant_update
    html = client.get(article.url).content.decode()
    assert '<span class="updated">Updated <time datetime="' in html
    # The tick is cleared, so the next routine publish does not move the time.
    stamped = article.updated_at
    latest = article.get_latest_revision_as_object()
    assert latest.significant_update is False
    latest.save_revision().publish()
    article.refresh_from_db()
    assert article.updated_at == stamped


@pytest.mark.django_db
def test_section_front_lists_its_and_subsections_articles_newest_first(
    client, news, asia, make_article, settings
):
    settings.DATELINE_PAGE_SIZE = 2
    now = timezone.now()
    for n, title in enumerate(["Oldest report", "Middle report", "Newest report"]):
        article = make_article(asia, title=title)
        article.first_published_at = now - timedelta(days=3 - n)
        article.save()
    make_article(asia, title="Unpublished draft", publish=False)

    first = client.get(news.url).content.decode()
    assert first.index("Newest report") < first.index("Middle report")
    assert "Oldest report" not in first and "Unpublished draft" not in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get(news.url + "?page=2").content.decode()
    assert "Oldest report" in second
    assert client.get(news.url + "?page=9").status_code == 404


@pytest.mark.django_db
def test_tag_and_author_pages_list_their_articles(client, asia, make_article):
    from dateline.newsroom.models import Author, NewsTag

    author = Author.objects.create(name="Tomas Ekberg", role="Science editor")
    tag = NewsTag.objects.create(name="Glaciers", slug="glaciers", kind=NewsTag.Kind.TOPIC)
    article = make_article(asia, title="Glacier retreat measured from orbit")
    article.authors.add(author)
    article.tags.add(tag)
    article.save_revision().publish()
    make_article(asia, title="Unrelated market report")

    tag_page = client.get("/en/tags/glaciers/").content.decode()
    assert "Glacier retreat measured from orbit" in tag_page
    assert "Unrelated market report" not in tag_page
    author_page = client.get("/en/authors/tomas-ekberg/").content.decode()
    assert "Glacier retreat measured from orbit" in author_page and "Science editor" in author_page
    assert client.get("/en/tags/no-such-tag/").status_code == 404


@pytest.mark.django_db
def test_home_shows_top_stories_then_latest_per_section(client, home, asia, make_article):
    top = make_article(asia, title="Editors pick this story")
    make_article(asia, title="Latest in Asia")
    TopStory.objects.create(home=home, article=top, sort_order=0)

    html = client.get("/en/").content.decode()
    assert "Top stories" in html
    assert html.index("Editors pick this story") < html.index("Latest in Asia")


@pytest.mark.django_db
def test_root_redirects_to_the_default_edition(client, home):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/en/"


@pytest.mark.django_db
def test_second_edition_needs_no_model_change_and_renders_right_to_left(client, home, asia):
    arabic = Locale.objects.create(language_code="ar")
    home.copy_for_translation(arabic).save_revision().publish()

    response = client.get("/ar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "/ar/live/" in html


@pytest.mark.django_db
def test_public_pages_are_shared_cacheable_and_locked_down(client, asia, make_article):
    article = make_article(asia)
    response = client.get(article.url)
    assert "public" in response["Cache-Control"] and "s-maxage=" in response["Cache-Control"]
    assert "stale-while-revalidate=" in response["Cache-Control"]
    assert not response.cookies
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_later_pages_follow_the_page_before_and_agree_with_offsets(
    client, news, asia, make_article, settings
):
    """A reader paging on starts after the last row of the page before (a
    keyset, not OFFSET): the same stories, ties in publication time included,
    none twice and none missed; a publish in between starts afresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dateline.newsroom.models import ArticlePage

    settings.DATELINE_PAGE_SIZE = 3
    same_time = timezone.now() - timedelta(days=1)
    for n in range(8):
        article = make_article(asia, title=f"Flood report {n}")
        # Two stories at each moment: pages must break ties the same way.
        article.first_published_at = same_time - timedelta(minutes=n // 2)
        article.save()
    expected = list(
        ArticlePage.objects.live()
        .filter(path__startswith=news.path)
        .order_by("-first_published_at", "-pk")
        .values_list("title", flat=True)
    )

    def titles(page):
        body = client.get(news.url + f"?page={page}").content.decode()
        return [
            t for _, t in sorted((body.index(f">{t}<"), t) for t in expected if f">{t}<" in body)
        ]

    assert titles(1) == expected[:3]
    with CaptureQueriesContext(connection) as queries:
        assert titles(2) == expected[3:6]
    listing = [q["sql"] for q in queries if "first_published_at" in q["sql"]]
    assert listing and not any("OFFSET" in sql for sql in listing), "page 2 skipped rows by OFFSET"
    assert titles(3) == expected[6:]

    # After a publish the pages before are stale: page 2 moves down by one.
    make_article(asia, title="Flood report late")
    expected.insert(0, "Flood report late")
    assert titles(2) == expected[3:6]
