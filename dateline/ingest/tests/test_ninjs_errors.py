"""Agency copy that is broken, partly broken or fed in odd ways: the import keeps
what is good, leaves nothing of what is not and says which file and item failed."""

import io
import json
import os
import subprocess
import sys
from urllib.error import URLError

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dateline.conftest import prepare_data_dir
from dateline.ingest import pictures
from dateline.ingest.ninjs import NinjsError, import_item
from dateline.ingest.tests.conftest import (
    PROJECT_ROOT,
    footprint,
    media_files,
    picture,
    run_import,
    story,
    write,
)
from dateline.newsroom.models import ArticlePage, NewsTag

# (c) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "damage"),
    [
        ("versioncreated", {"versioncreated": "last Tuesday"}),
        ("headlines", {"headlines": []}),
        (
            "bodies",
            {"bodies": [{"contenttype": "text/html", "value": "<p>a</p><textarea>b<p>c</p>"}]},
        ),
    ],
)
def test_a_malformed_item_leaves_nothing_and_the_good_one_imports(
    asia, feed, settings, field, damage
):
    bad = story(
        uri="urn:agency:bad:1",
        keywords=["Only in the bad item"],
        associations={"featureimage": picture("other.png")},
        **damage,
    )
    good = story(associations={"featureimage": picture()})
    path = write(feed / "batch.json", [good, bad])
    before = footprint()

    out, err, status = run_import(path, "--section", "news/asia")

    assert status == 1
    assert f"FAILED {path} item 2 (uri urn:agency:bad:1): field '{field}':" in err
    assert "imported 1, updated 0, failed 1" in out
    assert not ArticlePage.objects.filter(ninjs_uri="urn:agency:bad:1").exists()
    assert not NewsTag.objects.filter(name__iexact="Only in the bad item").exists()
    pages, revisions, tags, photos = footprint()
    assert (pages, revisions, photos) == (before[0] + 1, before[1] + 1, before[3] + 1)
    assert tags == before[2] + 5  # the good item's five tags only
    assert len(media_files(settings)) == 1  # the good item's picture only


def test_a_failure_while_writing_removes_rows_and_the_stored_picture(
    asia, feed, settings, monkeypatch
):
    def broken_save_revision(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ArticlePage, "save_revision", broken_save_revision)
    before = footprint()

    with pytest.raises(RuntimeError):
        import_item(
            story(associations={"featureimage": picture()}),
            base_dir=feed,
            section_path="news/asia",
            publish=False,
            source="test",
        )

    assert footprint() == before
    assert media_files(settings) == []


def test_files_that_are_not_json_are_reported_by_name(asia, feed):
    junk = feed / "notes.json"
    junk.write_text("this is not json")
    good = write(feed / "ferry.json", story())

    out, err, status = run_import(junk, good, "--section", "news/asia")

    assert status == 1
    assert f"FAILED {junk}: {junk} is not valid JSON" in err
    assert "imported 1, updated 0, failed 1" in out


def test_folders_and_stdin_are_read(asia, feed):
    folder = feed / "incoming"
    folder.mkdir()
    write(folder / "b.json", story(uri="urn:agency:b"))
    write(folder / "a.json", [story(uri="urn:agency:a1"), story(uri="urn:agency:a2")])
    stdin = io.StringIO(json.dumps(story(uri="urn:agency:stdin")))

    out, err, status = run_import(folder, "-", "--section", "news/asia", stdin=stdin)

    assert status == 0, err
    assert out.index("a.json item 2") < out.index("b.json item 1") < out.index("<stdin>")
    assert "imported 4, updated 0, failed 0" in out


def test_command_line_exit_status(tmp_path):
    """`python -m dateline import-ninjs` in a fresh process and database."""
    env = {
        **os.environ,
        "DATELINE_DATA_DIR": str(tmp_path / "data"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DATABASE_URL", None)

    def dateline(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "dateline", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    prepare_data_dir(tmp_path / "data", env, static=False)  # migrated
    made = dateline(
        "shell",
        "-c",
        "from dateline.newsroom.setup import setup_newsroom\n"
        "from dateline.newsroom.models import SectionPage\n"
        "setup_newsroom().add_child(instance=SectionPage(title='News', slug='news'))",
    )
    assert made.returncode == 0, made.stderr
    good = write(tmp_path / "good.json", story())
    batch = write(
        tmp_path / "batch.json",
        [story(uri="urn:x:2"), story(uri="urn:x:3", bodies=[], descriptions=[])],
    )

    ok = dateline("import-ninjs", str(good), "--section", "news")
    failed = dateline("import-ninjs", str(batch), "--section", "news")

    assert ok.returncode == 0, ok.stderr
    assert "imported 1, updated 0, failed 0" in ok.stdout
    assert failed.returncode == 1
    assert f"FAILED {batch} item 2 (uri urn:x:3): field 'bodies'" in failed.stderr
    assert "imported 1, updated 0, failed 1" in failed.stdout


# Property: any JSON at all imports or fails cleanly ------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
NINJS_FIELDS = st.sampled_from(
    "uri type headlines descriptions bodies by subjects keywords places people organisations "
    "firstcreated versioncreated language pubstatus associations".split()
)
ITEMS = st.one_of(
    JSON,
    st.dictionaries(NINJS_FIELDS, JSON, max_size=6),
    # Mostly valid items with a field or two replaced reach the deeper checks.
    st.dictionaries(NINJS_FIELDS, JSON, max_size=2).map(lambda fields: {**story(), **fields}),
)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(item=ITEMS)
def test_any_json_imports_or_fails_with_a_ninjs_error(asia, tmp_path, monkeypatch, item):
    def offline(*args, **kwargs):
        raise URLError("no network in tests")

    monkeypatch.setattr(pictures, "urlopen", offline)
    before = footprint()
    try:
        import_item(item, base_dir=tmp_path, section_path="news/asia", publish=False, source="h")
    except NinjsError as exc:
        assert exc.field and exc.message
        assert footprint() == before
