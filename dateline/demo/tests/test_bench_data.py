"""`python -m dateline bench-data`: many articles fast, as readers and Wagtail see them."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from dateline.newsroom.models import ArticlePage, NewsTag

COPIES = 200


@pytest.fixture
def templates(news, asia, make_article):
    tag = NewsTag.objects.create(name="Quokkas", slug="quokkas")
    first = make_article(news, title="Quokka census begins", slug="census")
    first.tags.add(tag)
    first.save_revision().publish()
    second = make_article(asia, title="Harbour dredging ends", slug="harbour")
    return first, second


def load(**options) -> str:
    out = io.StringIO()
    call_command("bench_data", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_articles_into_a_valid_tree_that_pages_and_search_show(client, templates, news):
    out = load(articles=COPIES, batch=64)
    assert f"Added {COPIES:,} articles" in out
    assert ArticlePage.objects.live().count() == COPIES + 2
    # Treebeard's own consistency check: paths, depths and numchild all agree.
    assert all(not problems for problems in Page.find_problems()), Page.find_problems()
    news.refresh_from_db()
    assert news.numchild == Page.objects.child_of(news).count() == 1 + 1 + COPIES // 2

    # Each copy is a page readers can open, at its own address.
    copy = ArticlePage.objects.get(title="Quokka census begins: report 1")
    response = client.get(copy.url)
    assert response.status_code == 200
    assert "Quokka census begins: report 1" in response.content.decode()

    # The section lists them, newest first, across pages; the tag page too.
    html = client.get(news.url).content.decode()
    assert "Quokka census begins: report 1<" in html
    last = (COPIES + 2 + 19) // 20
    assert client.get(news.url, {"page": last}).status_code == 200
    assert client.get(news.url, {"page": last + 1}).status_code == 404
    tag_html = client.get("/en/tags/quokkas/").content.decode()
    assert "Quokka census begins: report 1<" in tag_html

    # Search finds the copies (their index entries were written too).
    html = client.get("/en/search/", {"q": "quokka"}).content.decode()
    heading = re.search(r'id="search-results-heading">(.*?)</h2>', html, re.S).group(1)
    assert re.search(r"(More than 200|101) results", " ".join(heading.split())), heading
    assert "report 1<" in html


@pytest.mark.django_db
def test_one_section_can_take_them_all_and_the_admin_lists_them(client, templates, asia):
    load(articles=COPIES, section="news/asia")
    asia.refresh_from_db()
    assert asia.numchild == COPIES + 1
    assert all(not problems for problems in Page.find_problems())

    admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{asia.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harbour dredging ends: report" in html
    # The listing's page count comes from the tree: 201 children, 50 a page.
    assert "Page 1 of 5" in html


@pytest.mark.django_db
def test_refuses_without_demo_articles_or_with_an_unknown_section(templates):
    with pytest.raises(CommandError, match="No section"):
        load(articles=5, section="nowhere")
    ArticlePage.objects.all().delete()
    with pytest.raises(CommandError, match="No demo articles"):
        load(articles=5)


@pytest.mark.django_db
def test_a_listing_with_a_cached_count_still_shows_every_story_on_page_one(
    client, templates, news, make_article, settings
):
    # Listings keep their count; the rows shown must not depend on it, and a
    # small listing's count must follow the next publish.
    settings.DATELINE_PAGE_SIZE = 2
    html = client.get(news.url).content.decode()  # counts 2, and keeps that
    assert "Quokka census begins<" in html and "Harbour dredging ends<" in html
    assert "Page 1 of" not in html
    make_article(news, title="Ferry strike called off", slug="ferry")
    html = client.get(news.url).content.decode()
    assert "Page 1 of 2" in html
    both = html + client.get(news.url + "?page=2").content.decode()
    for title in ("Ferry strike called off", "Quokka census begins", "Harbour dredging ends"):
        assert f"{title}<" in both


@pytest.mark.django_db
def test_a_big_listing_keeps_its_count_across_publishes_but_not_its_rows(
    client, templates, news, make_article, settings, monkeypatch
):
    # A big listing's count is kept for a while (counting a million rows after
    # every publish would be the dearest query on the site); its rows are not.
    monkeypatch.setattr("dateline.newsroom.pagination.CACHED_FROM", 2)
    settings.DATELINE_PAGE_SIZE = 2
    assert "Page 1 of" not in client.get(news.url).content.decode()  # counts 2, keeps it
    make_article(news, title="Ferry strike called off", slug="ferry")
    html = client.get(news.url).content.decode()
    assert "Ferry strike called off<" in html
    assert "Page 1 of" not in html  # still the kept count of 2
