"""Agency copy by language: the item's `language` chooses the edition, and
--section is read within that edition, whose sections may share the other
editions' slugs."""

import pytest
from wagtail.models import Locale

from dateline.ingest.tests.conftest import run_import, story, write
from dateline.newsroom.models import ArticlePage


@pytest.fixture
def spanish_asia(asia, make_edition):
    """The Spanish edition's own news/asia, translated from the English one."""
    make_edition("es")
    seccion = asia.copy_for_translation(Locale.objects.get(language_code="es"), copy_parents=True)
    seccion.save_revision().publish()  # its parent is made as an alias, live already
    seccion.refresh_from_db()
    return seccion


@pytest.mark.django_db
def test_section_is_read_within_the_items_edition(asia, spanish_asia, feed):
    items = [
        story(uri="urn:es:1", language="es", headlines=[{"role": "main", "value": "Vuelve"}]),
        story(uri="urn:en:1", language="en"),
    ]
    out, err, status = run_import(write(feed / "both.json", items), "--section", "news/asia")
    assert status == 0, err
    spanish = ArticlePage.objects.get(ninjs_uri="urn:es:1")
    english = ArticlePage.objects.get(ninjs_uri="urn:en:1")
    assert spanish.get_parent().pk == spanish_asia.pk
    assert spanish.locale.language_code == "es"
    assert english.get_parent().pk == asia.pk


@pytest.mark.django_db
def test_a_section_missing_from_the_items_edition_is_refused(asia, make_edition, feed):
    make_edition("es")  # a Spanish front page, but no Spanish news/asia yet
    path = write(feed / "es.json", story(uri="urn:es:2", language="es"))
    out, err, status = run_import(path, "--section", "news/asia")
    assert status == 1
    assert "field 'section'" in err
    assert not ArticlePage.objects.filter(ninjs_uri="urn:es:2").exists()


@pytest.mark.django_db
def test_an_item_in_a_language_without_an_edition_is_refused_by_name(asia, feed):
    path = write(feed / "ar.json", story(uri="urn:ar:1", language="ar"))
    out, err, status = run_import(path, "--section", "news/asia")
    assert status == 1
    assert "field 'language'" in err and "there is no 'ar' edition" in err


@pytest.mark.django_db
def test_an_item_for_an_edition_not_yet_open_is_refused_by_name(home, asia, feed):
    # Translate made the Spanish front page, but no one has published it: readers
    # have no Spanish edition, so agency copy does not go into one.
    home.copy_for_translation(Locale.objects.create(language_code="es"))
    path = write(feed / "es.json", story(uri="urn:es:3", language="es"))
    out, err, status = run_import(path)
    assert status == 1
    assert "field 'language'" in err and "there is no 'es' edition" in err
    assert not ArticlePage.objects.filter(ninjs_uri="urn:es:3").exists()
