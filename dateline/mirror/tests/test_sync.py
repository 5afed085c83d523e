"""After an export, publishing rewrites exactly the files the purge list names:
through `python -m dateline mirror sync`, or at once with the publish."""

import io
import os
import re
import sys
from pathlib import Path

from django.core.management import call_command

from dateline.caching.purge import urls_showing_page, with_variants
from dateline.mirror.paths import Address

from .conftest import BASE


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a rewrite replaces the file."""
    files = {}
    for path in root.rglob("*"):
        if path.is_file():
            stat = path.stat()
            files[str(path.relative_to(root))] = (stat.st_ino, stat.st_mtime_ns)
    return files


def files_named(root: Path, urls) -> set[str]:
    """The mirror's files for the URLs of a purge list."""
    names = set()
    for url in urls:
        address = Address.parse(url)
        if not address.mirrored:
            continue
        for content_type in ("text/html", "application/xml", "application/json"):
            if (root / address.file(content_type)).is_file():
                names.add(address.file(content_type))
    return names


def changed(before: dict, after: dict) -> set[str]:
    """Files rewritten or added, except pictures and static files that a new
    copy uses and the mirror lacked (added, never rewritten)."""
    new_assets = {
        name for name in after.keys() - before.keys() if name.startswith(("media/", "static/"))
    }
    return {name for name, stat in after.items() if before.get(name) != stat} - new_assets


def test_publish_then_sync_rewrites_exactly_the_purge_list(
    newsroom, mirror, settings, django_capture_on_commit_callbacks
):
    settings.DATELINE_MIRROR_ON_PUBLISH = False
    story = newsroom[0]
    before = snapshot(mirror)
    article_file = Address.parse(story.url).file()
    assert article_file in before

    revision = story.get_latest_revision_as_object()
    revision.title = "Ferry timetable changes again"
    with django_capture_on_commit_callbacks(execute=True):
        revision.save_revision().publish()
    assert snapshot(mirror) == before  # nothing until the sync

    out = io.StringIO()
    call_command("mirror", "sync", stdout=out)
    after = snapshot(mirror)
    expected = files_named(mirror, with_variants(urls_showing_page(story)))
    assert changed(before, after) == expected
    assert {"en/index.html", article_file, "en/feeds/rss/index.xml"} <= expected
    page = (mirror / article_file).read_text()
    assert "Ferry timetable changes again" in page
    assert BASE + "en/news/asia/" in page  # links still lead into the mirror
    assert "Ferry timetable changes again" in (mirror / "en/index.html").read_text()

    # The journal is spent: another sync has nothing to do.
    call_command("mirror", "sync", stdout=out)
    assert snapshot(mirror) == after


def test_unpublishing_removes_the_file_at_once(
    newsroom, mirror, settings, django_capture_on_commit_callbacks
):
    settings.DATELINE_MIRROR_ON_PUBLISH = True
    story = newsroom[1]
    article_file = mirror / Address.parse(story.url).file()
    assert article_file.is_file()
    before = snapshot(mirror)
    urls = with_variants(urls_showing_page(story))

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()

    assert not article_file.exists()
    after = snapshot(mirror)
    assert changed(before, after) == files_named(mirror, urls)
    assert "Harbour lights repaired" not in (mirror / "en/index.html").read_text()
    assert not os.path.exists(settings.DATELINE_MIRROR_JOURNAL)


def test_a_new_story_brings_its_pictures(
    newsroom, mirror, settings, asia, make_article, make_photo, django_capture_on_commit_callbacks
):
    settings.DATELINE_MIRROR_ON_PUBLISH = True
    photo = make_photo(title="Night market")
    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(
            asia, title="Night market returns", lead_image=photo, lead_image_alt="Stalls"
        )
    page = (mirror / Address.parse(story.url).file()).read_text()
    pictures = set(re.findall(re.escape(BASE) + r"(media/[^\s\"']+)", page))
    assert any("Night_market" in picture for picture in pictures)
    for picture in pictures:
        assert (mirror / picture).is_file(), picture


def test_the_server_is_reloaded_once_the_story_is_written_and_again_at_the_end(
    newsroom, mirror, settings, tmp_path, django_capture_on_commit_callbacks
):
    # The static tier's nginx keeps files open; the reload command makes it
    # serve the new story as soon as its own file is written, then the fronts.
    settings.DATELINE_MIRROR_ON_PUBLISH = True
    story = newsroom[0]
    story_file = mirror / Address.parse(story.url).file()
    front = mirror / "en/index.html"
    seen = tmp_path / "reloads.txt"
    recorder = tmp_path / "reload.py"
    recorder.write_text(
        "import sys, pathlib\n"
        "story, front, seen = (pathlib.Path(a) for a in sys.argv[1:])\n"
        "new = [str('Ferry times set' in p.read_text()) for p in (story, front)]\n"
        "with seen.open('a') as f:\n"
        "    f.write(' '.join(new) + '\\n')\n"
    )
    command = f"{sys.executable} {recorder} {story_file} {front} {seen}"
    settings.DATELINE_MIRROR_RELOAD_COMMAND = command
    revision = story.get_latest_revision_as_object()
    revision.title = "Ferry times set"
    with django_capture_on_commit_callbacks(execute=True):
        revision.save_revision().publish()

    # First: the story written, its front page not yet; then both.
    assert seen.read_text().splitlines() == ["True False", "True True"]
