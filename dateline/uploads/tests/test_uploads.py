"""Uploads through the real Wagtail admin views, as an editor makes them."""

import io
import shutil
import struct
import subprocess
import wave
import zlib

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents.models import Document
from wagtail.models import Collection

from dateline.newsroom.models import Photo

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def editor(home, client):
    user = User.objects.create_user("eddie", "eddie@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def upload_photo(client, name: str, data: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Convoy at the pass",
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
            "credit": "Dateline/Staff",
        },
    )


def upload_document(client, name: str, data: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Morning bulletin",
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def errors(response) -> str:
    assert response.status_code == 200, "the form should come back with an error"
    return " ".join(str(e) for e in response.context["form"].errors.get("file", []))


def camera_jpeg(orientation: int = 6) -> bytes:
    """A photo as a phone writes it: GPS position, camera model, sideways pixels."""
    image = Image.new("RGB", (300, 200), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, 60, 200))  # a blue band on the left edge
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (34.0, 31.0, 12.0), 3: "E", 4: (69.0, 10.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "fixture has GPS"
    return data


def has_location(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    return bool(image.getexif().get_ifd(GPS_IFD)) or b"PhoneMaker" in data


@pytest.mark.django_db
def test_a_photo_from_a_phone_is_published_without_its_location(client, editor):
    response = upload_photo(client, "convoy.jpg", camera_jpeg(orientation=6))

    assert response.status_code == 302, response.context["form"].errors
    photo = Photo.objects.get()
    # The original is public at /media/original_images/: it is stored clean...
    assert photo.file.url.startswith("/media/original_images/")
    with photo.file.open("rb") as f:
        served = f.read()
    assert not has_location(served)
    # ...and upright: orientation 6 means the camera held it turned 90 degrees.
    original = Image.open(io.BytesIO(served))
    assert original.size == (200, 300) == (photo.width, photo.height)
    assert original.convert("RGB").getpixel((100, 10))[2] > 150, "blue band now at the top"
    assert photo.file_size == len(served)
    # So every rendition, in every format the site writes, is clean too.
    for spec in ("fill-160x90|format-jpeg", "width-120|format-webp", "width-120|format-avif"):
        rendition = photo.get_rendition(spec)
        with rendition.file.open("rb") as f:
            assert not has_location(f.read()), spec


@pytest.mark.django_db
def test_a_png_with_location_text_is_stored_without_it(client, editor):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Location", "Kotal-e Khana pass, 34.52N 69.16E")
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 120, 60)).save(buffer, "PNG", pnginfo=text)

    assert upload_photo(client, "pass.png", buffer.getvalue()).status_code == 302

    with Photo.objects.get().file.open("rb") as f:
        assert b"Kotal-e Khana" not in f.read()


@pytest.mark.django_db
def test_a_photo_without_metadata_is_stored_untouched(client, editor):
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 120, 60)).save(buffer, "JPEG", quality=85)

    assert upload_photo(client, "plain.jpg", buffer.getvalue()).status_code == 302

    with Photo.objects.get().file.open("rb") as f:
        assert f.read() == buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, data, message",
    [
        ("page.jpg", b"<!doctype html><script>alert(document.cookie)</script>", "valid image"),
        ("shell.gif", b"<?php system($_GET['c']); ?>", "valid image"),
        ("logo.png", SVG, "does not match the file format (svg)"),
        ("logo.svg", SVG, "Not a supported image format"),
        ("photo.png", camera_jpeg(), "does not match the file format (jpeg)"),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 64, "valid image"),
    ],
)
def test_an_image_is_judged_by_its_content_not_its_name(client, editor, name, data, message):
    response = upload_photo(client, name, data)

    assert message in errors(response)
    assert not Photo.objects.exists()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: what a decompression bomb looks like
    to anyone reading only its header."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "width, height, shown",
    [(9000, 9000, "81,000,000"), (60000, 60000, "hundreds of millions")],
)
def test_a_decompression_bomb_is_refused_from_its_header(
    client, editor, settings, width, height, shown
):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 60_000_000
    data = png_header(width, height)
    assert len(data) < 200_000

    message = errors(upload_photo(client, "bomb.png", data))

    assert "too many pixels to open safely" in message
    assert shown in message and "60,000,000" in message
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_an_image_over_the_size_limit_is_refused(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 80).convert("RGB").save(buffer, "PNG")

    assert "This file is too big" in errors(upload_photo(client, "noise.png", buffer.getvalue()))


