"""The demo's text-only edition as `make demo` serves it (granian, the page
cache, compression): every page type in every edition, by weight on the wire,
what it may not contain, and how a terminal browser reads a story."""

import re
import shutil
import subprocess

import pytest

from dateline.lite.urls import twin
from dateline.lite.weights import LIMIT_BYTES, PAGE_TYPES, decoded, edition_pages, fetch

EDITIONS = ("en", "es", "ar")
HEAVY = ["script", "img", "picture", "video", "audio", "iframe", "svg", "object", "embed", "source"]


@pytest.fixture(scope="module")
def pages(demo_server) -> dict[str, dict[str, str]]:
    return {language: edition_pages(demo_server, language) for language in EDITIONS}


def test_every_edition_has_every_page_type(pages):
    # The English demo has a developing story with a live blog; the others
    # have everything else.
    assert set(pages["en"]) == set(PAGE_TYPES)
    for language in EDITIONS:
        assert set(PAGE_TYPES) - {"live blog", "story"} <= set(pages[language]), language


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_every_text_only_page_is_small_and_plain(demo_server, pages, encoding):
    weights = {}
    for language, kinds in pages.items():
        for kind, path in kinds.items():
            lite = fetch(demo_server, twin(path), **{"Accept-Encoding": encoding})
            where = f"{language} {kind} {twin(path)}"
            assert lite.status == 200, where
            assert lite.headers["Content-Encoding"] == encoding, where
            weights[where] = lite.wire_bytes
            soup = lite.html.__class__(decoded(lite), "html.parser")
            assert soup.find_all(HEAVY) == [], where
            assert soup.find_all("style") == [] and b"@font-face" not in decoded(lite), where
            stylesheets = soup.find_all("link", rel="stylesheet")
            assert len(stylesheets) == 1, where
            css = fetch(demo_server, stylesheets[0]["href"], **{"Accept-Encoding": "identity"})
            assert css.status == 200 and len(css.body) <= 2048, where
            assert b"@font-face" not in css.body and b"url(" not in css.body, where
            # Back to the full page, and in the reader's language.
            assert soup.find("a", href=path) is not None, where
            assert soup.html["lang"] == language, where

            full = fetch(demo_server, path, **{"Accept-Encoding": "identity"})
            assert f'href="{twin(path)}"'.encode() in full.body.replace(b"&amp;", b"&"), where
    too_heavy = {where: size for where, size in weights.items() if size > LIMIT_BYTES}
    assert too_heavy == {}


def test_the_whole_story_is_in_the_text_only_article(demo_server, pages):
    for language in EDITIONS:
        path = pages[language]["article"]
        full = fetch(demo_server, path, **{"Accept-Encoding": "identity"}).html
        lite = fetch(demo_server, twin(path), **{"Accept-Encoding": "identity"}).html
        lite_text = lite.get_text(" ", strip=True)
        parts = [full.select_one("h1")]
        parts += full.select(".summary li, .byline a, .dates time, .notes li, .tags a")
        parts += full.select(".lead .caption, .lead .credit, .body > p, .body > h2")
        parts += full.select(".body blockquote p, .body .caption, .body .credit")
        parts += full.select(".body figure.quote figcaption, .body figure.audio figcaption")
        assert len(parts) > 10, language
        for part in parts:
            words = part.get_text(" ", strip=True).replace("Photo: ", "").replace("Foto: ", "")
            words = words.replace("صورة: ", "")
            assert words in lite_text, (language, words)


def test_a_terminal_browser_reads_the_story_in_order(demo_server, pages):
    w3m = shutil.which("w3m")
    assert w3m, "w3m is needed (apt-get install w3m; .ci/run installs it)"
    path = pages["en"]["article"]
    full = fetch(demo_server, path, **{"Accept-Encoding": "identity"}).html
    lite = fetch(demo_server, twin(path), **{"Accept-Encoding": "identity"})
    dump = subprocess.run(
        [w3m, "-dump", "-T", "text/html", "-cols", "200", "-O", "UTF-8"],
        input=lite.body,
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    in_order = [
        full.select_one("h1").get_text(strip=True),
        full.select_one(".byline a").get_text(strip=True),
        full.select_one(".dates time").get_text(strip=True),
    ] + [p.get_text(" ", strip=True)[:60] for p in full.select(".body > p")]
    flat = " ".join(dump.split())
    positions = [flat.find(" ".join(words.split())) for words in in_order]
    assert -1 not in positions, [w for w, p in zip(in_order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


def test_save_data_gets_the_text_only_page_from_the_embedded_server(demo_server, pages):
    path = pages["en"]["section"]
    answers = [
        fetch(demo_server, path, **{"Save-Data": "on"}),
        fetch(demo_server, path),
        fetch(demo_server, path, **{"Save-Data": "on"}),
        fetch(demo_server, path),
    ]
    for answer in answers:
        assert answer.status == 200 and "Save-Data" in answer.headers["Vary"]
    lite, full = decoded(answers[0]), decoded(answers[1])
    assert b"<script" not in lite and b"<script" in full
    # The second time round both come from the cache, each its own copy.
    assert answers[2].headers["X-Cache"] == answers[3].headers["X-Cache"] == "HIT"
    assert decoded(answers[2]) == lite and decoded(answers[3]) == full


def test_text_only_audio_page_links_the_stream_for_a_phone_player(demo_server, pages):
    for language in EDITIONS:
        lite = fetch(demo_server, twin(pages[language]["Audio Only"]), **{"Accept-Encoding": ""})
        links = [a["href"] for a in lite.html.find_all("a")]
        # The data saver first, then the standard rung, each with its cost.
        streams = [href for href in links if href.endswith(".m3u8")]
        assert streams and streams[0].endswith("/audio-low/index.m3u8"), language
        assert re.search(r"\b14\b", lite.html.get_text()), language  # about 14 MB an hour
