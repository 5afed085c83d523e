"""The signed daily pack: what a reader who unzips it can open, what fits, and
what `pack verify` catches."""

import io
import json
import stat
import time
import zipfile
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.rich_text import RichText

from dateline.lite import pack, urls
from dateline.newsroom.models import ArticlePage, Photo

MAX = 300_000


@pytest.fixture(autouse=True)
def _own_key(settings, tmp_path):
    settings.DATELINE_PACK_KEY = str(tmp_path / "keys" / "pack.pem")


def noisy_photo(title, seed):
    """A photo with real detail in it (noise), so thumbnails weigh what they do."""
    picture = PILImage.effect_noise((640, 427), 60 + seed).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    photo = Photo(title=title, credit="Dateline/Staff", caption=f"{title} at dawn")
    photo.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"photo-{seed}.jpg")
    photo.save()
    return photo


def story(section, make_article, title, *, hours_ago=1.0, photo=None, body=None, **fields):
    article = make_article(
        section,
        title=title,
        body=body or [("paragraph", RichText(f"<p>{title}: what happened, in full.</p>"))],
        **({"lead_image": photo, "lead_image_alt": f"{title}, a photo"} if photo else {}),
        **fields,
    )
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(hours=hours_ago)
    )
    article.refresh_from_db()
    return article


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def text(html: bytes) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def day(asia, news, make_article):
    """Three stories of today (the newest links to the oldest), one of two days
    ago."""
    harbour = story(
        asia,
        make_article,
        "Harbour ferry returns after storm",
        hours_ago=5,
        photo=noisy_photo("Ferry", 1),
    )
    story(news, make_article, "Council approves new budget", hours_ago=3)
    newest = story(
        asia,
        make_article,
        "Rice harvest starts early",
        hours_ago=0.5,
        photo=noisy_photo("Rice", 2),
        body=[
            ("paragraph", RichText("<p>Farmers began cutting on Monday.</p>")),
            (
                "paragraph",
                RichText(f'<p>Read <a linktype="page" id="{harbour.pk}">the ferry story</a>.</p>'),
            ),
            ("paragraph", RichText(f'<p>And <a linktype="page" id="{asia.pk}">Asia</a>.</p>')),
        ],
    )
    old = story(news, make_article, "Old bridge closes for repairs", hours_ago=48)
    return {"harbour": harbour, "newest": newest, "old": old}