# --- Audio and documents ------------------------------------------------------


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 800)
    return buffer.getvalue()


FFMPEG_FORMATS = {
    "mp3": ["-c:a", "libmp3lame"],
    "m4a": ["-c:a", "aac"],
    "ogg": ["-c:a", "libvorbis"],
    "opus": ["-c:a", "libopus"],
}


@pytest.fixture(scope="module")
def audio_files(tmp_path_factory) -> dict[str, bytes]:
    """Real files of every allowed kind, as an encoder writes them."""
    files = {"wav": wav_bytes(), "pdf": b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"}
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        pytest.fail("ffmpeg is missing: apt-get install ffmpeg (.ci/run does)")
    folder = tmp_path_factory.mktemp("audio")
    for extension, codec in FFMPEG_FORMATS.items():
        path = folder / f"tone.{extension}"
        subprocess.run(
            [ffmpeg, "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
             *codec, str(path)],
            check=True,
        )  # fmt: skip
        files[extension] = path.read_bytes()
    return files


@pytest.mark.django_db
@pytest.mark.parametrize("extension", ["mp3", "m4a", "ogg", "opus", "wav", "pdf"])
def test_real_audio_and_pdfs_are_accepted(client, editor, audio_files, extension):
    response = upload_document(client, f"bulletin.{extension}", audio_files[extension])

    assert response.status_code == 302, response.context["form"].errors
    assert Document.objects.get().file.name.endswith(f".{extension}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, source",
    [("bulletin.mp3", "html"), ("bulletin.opus", "ogg"), ("bulletin.wav", "mp3"),
     ("report.pdf", "html"), ("bulletin.m4a", "wav")],
)  # fmt: skip
def test_a_file_whose_content_is_not_its_name_is_refused(client, editor, audio_files, name, source):
    data = b"<html><script>alert(1)</script></html>" if source == "html" else audio_files[source]

    message = errors(upload_document(client, name, data))

    assert f"content is not .{name.rsplit('.', 1)[1]}" in message
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_document_over_the_size_limit_is_refused(client, editor, audio_files, settings):
    settings.DATELINE_DOCUMENT_MAX_UPLOAD_SIZE = 1000

    message = errors(upload_document(client, "bulletin.wav", audio_files["wav"]))

    assert "This file is too big" in message and "1000" in message
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_other_kinds_of_document_are_still_refused_by_name(client, editor):
    assert "File extension" in errors(upload_document(client, "notes.html", b"<p>hi</p>"))


@pytest.mark.django_db
def test_the_multiple_uploader_applies_the_same_checks(client, editor):
    """The admin's default 'Add images' page uploads one file per request."""
    url = reverse("wagtailimages:add_multiple")
    collection = Collection.get_first_root_node().pk

    bomb = client.post(
        url,
        {
            "files[]": SimpleUploadedFile("bomb.png", png_header(9000, 9000)),
            "collection": collection,
        },
    ).json()
    assert bomb["success"] is False
    assert "too many pixels to open safely" in bomb["error_message"]

    photo = client.post(
        url, {"files[]": SimpleUploadedFile("convoy.jpg", camera_jpeg()), "collection": collection}
    ).json()
    assert photo["success"] is True
    with Photo.objects.get().file.open("rb") as f:
        assert not has_location(f.read())


@pytest.mark.django_db
def test_photos_uploaded_before_are_cleaned_by_a_command(make_photo, capsys):
    from django.core.management import call_command

    photo = make_photo()
    old_rendition = photo.get_rendition("width-100|format-jpeg")
    # As a photo stored before uploads were cleaned: the file on disk has GPS.
    with photo.file.storage.open(photo.file.name, "wb") as f:
        f.write(camera_jpeg(orientation=1))
    assert has_location(photo.file.storage.open(photo.file.name).read())

    call_command("strip_photo_metadata")

    photo.refresh_from_db()
    with photo.file.open("rb") as f:
        data = f.read()
    assert not has_location(data) and photo.file_size == len(data)
    assert (photo.width, photo.height) == (300, 200)
    assert not photo.renditions.filter(pk=old_rendition.pk).exists()
    with photo.get_rendition("width-100|format-jpeg").file.open("rb") as f:
        assert not has_location(f.read())
    assert "Stripped metadata from 1 photos." in capsys.readouterr().out
