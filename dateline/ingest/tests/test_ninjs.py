"""Agency copy in IPTC ninjs 2.x: imported through the real command (and, for the
round trip, exported over HTTP by syndication)."""

import json
from datetime import datetime
from pathlib import Path

import extruct
import pytest

from dateline.ingest import pictures
from dateline.ingest.html import html_to_blocks
from dateline.ingest.ninjs import NinjsError, import_item
from dateline.ingest.tests.conftest import (
    FIRST,
    VERSION,
    blocks_of,
    media_files,
    picture,
    run_import,
    story,
    write,
)
from dateline.newsroom.models import ArticlePage, Photo, SectionPage

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


def test_language_selects_the_edition(asia, make_edition, feed):
    accueil = make_edition("fr")  # a published translation of the front page
    french = accueil.locale
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
