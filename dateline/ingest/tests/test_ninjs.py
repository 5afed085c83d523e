"""Agency copy in IPTC ninjs 2.x: imported through the real command (and, for the
round trip, exported over HTTP by syndication)."""

import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.error import URLError

import extruct
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Locale, Page, Revision

from dateline.conftest import png_bytes
from dateline.ingest import pictures
from dateline.ingest.html import html_to_blocks
from dateline.ingest.ninjs import NinjsError, import_item
from dateline.newsroom.models import ArticlePage, Author, HomePage, NewsTag, Photo, SectionPage

PROJECT_ROOT = Path(__file__).resolve().parents[3]
FIRST = "2025-03-01T06:30:00+00:00"
VERSION = "2025-03-01T09:15:00+00:00"
BODY = (
    "<p>The first boat left at six, "
    "<a href='https://harbour.example/timetable' onclick='steal()'>on time</a>.</p>"
    "<script>alert('owned')</script><style>p { color: red }</style>"
    "<h2>Why it stopped</h2>"
    "<p>Storms damaged the <strong>pier</strong>.</p><ul><li>Repairs took three weeks.</li></ul>"
    "<blockquote><p>We are glad to be back.</p><p>— Lena Ortiz</p></blockquote>"
    "<p><a href='javascript:alert(1)'>Timetable</a> <img src=x onerror=alert(2)></p>"
)


def story(uri: str = "urn:agency:ferry:1", **fields) -> dict:
    item = {
        "uri": uri,
        "type": "text",
        "version": "1",
        "language": "en",
        "firstcreated": FIRST,
        "versioncreated": VERSION,
        "pubstatus": "usable",
        "headlines": [
            {"role": "main", "value": "Ferry service resumes across the strait"},
            {"role": "short", "value": "Ferries are back"},
        ],
        "descriptions": [
            {
                "role": "summary",
                "value": "Crossings restart after a three-week halt.\n\nFares stay the same.",
            }
        ],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": BODY}],
        "by": "Mina Sadeghi and Kai Nobody",
        "subjects": [{"name": "Transport", "code": "medtop:20000551"}],
        "keywords": ["ferries"],
        "places": [{"name": "Strait of Kerr"}],
        "people": [{"name": "Lena Ortiz"}],
        "organisations": [{"name": "Harbour Authority"}],
    }
    item.update(fields)
    return item


def picture(href: str = "ferry.png") -> dict:
    return {
        "type": "picture",
        "uri": "urn:agency:picture:1",
        "headlines": [{"value": "Ferry at dawn"}],
        "descriptions": [
            {"role": "caption", "value": "The first ferry leaves the harbour at dawn."},
            {"role": "alt", "value": "A white ferry beside a grey pier"},
        ],
        "creditline": "Harbour Press/Ana Lima",
        "renditions": {
            "thumbnail": {"href": "thumb.png", "width": 120, "height": 80},
            "original": {"href": href, "width": 1200, "height": 800},
        },
    }


@pytest.fixture
def feed(tmp_path):
    """A folder as an agency drops it: pictures beside the JSON."""
    (tmp_path / "ferry.png").write_bytes(png_bytes())
    (tmp_path / "thumb.png").write_bytes(png_bytes(120, 80))
    (tmp_path / "other.png").write_bytes(png_bytes(colour=(200, 40, 40)))
    return tmp_path