@pytest.mark.django_db
def test_a_pack_opens_in_any_browser_and_verifies(day, home, tmp_path):
    output = tmp_path / "today.zip"
    call_command("pack", "--edition", "en", "--output", str(output))
    data = output.read_bytes()
    assert len(data) <= MAX
    files = unzip(data)

    # The day's stories, newest first; not the one from two days ago.
    index = BeautifulSoup(files["index.html"], "html.parser")
    titles = [a.get_text() for a in index.select("main ol a")]
    assert titles == [
        "Rice harvest starts early",
        "Council approves new budget",
        "Harbour ferry returns after storm",
    ]
    assert "Dateline" in index.h1.get_text() and "English" in text(files["index.html"])
    assert "Old bridge" not in text(files["index.html"])
    assert not any("old-bridge" in name for name in files)
    assert index.find("link", rel="stylesheet")["href"] == "lite.css"
    assert files["lite.css"].startswith(b"") and b"body" in files["lite.css"]

    # Each story is its text-only page, its links made file links where the
    # story is in the pack and public addresses elsewhere.
    for a in index.select("main ol a"):
        page = files[a["href"]]
        assert a.get_text() in text(page)
        assert "what happened, in full" in text(page) or "Farmers began" in text(page)
    newest = BeautifulSoup(files["articles/rice-harvest-starts-early.html"], "html.parser")
    hrefs = [link["href"] for link in newest.find_all("a")]
    assert "../articles/harbour-ferry-returns-after-storm.html" in hrefs
    assert "http://127.0.0.1:8000/en/lite/news/asia/" in hrefs
    assert "http://127.0.0.1:8000" + day["newest"].url in hrefs  # the full version
    assert newest.find("link", rel="stylesheet")["href"] == "../lite.css"
    assert not [h for h in hrefs if h.startswith("/")]  # no link a file cannot follow

    # The photo link opens a small thumbnail inside the pack.
    photo = newest.find("a", string="Photo")
    assert photo["href"].startswith("../thumbs/") and photo["href"].endswith(".jpg")
    thumb = files[photo["href"][3:]]
    with PILImage.open(io.BytesIO(thumb)) as picture:
        assert picture.format == "JPEG" and picture.width == 240
    assert len(thumb) < 30_000
    assert "Rice at dawn" in text(files["articles/rice-harvest-starts-early.html"])

    # Nothing runs: no scripts, no pictures shown inline.
    for name, content in files.items():
        if name.endswith(".html"):
            soup = BeautifulSoup(content, "html.parser")
            assert not soup.find_all(["script", "img", "iframe"]), name
            assert b"<script" not in content.lower(), name

    # Signed, and every file listed.
    manifest = json.loads(files["MANIFEST.json"])
    assert manifest["language"] == "en" and manifest["site"] == "http://127.0.0.1:8000"
    assert manifest["key"]["fingerprint"] == pack.fingerprint(pack.site_public_key())
    assert {entry["name"] for entry in manifest["files"]} == set(files) - {
        "MANIFEST.json",
        "MANIFEST.sig",
    }
    checked = pack.verify(data, pack.site_public_key())
    assert "articles/rice-harvest-starts-early.html: " in "\n".join(checked)
    call_command("pack", "verify", str(output))  # the site's own key


@pytest.fixture
def made(day, tmp_path):
    output = tmp_path / "today.zip"
    call_command("pack", "--edition", "en", "--output", str(output))
    return output


def failure(path, *extra) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("pack", "verify", str(path), *extra)
    return str(raised.value)


@pytest.mark.django_db
def test_verify_names_what_was_changed(made, tmp_path):
    files = unzip(made.read_bytes())

    # One byte of a story changed.
    changed = dict(files)
    name = "articles/council-approves-new-budget.html"
    changed[name] = changed[name].replace(b"Council", b"Cuoncil", 1)
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(rezip(changed))
    assert name in failure(tampered) and "SHA-256" in failure(tampered)

    # A file slipped in.
    added = tmp_path / "added.zip"
    added.write_bytes(rezip({**files, "articles/extra.html": b"<p>Not ours</p>"}))
    assert "articles/extra.html: not listed" in failure(added)

    # A file taken out.
    removed = tmp_path / "removed.zip"
    removed.write_bytes(rezip({k: v for k, v in files.items() if k != "lite.css"}))
    assert "lite.css: listed" in failure(removed)

    # The manifest rewritten to match a change: the signature no longer holds.
    manifest = files["MANIFEST.json"].replace(b'"en"', b'"es"', 1)
    forged = tmp_path / "forged.zip"
    forged.write_bytes(rezip({**files, "MANIFEST.json": manifest}))
    assert "MANIFEST.json: the signature" in failure(forged)

    # Another key (someone else's pack passed off as ours).
    other = tmp_path / "other.pem"
    other.write_bytes(pack.public_pem(Ed25519PrivateKey.generate().public_key()))
    message = failure(made, "--key", str(other))
    assert "MANIFEST.json" in message and "does not match" in message

    # Not a pack at all.
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"hello")
    assert "not a zip file" in failure(junk)


