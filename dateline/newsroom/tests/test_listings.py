"""Tag and author listings: newest first, page after page, from their own index."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.newsroom.models import Author, NewsTag, listed
from dateline.newsroom.pagination import ArchivePaginator


@pytest.fixture
def glaciers(db):
    return NewsTag.objects.create(name="Glaciers", slug="glaciers")


@pytest.fixture
def ekberg(db):
    return Author.objects.create(name="Tomas Ekberg", slug="tomas-ekberg")


@pytest.fixture
def tagged(asia, make_article, glaciers, ekberg):
    """Seven stories on the tag and by the author, two at each moment, and one
    story on neither."""
    now = timezone.now()
    stories = []
    for n in range(7):
        article = make_article(asia, title=f"Glacier survey {n}", publish=False)
        article.tags.add(glaciers)
        article.authors.add(ekberg)
        article.save_revision().publish()
        article.refresh_from_db()
        # A save that moves the first publication moves the listing too.
        article.first_published_at = now - timedelta(hours=n // 2)
        article.save()
        stories.append(article)
    make_article(asia, title="Market report")
    return stories


def titles(client, url: str) -> list[str]:
    body = client.get(url).content.decode()
    found = [
        (body.index(f">Glacier survey {n}<"), n)
        for n in range(9)
        if f">Glacier survey {n}<" in body
    ]
    return [f"Glacier survey {n}" for _, n in sorted(found)]


def by_date(article):
    return (article.first_published_at, article.pk)


def newest_first(stories) -> list[str]:
    return [a.title for a in sorted(stories, key=by_date, reverse=True)]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/tags/glaciers/", "/en/authors/tomas-ekberg/"])
def test_pages_follow_each_other_newest_first(client, settings, tagged, url):
    settings.DATELINE_PAGE_SIZE = 3
    expected = newest_first(tagged)
    assert titles(client, url) == expected[:3]
    assert titles(client, url + "?page=2") == expected[3:6]
    assert titles(client, url + "?page=3") == expected[6:]
    assert "Market report" not in client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["tag", "author"])
def test_a_later_page_reads_its_rows_in_index_order(tagged, glaciers, ekberg, by):
    """Page 2 starts after page 1's last row and reads its rows in index order:
    no OFFSET, and (on SQLite, whose plan is checked here) no sort of every
    article under the tag, which at 28,000 of them took 108 ms a page."""
    scope = {"tag": glaciers} if by == "tag" else {"author": ekberg}
    paginator = ArchivePaginator(listed(locale=tagged[0].locale_id, **scope), 3)
    list(paginator.page(1).object_list)
    connection.queries_log.clear()  # a full log (9,000 queries) would capture none
    with CaptureQueriesContext(connection) as queries:
        second = [entry.article_id for entry in paginator.page(2).object_list]
    assert second == [a.pk for a in sorted(tagged, key=by_date, reverse=True)][3:6]
    picks = [q["sql"] for q in queries if "LIMIT 3" in q["sql"]]
    assert picks and not any("OFFSET" in sql for sql in picks), picks
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + picks[0])
            plan = " / ".join(row[-1] for row in cursor.fetchall())
        assert "TEMP B-TREE" not in plan, plan


@pytest.mark.django_db
def test_a_publish_moves_an_article_between_tags_and_an_unpublish_takes_it_off(
    client, asia, make_article, tagged, glaciers
):
    moraines = NewsTag.objects.create(name="Moraines", slug="moraines")
    article = tagged[0]
    draft = article.get_latest_revision_as_object()
    draft.tags.set([moraines])
    draft.save_revision().publish()

    assert ">Glacier survey 0<" not in client.get("/en/tags/glaciers/").content.decode()
    assert ">Glacier survey 0<" in client.get("/en/tags/moraines/").content.decode()
    # The author's listing kept it: its authors did not change.
    assert ">Glacier survey 0<" in client.get("/en/authors/tomas-ekberg/").content.decode()

    article.refresh_from_db()
    article.unpublish()
    assert client.get("/en/tags/moraines/").status_code == 404
    assert ">Glacier survey 0<" not in client.get("/en/authors/tomas-ekberg/").content.decode()


@pytest.mark.django_db
def test_feeds_of_a_tag_and_an_author_list_the_latest_in_order(client, tagged):
    expected = newest_first(tagged)
    for url in ("/en/feeds/tags/glaciers/rss/", "/en/feeds/authors/tomas-ekberg/rss/"):
        body = client.get(url).content.decode()
        found = sorted((body.index(f"<title>{t}</title>"), t) for t in expected)
        assert [t for _, t in found] == expected
        assert "Market report" not in body