@pytest.fixture
def mina(db):
    return Author.objects.create(name="Mina Sadeghi")


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_import(*args, stdin=None) -> tuple[str, str, int]:
    """The real command; the status is what `python -m dateline` would exit with."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ninjs", *map(str, args), stdout=out, stderr=err, stdin=stdin)
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return out.getvalue(), err.getvalue(), status


def media_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def blocks_of(page: ArticlePage) -> list[tuple[str, object]]:
    return [(b.block_type, b.block.get_prep_value(b.value)) for b in page.body]


def footprint() -> tuple[int, int, int, int]:
    return (
        ArticlePage.objects.count(),
        Revision.objects.count(),
        NewsTag.objects.count(),
        Photo.objects.count(),
    )


# (a) --------------------------------------------------------------------------------


def test_item_with_picture_becomes_the_article_it_describes(client, asia, mina, feed):
    path = write(feed / "ferry.json", story(associations={"featureimage": picture()}))

    out, err, status = run_import(path, "--section", "news/asia", "--publish")

    assert status == 0, err
    assert "imported 1, updated 0, failed 0" in out
    assert "Kai Nobody" in err  # names without an author page are reported...
    assert ArticlePage.objects.get(ninjs_uri="urn:agency:ferry:1").byline == "Kai Nobody"
    page = ArticlePage.objects.get(ninjs_uri="urn:agency:ferry:1")
    assert page.live and page.get_parent().pk == asia.pk
    assert page.title == "Ferry service resumes across the strait"
    assert page.social_headline == "Ferries are back"
    assert page.summary_points == [
        "Crossings restart after a three-week halt.",
        "Fares stay the same.",
    ]

    blocks = [(block.block_type, block.value) for block in page.body]
    assert [kind for kind, _ in blocks] == [
        "paragraph",
        "subheading",
        "paragraph",
        "quote",
        "paragraph",
    ]
    assert blocks[0][1].source == (
        "<p>The first boat left at six, "
        '<a href="https://harbour.example/timetable">on time</a>.</p>'
    )
    assert blocks[1][1] == "Why it stopped"
    assert blocks[2][1].source == (
        "<p>Storms damaged the <b>pier</b>.</p><ul><li>Repairs took three weeks.</li></ul>"
    )
    assert blocks[3][1]["quote"] == "We are glad to be back."
    assert blocks[3][1]["attribution"] == "Lena Ortiz"
    assert blocks[4][1].source == "<p>Timetable</p>"
    stored = json.dumps(page.body.get_prep_value())
    for dropped in ("alert", "steal", "onclick", "javascript", "color: red", "<img"):
        assert dropped not in stored

    assert {(tag.name, tag.kind) for tag in page.tags.all()} == {
        ("Transport", "topic"),
        ("ferries", "topic"),
        ("Strait of Kerr", "place"),
        ("Lena Ortiz", "person"),
        ("Harbour Authority", "organisation"),
    }
    assert list(page.authors.all()) == [mina]

    photo = page.lead_image
    assert (photo.width, photo.height) == (1200, 800)  # the original, not the thumbnail
    assert photo.file_hash and photo.credit == "Harbour Press/Ana Lima"
    assert page.lead_image_caption == "The first ferry leaves the harbour at dawn."
    assert page.lead_image_credit == "Harbour Press/Ana Lima"
    assert page.lead_image_alt == "A white ferry beside a grey pier"
    assert page.first_published_at == datetime.fromisoformat(FIRST)
    assert page.updated_at == datetime.fromisoformat(VERSION)

    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ferry service resumes across the strait</h1>" in html
    assert "<li>Crossings restart after a three-week halt.</li>" in html
    assert '<h2 class="subheading">Why it stopped</h2>' in html
    assert '<a href="https://harbour.example/timetable">on time</a>' in html
    assert "We are glad to be back." in html and "Lena Ortiz" in html
    assert '<span class="caption">The first ferry leaves the harbour at dawn.</span>' in html
    assert "Harbour Press/Ana Lima</span>" in html
    assert 'alt="A white ferry beside a grey pier"' in html
    assert 'datetime="2025-03-01T06:30:00+00:00"' in html
    assert '<span class="updated">' in html and 'datetime="2025-03-01T09:15:00+00:00"' in html
    assert 'href="/en/authors/mina-sadeghi/"' in html
    assert 'href="/en/tags/strait-of-kerr/"' in html
    assert "alert(" not in html and "steal()" not in html


def test_agency_html_documents_and_plain_text_become_body_blocks(asia):
    document = (
        "<html><head><title>Headline again</title></head><body><article>"
        "<h1>Headline again</h1><div>Stockholm <span>(TT)</span></div>"
        "<figure><img src=x><figcaption>A caption</figcaption></figure>"
        "<h3>Sub</h3><p>x &amp; y<br>z</p><li>stray item</li></article></body></html>"
    )
    assert html_to_blocks(document) == [
        ("paragraph", "<p>Headline again</p><p>Stockholm (TT)</p>"),
        ("subheading", "Sub"),
        ("paragraph", "<p>x &amp; y<br/>z</p><ul><li>stray item</li></ul>"),
    ]

    plain = story(
        descriptions=[],
        bodies=[{"contenttype": "text/plain", "value": "First <para>\nsame para\n\nSecond & last"}],
    )
    result = import_item(plain, section_path="news/asia", source="test")

    page = result.page.get_latest_revision_as_object()
    assert [(b.block_type, b.value.source) for b in page.body] == [
        ("paragraph", "<p>First &lt;para&gt;<br/>same para</p><p>Second &amp; last</p>")
    ]
    # No description: the opening paragraph is the summary.
    assert page.summary_points == ["First <para> same para"]


def test_an_unclosed_element_that_would_swallow_the_story_is_refused(asia):
    # An unclosed <textarea>, <select> or <figure> makes the parser treat the
    # rest of the body as its content, which is dropped: the import names the field.
    for html in (
        "<p>One</p><textarea>note<p>Two</p>",
        "<P>One<SELECT><p>Two</p>",
        "<p>One</p><figure><img src=x><p>Two</p>",
    ):
        with pytest.raises(NinjsError) as refused:
            import_item(
                story(bodies=[{"contenttype": "text/html", "value": html}]),
                section_path="news/asia",
            )
        assert refused.value.field == "bodies"
        assert "is never closed" in refused.value.message
    with pytest.raises(NinjsError) as refused:
        summary = [{"role": "summary", "contenttype": "text/html", "value": "<p>a<title>b"}]
        import_item(story(descriptions=summary), section_path="news/asia")
    assert refused.value.field == "descriptions"
    assert not ArticlePage.objects.exists()

    # Closed ones are dropped with their content as before; "<svg/>" closes itself,
    # and a tag or comment left open is kept as text, so nothing is lost.
    fine = "<p>One</p><textarea>x</textarea><svg/><!-- <figure> --><p>Two</p><p>Three <b"
    body = [{"contenttype": "text/html", "value": fine}]
    result = import_item(story(bodies=body), section_path="news/asia")
    page = result.page.get_latest_revision_as_object()
    assert [b.value.source for b in page.body] == ["<p>One</p><p>Two</p><p>Three &lt;b</p>"]


# (b) --------------------------------------------------------------------------------


def test_reimporting_a_uri_updates_the_same_page(asia, feed, settings):
    item = story(associations={"featureimage": picture()})
    path = write(feed / "ferry.json", item)
    run_import(path, "--section", "news/asia", "--publish")
    page = ArticlePage.objects.get(ninjs_uri=item["uri"])
    revisions, files = page.revisions.count(), media_files(settings)

    item["headlines"][0]["value"] = "Ferry service resumes after storm repairs"
    write(path, item)
    out, err, status = run_import(path, "--section", "news/asia", "--publish")

    assert status == 0, err
    assert "imported 0, updated 1, failed 0" in out
    assert ArticlePage.objects.count() == 1
    updated = ArticlePage.objects.get(ninjs_uri=item["uri"])
    assert updated.pk == page.pk and updated.slug == page.slug
    assert updated.title == "Ferry service resumes after storm repairs"
    assert updated.revisions.count() == revisions + 1
    # The same picture is recognised by its content, not stored twice.
    assert Photo.objects.count() == 1 and media_files(settings) == files
    assert updated.first_published_at == datetime.fromisoformat(FIRST)


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

    assert dateline("migrate", "-v0").returncode == 0
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


# (d) --------------------------------------------------------------------------------


def test_drafts_by_default_and_publish_puts_it_on_the_section_front(client, asia, feed):
    path = write(feed / "ferry.json", story())

    out, err, status = run_import(path, "--section", "news/asia")

    assert status == 0, err
    page = ArticlePage.objects.get(ninjs_uri="urn:agency:ferry:1")
    assert not page.live and page.has_unpublished_changes
    assert page.revisions.count() == 1
    assert client.get(page.url).status_code == 404
    assert "Ferry service resumes" not in client.get(asia.url).content.decode()

    out, err, status = run_import(path, "--section", "news/asia", "--publish")

    assert status == 0, err
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200
    front = client.get(asia.url).content.decode()
    assert "Ferry service resumes across the strait" in front
    assert page.url in front


def test_withheld_items_are_never_published(asia, feed):
    path = write(feed / "ferry.json", story(pubstatus="withheld"))

    run_import(path, "--section", "news/asia", "--publish")

    assert not ArticlePage.objects.get(ninjs_uri="urn:agency:ferry:1").live


# (e) --------------------------------------------------------------------------------


def test_language_selects_the_edition(asia, feed):
    french = Locale.objects.create(language_code="fr")
    accueil = Page.get_first_root_node().add_child(
        instance=HomePage(title="Dateline", slug="accueil", locale=french)
    )
    monde = accueil.add_child(instance=SectionPage(title="Monde", slug="monde", locale=french))
    items = [
        story(uri="urn:fr:1", language="fr-FR"),
        story(uri="urn:en:1", language="en-GB"),
        story(uri="urn:de:1", language="de"),
    ]
    path = write(feed / "editions.json", items)

    out, err, status = run_import(path, "--section", "monde")

    assert status == 1
    assert "FAILED" in err and "item 2 (uri urn:en:1): field 'section'" in err
    assert "item 3 (uri urn:de:1): field 'language'" in err
    page = ArticlePage.objects.get(ninjs_uri="urn:fr:1")
    assert page.locale == french and page.get_parent().pk == monde.pk

    out, err, status = run_import(write(feed / "en.json", items[1]), "--section", "news/asia")
    assert status == 0, err
    assert ArticlePage.objects.get(ninjs_uri="urn:en:1").locale.language_code == "en"


# (f) --------------------------------------------------------------------------------


def test_section_comes_from_the_subjects(news, asia, feed):
    SectionPage.objects.filter(pk=asia.pk).update(ninjs_subjects="medtop:20000551, Asian affairs")
    items = [
        story(uri="urn:by-code", subjects=[{"name": "Transport", "code": "medtop:20000551"}]),
        story(uri="urn:by-name", subjects=[{"name": "asian AFFAIRS"}]),
        story(uri="urn:by-slug", subjects=[{"name": "Other"}, {"name": "News"}]),
        story(uri="urn:nowhere", subjects=[{"name": "Gardening"}]),
    ]
    path = write(feed / "subjects.json", items)

    out, err, status = run_import(path)

    assert status == 1
    assert "item 4 (uri urn:nowhere): field 'subjects'" in err
    parent = {p.ninjs_uri: p.get_parent().pk for p in ArticlePage.objects.all()}
    assert parent == {"urn:by-code": asia.pk, "urn:by-name": asia.pk, "urn:by-slug": news.pk}


# (g) --------------------------------------------------------------------------------


def test_export_round_trip(client, asia, mina, feed, settings, monkeypatch):
    path = write(feed / "ferry.json", story(associations={"featureimage": picture()}))
    run_import(path, "--section", "news/asia", "--publish")
    page = ArticlePage.objects.get(ninjs_uri="urn:agency:ferry:1")

    response = client.get(page.url + "ninjs/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["uri"] == "urn:agency:ferry:1" and data["type"] == "text"
    assert data["language"] == "en" and data["pubstatus"] == "usable"
    assert data["headlines"] == [
        {"role": "main", "value": "Ferry service resumes across the strait"},
        {"role": "short", "value": "Ferries are back"},
    ]
    assert data["descriptions"][0]["role"] == "summary"
    assert data["descriptions"][0]["value"].splitlines() == page.summary_points
    body = data["bodies"][0]
    assert body["contenttype"] == "text/html"
    assert '<a href="https://harbour.example/timetable">on time</a>' in body["value"]
    assert "<h2>Why it stopped</h2>" in body["value"]
    assert datetime.fromisoformat(data["firstcreated"]) == datetime.fromisoformat(FIRST)
    assert datetime.fromisoformat(data["versioncreated"]) == datetime.fromisoformat(VERSION)
    assert data["by"] == "Mina Sadeghi, Kai Nobody"  # the agency byline kept
    assert {"name": "Strait of Kerr"} in data["places"]
    assert {"name": "Lena Ortiz"} in data["people"]
    feature = data["associations"]["featureimage"]
    href = feature["renditions"]["original"]["href"]
    assert href.startswith("http://testserver/media/original_images/")
    assert {"role": "caption", "value": "The first ferry leaves the harbour at dawn."} in (
        feature["descriptions"]
    )
    assert feature["creditline"] == "Harbour Press/Ana Lima"

    # Fed back in, the export updates the same page and changes nothing that matters.
    media = Path(settings.MEDIA_ROOT)
    monkeypatch.setattr(
        pictures, "_download", lambda url: (media / url.split("/media/")[1]).read_bytes()
    )
    result = import_item(data, base_dir=None, section_path=None, publish=True, source="export")
    again = ArticlePage.objects.get(pk=page.pk)
    assert result.action == "updated" and result.page.pk == page.pk
    assert blocks_of(again) == blocks_of(page)
    assert again.summary_points == page.summary_points
    assert again.lead_image_id == page.lead_image_id and Photo.objects.count() == 1
    assert set(again.tags.all()) == set(page.tags.all())


# (h) --------------------------------------------------------------------------------


def test_canceled_takes_the_live_page_down(client, asia, feed):
    item = story()
    path = write(feed / "ferry.json", item)
    run_import(path, "--section", "news/asia", "--publish")
    page = ArticlePage.objects.get(ninjs_uri=item["uri"])
    assert client.get(page.url).status_code == 200

    out, err, status = run_import(
        write(path, {**item, "pubstatus": "canceled"}), "--section", "news/asia", "--publish"
    )

    assert status == 0, err
    assert "unpublished" in out and "imported 0, updated 1, failed 0" in out
    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 404
    assert ArticlePage.objects.count() == 1


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


def test_agency_byline_and_credit_are_kept_shown_and_described(client, asia, feed):
    """An AP-style item: a byline with no author page here, and the agency's rights."""
    item = story(
        uri="urn:agency:byline:1",
        by="By Paulo Santalucia",
        copyrightholder="Harbour Press",
        copyrightnotice="Copyright 2026 Harbour Press. All rights reserved.",
        usageterms="For use by subscribers only.",
    )
    out, err, status = run_import(
        write(feed / "byline.json", item), "--section", "news/asia", "--publish"
    )
    assert status == 0, err

    page = ArticlePage.objects.get(ninjs_uri="urn:agency:byline:1")
    html = client.get(page.url).content.decode()
    byline = html.split('class="byline"')[1].split("</p>")[0]
    assert "By" in byline and "Paulo Santalucia" in byline
    assert "© Harbour Press" in html
    assert "For use by subscribers only." in html
    data = extruct.extract(html, base_url="http://testserver", syntaxes=["json-ld"])
    news = next(d for d in data["json-ld"] if d["@type"] == "NewsArticle")
    assert news["author"] == [{"@type": "Person", "name": "Paulo Santalucia"}]

    exported = json.loads(client.get(page.url + "ninjs/").content)
    assert exported["by"] == "Paulo Santalucia"
    assert exported["copyrightholder"] == "Harbour Press"
    assert exported["usageterms"] == "For use by subscribers only."
