"""A small newsroom of two editions, exported to a mirror."""

import io

import pytest
from django.core.management import call_command

from dateline.caching.purge import purge_after_commit

BASE = "https://mirror.example.org/"


@pytest.fixture
def newsroom(
    home, asia, make_article, make_photo, make_edition, django_capture_on_commit_callbacks
):
    # Committed as an editor's actions are, each purge batch sent (to no mirror
    # yet): the publish under test starts a batch of its own.
    with django_capture_on_commit_callbacks(execute=True):
        purge_after_commit()  # what setting up the newsroom asked for
        photo = make_photo()
        stories = []
        titles = ["Ferry timetable changes", "Harbour lights repaired", "Dam opens"]
        for n, title in enumerate(titles):
            lead = {"lead_image": photo, "lead_image_alt": "The harbour"} if n == 0 else {}
            article = make_article(asia, title=title, **lead)
            article.tags.add("harbour")
            article.save_revision().publish()
            stories.append(article)
        make_edition("es")
    return stories


@pytest.fixture
def mirror(newsroom, tmp_path, settings):
    out = tmp_path / "mirror"
    call_command("mirror", "export", "--output", str(out), "--base-url", BASE, stdout=io.StringIO())
    settings.DATELINE_MIRROR_DIR = str(out)
    settings.DATELINE_MIRROR_BASE_URL = BASE
    settings.DATELINE_MIRROR_JOURNAL = tmp_path / "pending.txt"
    # In this process, in the test's transaction: a thread would not see it.
    settings.DATELINE_MIRROR_IN_BACKGROUND = False
    return out