@pytest.mark.django_db
def test_the_published_key_is_the_one_verify_uses(made, client, tmp_path, settings):
    response = client.get("/pack-key.pem")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert response.content == pack.public_pem(pack.site_public_key())
    assert response.content.startswith(b"-----BEGIN PUBLIC KEY-----")
    downloaded = tmp_path / "pack-key.pem"
    downloaded.write_bytes(response.content)
    call_command("pack", "verify", str(made), "--key", str(downloaded))

    page = client.get("/pack-key.txt")
    assert page.status_code == 200
    assert pack.fingerprint(pack.site_public_key()) in page.content.decode()

    # The private key is the site's alone.
    mode = stat.S_IMODE((tmp_path / "keys" / "pack.pem").stat().st_mode)
    assert mode == 0o600


@pytest.mark.django_db
def test_private_articles_stay_out(news, asia, make_article, make_private, tmp_path):
    story(news, make_article, "Public story of the day", hours_ago=2)
    secret = story(asia, make_article, "Members briefing", hours_ago=1)
    make_private(secret)
    built = pack.build("en")
    assert [s.title for s in built.stories] == ["Public story of the day"]
    assert "Members briefing" not in json.dumps(unzip(built.data)["MANIFEST.json"].decode())
    assert not any(b"Members briefing" in content for content in unzip(built.data).values())


@pytest.mark.django_db
def test_the_budget_keeps_the_newest_and_says_how_many_more(day):
    whole = pack.build("en")
    assert len(whole.stories) == 3 and whole.more == 0
    cut = pack.build("en", max_bytes=len(whole.data) - 1)
    assert len(cut.data) <= len(whole.data) - 1
    kept = [s.title for s in cut.stories]
    assert kept == [s.title for s in whole.stories][: len(kept)] and len(kept) < 3
    assert cut.more == 3 - len(kept)
    index = text(unzip(cut.data)["index.html"])
    expected = "One more story" if cut.more == 1 else f"{cut.more} more stories"
    assert expected in index and "http://127.0.0.1:8000/en/lite/" in index
    # The story left out is linked on the site, not as a missing file.
    files = unzip(cut.data)
    assert set(files) >= {"index.html", "lite.css", "MANIFEST.json", "MANIFEST.sig"}
    pack.verify(cut.data, pack.site_public_key())


@pytest.mark.django_db
def test_a_demo_sized_day_fits(asia, news, make_article, capsys):
    """A busy day: 30 stories of five paragraphs, half with a photo."""
    paragraph = (
        "<p>The council met late into the evening to weigh the plan, and residents "
        "who had waited since the afternoon spoke one after another about the road, "
        "the school and the market that the plan would move.</p>"
    )
    for n in range(30):
        story(
            asia if n % 2 else news,
            make_article,
            f"Story number {n} of a busy day",
            hours_ago=n * 0.7 + 0.1,
            photo=noisy_photo(f"Photo {n}", n) if n % 2 else None,
            body=[("paragraph", RichText(paragraph * 5))],
        )
    started = time.monotonic()
    built = pack.build("en")
    print(
        f"demo-sized pack: {len(built.data)} bytes, {len(built.stories)} stories, "
        f"made in {time.monotonic() - started:.1f} s"
    )
    assert len(built.data) <= MAX
    assert len(built.stories) + built.more == 30
    assert built.stories[0].title == "Story number 0 of a busy day"


@pytest.mark.django_db
def test_an_edition_that_does_not_exist_is_an_error(home, tmp_path):
    with pytest.raises(CommandError, match="No edition"):
        call_command("pack", "--edition", "es", "--output", str(tmp_path / "x.zip"))
    assert urls.twin("/en/") == "/en/lite/"


@pytest.mark.django_db
def test_the_stylesheet_is_the_packs_own_when_static_files_have_a_host(
    news, make_article, settings
):
    settings.STATIC_URL = "https://static.example/s/"
    story(news, make_article, "Council approves new budget", hours_ago=1)
    files = unzip(pack.build("en").data)
    page = BeautifulSoup(files["articles/council-approves-new-budget.html"], "html.parser")
    assert page.find("link", rel="stylesheet")["href"] == "../lite.css"
    assert b"static.example" not in files["articles/council-approves-new-budget.html"]
