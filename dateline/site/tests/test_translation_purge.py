"""Publishing a translation purges the pages of the versions it joins: they
gain a hreflang link and a switcher target."""

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
