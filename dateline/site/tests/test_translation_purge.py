"""Publishing a translation purges the pages of the versions it joins: they
gain a hreflang link and a switcher target."""

import re

import pytest
from wagtail.models import Locale

from dateline.caching.tests import test_purge_batches as recording

ROOT = "http://127.0.0.1:8000"


@pytest.fixture
def recorded(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "record": {"BACKEND": f"{recording.__name__}.RecordingBackend"}
    }
    recording.batches.clear()
    return recording.batches


@pytest.mark.django_db
def test_publishing_a_translation_purges_the_original(
    asia, make_article, make_edition, recorded, django_capture_on_commit_callbacks
):
    make_edition("es")
    english = make_article(asia, title="Bridge reopens after repairs")
    spanish = english.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    for parent in spanish.get_ancestors().filter(depth__gt=2, live=False):
        parent.specific.save_revision().publish()
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        spanish.save_revision().publish()
    spanish.refresh_from_db()
    purged = {url for batch in recorded for url in batch}
    assert ROOT + spanish.url in purged
    assert ROOT + english.url in purged
    assert ROOT + "/sitemap-articles.xml?p=1" in purged

    # Unpublished, it leaves the original's links: the original is purged again.
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        spanish.unpublish()
    assert ROOT + english.url in {url for batch in recorded for url in batch}


@pytest.fixture
def page_cache(settings):
    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("LocMemCache"):
        # Room for every copy: a full cache would drop pages of its own accord
        # and hide what the purge missed.
        default = {**default, "OPTIONS": {"MAX_ENTRIES": 100_000}}
        settings.CACHES = {**settings.CACHES, "default": default}
    settings.DATELINE_PAGE_CACHE = "default"


def switcher_languages(response) -> set[str]:
    """The editions the masthead's language switcher links to."""
    html = response.content.decode()
    nav = re.search(r'<nav class="editions-nav".*?</nav>', html, re.S)
    return set(re.findall(r'hreflang="([^"]+)"', nav.group(0))) if nav else set()


@pytest.mark.django_db
def test_opening_an_edition_refreshes_every_cached_page_of_every_edition(
    client, home, asia, make_article, make_edition, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # their purges go out now
        make_edition("es")
        english = make_article(asia, title="Bridge reopens after repairs")
    pages = {english.url: {"es"}, asia.url: {"es"}, "/es/": {"en"}}
    for url, languages in pages.items():
        client.get(url)
        cached = client.get(url)
        assert cached["X-Cache"] == "HIT", url
        assert switcher_languages(cached) == languages, url

    # The Arabic front page is published: the Arabic edition opens.
    arabic = home.copy_for_translation(Locale.objects.create(language_code="ar"))
    with django_capture_on_commit_callbacks(execute=True):
        arabic.save_revision().publish()
    arabic.refresh_from_db()
    for url, languages in pages.items():
        assert switcher_languages(client.get(url)) == languages | {"ar"}, url

    # Publishing it again changes nothing else: the other editions' pages stay.
    client.get(english.url)
    with django_capture_on_commit_callbacks(execute=True):
        arabic.save_revision().publish()
    assert client.get(english.url)["X-Cache"] == "HIT"

    # Closed again: no page offers it any more.
    for url in pages:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        arabic.unpublish()
    for url, languages in pages.items():
        assert switcher_languages(client.get(url)) == languages, url
