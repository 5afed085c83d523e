"""Each edition searches its own stories, in its own language.

Most tests run on both databases; those about stemming need PostgreSQL's
text-search configurations and skip on SQLite (see docs/decisions/0008).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.search.languages import normalise, pg_config
from dateline.search.query import clean_query, highlight

from .test_search import MAX_QUERIES, result_titles

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL's configurations"
)


def search(client, language, q):
    response = client.get(f"/{language}/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def spanish(make_edition, make_section):
    return make_section(make_edition("es"), "Noticias", "noticias")


@pytest.fixture
def arabic(make_edition, make_section):
    return make_section(make_edition("ar"), "أخبار", "akhbar")


# --- Which configuration, which spelling --------------------------------------


def test_each_language_has_its_configuration_or_simple():
    assert pg_config("en") == "english"
    assert pg_config("es") == "spanish"
    assert pg_config("ar") == "arabic"
    assert pg_config("pt-br") == "portuguese"
    assert pg_config("fa") == "simple"  # Dari: no configuration in PostgreSQL
    assert pg_config("ps") == "simple"
    assert pg_config(None) == "simple"


@postgresql_only
@pytest.mark.django_db
def test_every_configuration_named_exists_in_postgresql():
    from dateline.search.languages import FALLBACK_CONFIG, PG_CONFIGS

    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        names = {row[0] for row in cursor.fetchall()}
    assert {*PG_CONFIGS.values(), FALLBACK_CONFIG} <= names


@pytest.mark.parametrize(
    "written,normalised",
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمن", "امن"),
        ("ٱلله", "الله"),
        ("ا\u0654حمد", "احمد"),  # alef and a combining hamza
        ("مدرسة", "مدرسه"),
        ("مستشفى", "مستشفي"),
        ("كَتَبَ", "كتب"),
        ("كتـــاب", "كتاب"),
        ("مسؤول", "مسؤول"),  # hamza on waw is a letter of its own
        ("Elección café", "Elección café"),
        ("کابل‌ها", "کابل‌ها"),  # Persian letters are left as they are
    ],
)
def test_normalise_writes_arabic_one_way(written, normalised):
    assert normalise(written) == normalised


def test_postgresqls_arabic_stemmer_gets_taa_marbuta_as_written():
    # It strips a final ة itself; a final ه it reads as a pronoun.
    assert normalise("المدرسة", "arabic") == "المدرسة"
    assert normalise("المستشفى", "arabic") == "المستشفي"
    assert normalise("المدرسة", "spanish") == "المدرسه"


def test_query_terms_are_normalised_and_highlight_any_form():
    query = clean_query("أَمطار ـــ")
    assert query.search_string_for(None) == "امطار"
    assert query.search_string_for("arabic") == "امطار"
    assert str(highlight("إمطار و أمطار وامطار", query)) == (
        "<mark>إمطار</mark> و <mark>أمطار</mark> وامطار"
    )


# --- Each edition its own stories ----------------------------------------------


@pytest.mark.django_db
def test_each_edition_finds_only_its_own_stories(client, news, spanish, arabic, make_article):
    make_article(news, title="Quokka census in the city")
    make_article(spanish, title="Censo de quokkas en la ciudad", slug="censo")
    make_article(arabic, title="تعداد quokka في المدينة", slug="taadad")

    assert result_titles(search(client, "en", "quokka")) == ["Quokka census in the city"]
    assert result_titles(search(client, "es", "censo")) == ["Censo de quokkas en la ciudad"]
    assert result_titles(search(client, "es", "city")) == []
    assert result_titles(search(client, "ar", "quokka")) == ["تعداد quokka في المدينة"]
    assert result_titles(search(client, "en", "censo")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["eleccion", "elección", "ELECCIÓN"])
def test_spanish_accents_do_not_matter(client, spanish, make_article, q):
    make_article(spanish, title="Resultados de la elección", slug="eleccion")
    make_article(spanish, title="El puente reabre", slug="puente")
    html = search(client, "es", q)
    assert result_titles(html) == ["Resultados de la elección"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title,q",
    [
        ("أمطار غزيرة في الشمال", "امطار"),  # hamza above, searched without
        ("امطار غزيرة في الشمال", "أمطار"),  # and the other way round
        ("إغلاق الطريق الساحلي", "اغلاق"),  # hamza below
        ("آثار الزلزال في القرية", "اثار"),  # madda
        ("افتتاح مدرسة جديدة", "مدرسه"),  # taa marbuta written as haa
        ("افتتاح مستشفى جديد", "مستشفي"),  # alef maqsura written as yaa
        ("افتتاح مستشفي جديد", "مستشفى"),
        ("كَتَبَ الوزير رسالة", "كتب"),  # tashkeel in the story
        ("كتب الوزير رسالة", "كَتَبَ"),  # tashkeel in the query
        ("الطريق الطـــويل", "الطويل"),  # tatweel
    ],
)
def test_arabic_stories_are_found_whatever_form_of_the_letters(
    client, arabic, make_article, title, q
):
    make_article(arabic, title=title, slug="story", summary=[("point", title + ".")])
    make_article(arabic, title="الجسر يعود إلى العمل", slug="bridge")
    html = search(client, "ar", q)
    assert result_titles(html) == [title]
    assert "<mark>" in html


@pytest.mark.django_db
def test_arabic_story_in_the_body_and_tags_is_found(client, arabic, make_article):
    make_article(
        arabic,
        title="اجتماع المجلس",
        slug="majlis",
        body=[("paragraph", "<p>ناقش المجلس مشروع المستشفى الجديد.</p>")],
    )
    html = search(client, "ar", "المستشفي")
    assert result_titles(html) == ["اجتماع المجلس"]


@pytest.mark.django_db
def test_spanish_results_page_costs_a_bounded_number_of_queries(
    client, spanish, make_article, make_photo
):
    for i in range(25):
        make_article(
            spanish,
            title=f"Informe sobre la elección {i}",
            slug=f"informe-{i}",
            lead_image=make_photo(title=f"Foto {i}", description=f"Foto {i}"),
        )
    search(client, "es", "elección")  # first view makes the image renditions
    with CaptureQueriesContext(connection) as ctx:
        html = search(client, "es", "elección")
    assert len(result_titles(html)) == 20
    assert len(ctx.captured_queries) <= MAX_QUERIES, [q["sql"] for q in ctx.captured_queries]


# --- Inflected forms: PostgreSQL only -------------------------------------------


@postgresql_only
@pytest.mark.django_db
def test_a_spanish_plural_finds_the_singular_on_postgresql(client, news, spanish, make_article):
    make_article(spanish, title="La elección de mañana", slug="eleccion")
    make_article(spanish, title="El puente reabre", slug="puente")
    make_article(news, title="Elecciones in the news", slug="elecciones")
    html = search(client, "es", "elecciones")
    assert result_titles(html) == ["La elección de mañana"]
    # And the other way round: a singular finds the plural.
    make_article(spanish, title="Los votos se cuentan", slug="votos")
    assert result_titles(search(client, "es", "voto")) == ["Los votos se cuentan"]


@postgresql_only
@pytest.mark.django_db
def test_arabic_prefixes_and_suffixes_are_stemmed_on_postgresql(client, arabic, make_article):
    make_article(arabic, title="افتتاح المدرسة الجديدة", slug="madrasa")
    make_article(arabic, title="الجسر يعود إلى العمل", slug="bridge")
    # "a school", without the article "al-", as written and spelled with haa.
    assert result_titles(search(client, "ar", "مدرسة")) == ["افتتاح المدرسة الجديدة"]
    assert result_titles(search(client, "ar", "مدرسه")) == ["افتتاح المدرسة الجديدة"]
    # "the hospital", found by "hospital" whichever way its last letter is written.
    make_article(arabic, title="افتتاح المستشفى", slug="hospital")
    assert result_titles(search(client, "ar", "مستشفي")) == ["افتتاح المستشفى"]


@postgresql_only
@pytest.mark.django_db
def test_english_edition_keeps_english_stemming(client, news, make_article):
    make_article(news, title="Council elects a new mayor", slug="elects")
    assert result_titles(search(client, "en", "electing")) == ["Council elects a new mayor"]


@postgresql_only
@pytest.mark.django_db
def test_pages_are_indexed_with_their_language(spanish, make_article):
    from wagtail.search.models import IndexEntry

    article = make_article(spanish, title="Las elecciones", slug="elecciones")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT title::text FROM {IndexEntry._meta.db_table} WHERE object_id = %s",
            [str(article.pk)],
        )
        (vector,) = cursor.fetchone()
    assert re.search(r"'eleccion'", vector), vector
