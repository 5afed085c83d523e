"""The public search page, against a real SQLite FTS5 index built from fixtures."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from dateline.newsroom.models import ArticlePage, Author, NewsTag
from dateline.search.query import (
    MAX_HITS,
    MAX_QUERY_LENGTH,
    clean_query,
    highlight,
    recency_score,
    rerank,
)

URL = "/en/search/"
MAX_QUERIES = 15


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, response.content.decode()


def result_titles(html: str) -> list[str]:
    return re.findall(
        r'<article class="card search-result">.*?<h3><a href="[^"]*">([^<]*)</a>', html, re.S
    )


def result_urls(html: str) -> list[str]:
    return re.findall(r'<article class="card search-result">.*?<h3><a href="([^"]*)">', html, re.S)


def set_published(article, when):
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when)
    article.refresh_from_db()
    return article


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


# --- What is found ------------------------------------------------------------


@pytest.mark.django_db
def test_finds_an_article_by_a_word_only_in_its_body(client, news, make_article):
    make_article(
        news,
        title="Council meets on Tuesday",
        body=[("paragraph", "<p>A quokka wandered into the chamber.</p>")],
    )
    make_article(news, title="Bridge reopens after repairs")
    _, html = search(client, q="quokka")
    assert result_titles(html) == ["Council meets on Tuesday"]
    assert "1 result for “quokka”" in html


@pytest.mark.django_db
def test_finds_an_article_by_tag_name(client, news, make_article):
    article = make_article(news, title="Harbour works begin", publish=False)
    article.tags.add(NewsTag.objects.create(name="Wombatland", slug="wombatland"))
    # Tags are saved after Wagtail's post_save indexing; the publish handler
    # reindexes so the new tag is searchable at once.
    article.save_revision().publish()
    _, html = search(client, q="wombatland")
    assert result_titles(html) == ["Harbour works begin"]


@pytest.mark.django_db
def test_finds_an_article_by_author_name(client, news, make_article):
    author = Author.objects.create(name="Zarghuna Karimi")
    make_article(news, title="Election count continues", authors=[author])
    make_article(news, title="Bridge reopens after repairs")
    _, html = search(client, q="Karimi")
    assert result_titles(html) == ["Election count continues"]


@pytest.mark.django_db
def test_unpublished_and_other_edition_articles_are_not_found(
    client, home, news, make_article, make_section
):
    make_article(news, title="Published quokka story")
    draft = make_article(news, title="Draft quokka story", publish=False)
    assert not draft.live
    withdrawn = make_article(news, title="Withdrawn quokka story")
    withdrawn.unpublish()

    french = Locale.objects.create(language_code="fr")
    accueil = home.copy_for_translation(french)
    accueil.save_revision().publish()
    actualites = make_section(accueil, "Actualités", "actualites")
    french_article = make_article(actualites, title="Histoire de quokka")
    assert french_article.locale == french

    _, html = search(client, q="quokka")
    assert result_titles(html) == ["Published quokka story"]

    response = client.get("/fr/search/", {"q": "quokka"})
    assert response.status_code == 200
    assert result_titles(response.content.decode()) == ["Histoire de quokka"]


# --- Filters ------------------------------------------------------------------


@pytest.mark.django_db
def test_section_filter_narrows_to_the_section_and_its_subsections(
    client, home, news, asia, make_section, make_article
):
    sport = make_section(home, "Sport", "sport")
    make_article(news, title="News quokka")
    make_article(asia, title="Asia quokka")
    make_article(sport, title="Sport quokka")

    _, html = search(client, q="quokka")
    assert sorted(result_titles(html)) == ["Asia quokka", "News quokka", "Sport quokka"]

    _, html = search(client, q="quokka", section=asia.pk)
    assert result_titles(html) == ["Asia quokka"]
    assert f'<option value="{asia.pk}" selected>' in html

    _, html = search(client, q="quokka", section=news.pk)
    assert sorted(result_titles(html)) == ["Asia quokka", "News quokka"]

    # The select lists the edition's sections, sub-sections indented.
    assert ">Sport</option>" in html and ">\u2002Asia</option>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["999999", "abc", "-1"])
def test_unknown_section_is_reported_and_ignored(client, news, make_article, value):
    make_article(news, title="News quokka")
    _, html = search(client, q="quokka", section=value)
    assert "Choose a section from the list." in html
    assert result_titles(html) == ["News quokka"]


@pytest.mark.django_db
def test_date_filter_narrows(client, news, make_article):
    set_published(make_article(news, title="January quokka"), at(2024, 1, 10))
    set_published(make_article(news, title="March quokka"), at(2024, 3, 10))
    set_published(make_article(news, title="June quokka"), at(2024, 6, 10))

    _, html = search(client, q="quokka", **{"from": "2024-02-01", "to": "2024-04-01"})
    assert result_titles(html) == ["March quokka"]

    # Both ends are whole days, included.
    _, html = search(client, q="quokka", **{"from": "2024-03-10", "to": "2024-03-10"})
    assert result_titles(html) == ["March quokka"]

    _, html = search(client, q="quokka", **{"from": "2024-03-11"})
    assert result_titles(html) == ["June quokka"]

    _, html = search(client, q="quokka", to="2024-03-09")
    assert result_titles(html) == ["January quokka"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,message",
    [
        ({"from": "2024-13-45"}, "Enter a date as YYYY-MM-DD"),
        ({"to": "yesterday"}, "Enter a date as YYYY-MM-DD"),
        ({"from": "0001-01-01"}, "Enter a date between 1800-01-01 and 2999-12-31."),
        ({"to": "9999-12-31"}, "Enter a date between 1800-01-01 and 2999-12-31."),
        ({"from": "2024-05-01", "to": "2024-04-01"}, "The end date is before the start date."),
    ],
)
def test_invalid_dates_are_explained_not_errors(client, news, make_article, params, message):
    set_published(make_article(news, title="March quokka"), at(2024, 3, 10))
    _, html = search(client, q="quokka", **params)
    assert message in html
    assert 'aria-invalid="true"' in html
    # The bad filter is left out; the search still runs.
    assert result_titles(html) == ["March quokka"]


# --- Ranking ------------------------------------------------------------------


@pytest.mark.django_db
def test_newer_of_two_equally_relevant_articles_ranks_first(client, news, asia, make_article):
    text = {"summary": [("point", "The quokka census is out.")]}
    newer = make_article(news, title="Quokka census", slug="census-newer", **text)
    # Created second, so the backend's tie-break (higher pk first) favours it.
    older = make_article(asia, title="Quokka census", slug="census-older", **text)
    set_published(newer, timezone.now() - datetime.timedelta(days=1))
    set_published(older, timezone.now() - datetime.timedelta(days=30))
    # The SQLite backend scales title matches by the average title length when
    # each entry was added; a full reindex makes equal texts score equally.
    call_command("update_index", stdout=io.StringIO())

    raw = list(ArticlePage.objects.live().search("quokka", operator="and").annotate_score("_score"))
    assert [a.pk for a in raw] == [older.pk, newer.pk]
    assert raw[0]._score == raw[1]._score

    _, html = search(client, q="quokka")
    assert result_urls(html) == [newer.url, older.url]


@pytest.mark.django_db
def test_much_more_relevant_old_article_outranks_a_passing_mention(client, news, make_article):
    old = make_article(
        news,
        title="Quokka quokka quokka",
        slug="quokka-feature",
        summary=[("point", "Quokka.")],
    )
    new = make_article(
        news,
        title="Weather",
        body=[("paragraph", "<p>" + "Rain and sun in turn over the coast. " * 40 + "quokka</p>")],
    )
    set_published(old, timezone.now() - datetime.timedelta(hours=30))
    set_published(new, timezone.now())
    _, html = search(client, q="quokka")
    assert result_titles(html) == ["Quokka quokka quokka", "Weather"]


def test_recency_score_halves_relevance_each_half_life():
    now = timezone.now()
    assert recency_score(-4.0, now, now) == 4.0  # SQLite bm25 is negative
    assert recency_score(4.0, now, now) == 4.0  # PostgreSQL ts_rank is positive
    assert recency_score(4.0, now - datetime.timedelta(days=7), now) == 2.0
    assert recency_score(4.0, now + datetime.timedelta(days=1), now) == 4.0
    assert recency_score(4.0, None, now) < 0.01
    assert recency_score(None, now, now) == 0.0


def test_rerank_orders_by_boosted_score_then_date():
    now = timezone.now()

    class Hit:
        def __init__(self, pk, score, age_days, updated_days=None):
            self.pk, self._score = pk, score
            self.first_published_at = now - datetime.timedelta(days=age_days)
            self.updated_at = (
                now - datetime.timedelta(days=updated_days) if updated_days is not None else None
            )

    hits = [
        Hit(1, -10.0, 14),  # 10 / 3 = 3.3
        Hit(2, -3.0, 0),  # 3
        Hit(3, -10.0, 60, updated_days=0),  # a significant update counts as new: 10
        Hit(4, -3.0, 0),  # ties with 2: the higher pk wins
    ]
    assert [pk for pk, _ in rerank(hits, now)] == [3, 1, 4, 2]


# --- What a result shows ------------------------------------------------------


@pytest.mark.django_db
def test_summary_point_is_escaped_with_matches_marked(client, news, make_article, make_photo):
    make_article(
        news,
        title="Chips <em>shortage</em>",
        summary=[
            ("point", "Fish & <b>CHIPS</b> run out; chipsy crisps don't. Chips again."),
            ("point", "A second point about chips."),
        ],
        lead_image=make_photo(description="A chip shop"),
    )
    response, html = search(client, q="chips")
    result = html.split('<article class="card search-result">')[1].split("</article>")[0]
    assert (
        "<p>Fish &amp; &lt;b&gt;<mark>CHIPS</mark>&lt;/b&gt; run out; chipsy crisps don&#x27;t. "
        "<mark>Chips</mark> again.</p>"
    ) in result
    assert "second point" not in result
    assert "Chips &lt;em&gt;shortage&lt;/em&gt;</a></h3>" in result
    assert "<picture>" in result and 'alt=""' in result
    assert '<a href="/en/news/">News</a>' in result
    assert re.search(r'<time datetime="[^"]+">\d+ \w+ \d{4}</time>', result)


def test_highlight_marks_whole_words_ignoring_case_and_accents():
    query = clean_query("cafe NAÏVE")
    assert str(highlight("Café society; a naive cafeteria <script>", query)) == (
        "<mark>Café</mark> society; a <mark>naive</mark> cafeteria &lt;script&gt;"
    )
    assert str(highlight("", query)) == ""
    assert str(highlight("<i>x</i>", clean_query(""))) == "&lt;i&gt;x&lt;/i&gt;"


@pytest.mark.django_db
def test_page_is_accessible_cacheable_and_not_indexed(client, news, make_article):
    make_article(news, title="Bridge reopens after repairs")
    response, html = search(client, q="bridge")
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response and not response.cookies
    assert '<meta name="robots" content="noindex">' in html
    assert '<form class="search-form" role="search"' in html
    for field in ("search-q", "search-section", "search-from", "search-to"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert '<ol class="search-result-list"' in html
    assert "<mark>Bridge</mark>" not in html  # the summary has "bridge", lower case
    assert "<mark>bridge</mark>" in html
    # The header's search box shows the query.
    assert re.search(r'id="site-search-q"[^>]*value="bridge"', html)


@pytest.mark.django_db
def test_empty_query_shows_the_form_only(client, news, make_article):
    make_article(news, title="Bridge reopens after repairs")
    for params in ({}, {"q": ""}, {"q": "   "}, {"section": str(news.pk)}):
        response, html = search(client, **params)
        assert 'role="search"' in html and 'id="search-q"' in html
        assert "search-results-heading" not in html
        assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_no_results_says_so(client, news, make_article):
    make_article(news, title="Bridge reopens after repairs")
    _, html = search(client, q="zebra <b>crossing</b>")
    assert "No results for “zebra &lt;b&gt;crossing&lt;/b&gt;”" in html
    assert result_titles(html) == []


@pytest.mark.django_db
def test_articles_with_some_of_the_words_are_shown_when_none_has_all(client, news, make_article):
    make_article(news, title="Bridge reopens after repairs")
    _, html = search(client, q="bridge zebra")
    assert result_titles(html) == ["Bridge reopens after repairs"]
    assert "No article has all of your words" in html


@pytest.mark.django_db
def test_only_get_and_head_are_served(client, home):
    assert client.post(URL, {"q": "bridge"}).status_code == 405
    assert client.head(URL, {"q": "bridge"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title,summary,q,marked",
    [
        ("Мост в Кабуле открыт", "Кабул празднует.", "кабул", "<mark>Кабул</mark>"),
        ("پل کابل‌ها باز شد", "شهر کابل جشن گرفت.", "کابل‌ها", "<mark>کابل</mark>"),
        ("Café reopens", "The CAFÉ is open again.", "café", "<mark>CAFÉ</mark>"),
    ],
)
def test_finds_and_marks_words_in_other_scripts(
    client, news, make_article, title, summary, q, marked
):
    make_article(news, title=title, slug="other-script", summary=[("point", summary)])
    make_article(news, title="Bridge reopens after repairs")
    _, html = search(client, q=q)
    assert result_titles(html) == [title]
    assert marked in html


# --- Robustness ---------------------------------------------------------------

WEIRD_QUERIES = [
    '"',
    '""',
    '"bridge',
    'bridge"',
    'a"b',
    '"bridge repairs"',
    "'",
    "bridge's",
    "\\",
    "bridge\\",
    "AND",
    "OR",
    "NOT",
    "NOT bridge",
    "bridge AND",
    "bridge OR NOT",
    "AND OR NOT NEAR",
    "NEAR(bridge repairs)",
    "-bridge",
    "+bridge",
    "bridge -repairs",
    "*",
    "bri*",
    "bridge*",
    "(bridge",
    "bridge)",
    "()",
    "title:bridge",
    "{title body}: bridge",
    "bridge^2",
    "^bridge",
    "bridge~",
    "~",
    ":",
    "%",
    "_",
    "%bridge%",
    "; DROP TABLE wagtailcore_page; --",
    "\x00bridge",
    "bridge\x1b[31m",
    "\u202ebridge",
    "\ud7ff\ufffd",
    "🙂",
    "bridge 🙂",
    "Кабул",
    "کابل‌ها",
    "हिन्दी",
    "北京",
    "x" * 2500,
    "bridge " * 400,
    "\t\n\r\x0b\x0c",
]


# Operators and punctuation are dropped, so the words around them still find it.
FINDS_THE_BRIDGE = {
    '"bridge',
    'bridge"',
    '"bridge repairs"',
    "bridge's",
    "bridge\\",
    "NOT bridge",
    "bridge AND",
    "bridge OR NOT",
    "NEAR(bridge repairs)",
    "-bridge",
    "+bridge",
    "bridge -repairs",
    "bridge*",
    "(bridge",
    "bridge)",
    "title:bridge",
    "{title body}: bridge",
    "bridge^2",
    "^bridge",
    "bridge~",
    "%bridge%",
    "\x00bridge",
    "bridge\x1b[31m",
    "\u202ebridge",
    "bridge 🙂",
    "bridge " * 400,
}


@pytest.mark.django_db
@pytest.mark.parametrize("q", WEIRD_QUERIES)
def test_weird_queries_return_a_page(client, news, make_article, q):
    make_article(news, title="Bridge reopens after repairs")
    response, html = search(client, q=q)
    assert "public" in response["Cache-Control"]
    value = re.search(r'id="search-q" type="search" name="q" value="([^"]*)"', html).group(1)
    assert len(value) <= MAX_QUERY_LENGTH * 6  # escaped entities may lengthen it
    if q in FINDS_THE_BRIDGE:
        assert result_titles(html) == ["Bridge reopens after repairs"]


@pytest.mark.django_db
def test_long_query_is_cut_and_the_reader_told(client, news, make_article):
    make_article(news, title="Bridge reopens after repairs")
    _, html = search(client, q="bridge " + "y" * 2000)
    assert "only its first 200 characters were used" in html
    assert re.search(r'id="site-search-q"[^>]*value="bridge"', html)


def test_clean_query():
    assert clean_query(None).terms == ()
    assert clean_query('  "Bridge"\x00  AND (repairs*) ').text == '"Bridge" AND (repairs*)'
    assert clean_query('  "Bridge"\x00  AND (repairs*) ').terms == ("Bridge", "repairs")
    assert clean_query("NOT").terms == ("NOT",)
    assert clean_query("bridge BRIDGE Bridge").terms == ("bridge",)
    assert clean_query("کابل‌ها").terms == ("کابل", "ها")  # ZWNJ splits, as in FTS5
    assert clean_query("हिन्दी").terms == ("हिन्दी",)  # combining marks stay in the word
    long = clean_query("word " * 100)
    assert long.truncated and len(long.text) <= MAX_QUERY_LENGTH
    assert not long.text.endswith(" ") and long.text.endswith("word")
    assert len(clean_query(" ".join(f"w{i}" for i in range(90))).terms) == 32
    assert not clean_query("*** ()")
    assert clean_query("\u202eevil\u202c").text == "evil"


# --- Cost ---------------------------------------------------------------------


@pytest.mark.django_db
def test_results_page_costs_a_bounded_number_of_queries(
    client, news, asia, make_article, make_photo
):
    for i in range(25):
        make_article(
            asia if i % 2 else news,
            title=f"Quokka report {i}",
            slug=f"quokka-{i}",
            lead_image=make_photo(title=f"Photo {i}", description=f"Photo {i}"),
        )
    client.get(URL, {"q": "quokka"})  # first view makes the image renditions
    with CaptureQueriesContext(connection) as ctx:
        response, html = search(client, q="quokka")
    assert len(result_titles(html)) == 20
    assert html.count("<picture>") == 20
    assert "25 results for “quokka”" in html
    assert len(ctx.captured_queries) <= MAX_QUERIES, [q["sql"] for q in ctx.captured_queries]

    assert 'href="?q=quokka&amp;page=2" rel="next"' in html
    _, html = search(client, q="quokka", page="2")
    assert len(result_titles(html)) == 5
    assert client.get(URL, {"q": "quokka", "page": "3"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL path only")
@pytest.mark.parametrize(
    "window, rare",
    [(4000, 2000), (3, 100), (3, 1)],
    ids=["walk", "rare-word-from-the-gin-indexes", "common-word-walked-to-the-end"],
)
def test_the_newest_matches_are_shown_however_they_are_found(
    client, news, make_article, monkeypatch, window, rare
):
    # Matches older than the newest `window` articles are found through the GIN
    # indexes (at most `rare` of them) or by walking on: the page is the same.
    monkeypatch.setattr("dateline.search.recent.CANDIDATES", 2)
    monkeypatch.setattr("dateline.search.recent.WINDOW", window)
    monkeypatch.setattr("dateline.search.recent.RARE", rare)
    now = timezone.now()
    for i in range(3):
        quokka = make_article(news, title=f"Quokka report {i}", slug=f"quokka-{i}")
        set_published(quokka, now - datetime.timedelta(days=10 + i))
    for i in range(4):
        other = make_article(news, title=f"Bridge report {i}", slug=f"bridge-{i}")
        set_published(other, now - datetime.timedelta(days=i))

    # The two newest of the three; their order is the ranking's.
    _, html = search(client, q="quokka")
    assert sorted(result_titles(html)) == ["Quokka report 0", "Quokka report 1"]
    assert "More than 2 results for “quokka”" in html

    _, html = search(client, q="quokka", to=(now - datetime.timedelta(days=11)).date().isoformat())
    assert sorted(result_titles(html)) == ["Quokka report 1", "Quokka report 2"]
    assert "2 results for “quokka”" in html

    _, html = search(client, q="quokkas bridge")  # no article has both: none found, then some
    assert "No article has all of your words" in html
    with connection.cursor() as cursor:  # the GIN-only planner settings ended with the lookup
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)


@pytest.mark.django_db
def test_only_the_best_hits_are_loaded(client, news, make_article, monkeypatch):
    monkeypatch.setattr("dateline.search.views.MAX_HITS", 3)
    for i in range(5):
        make_article(news, title=f"Quokka report {i}", slug=f"quokka-{i}")
    _, html = search(client, q="quokka")
    assert "5 results for “quokka”" in html
    assert "Showing the 3 most relevant" in html
    assert len(result_titles(html)) == 3
    assert MAX_HITS == 200
