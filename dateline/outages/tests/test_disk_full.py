"""An editor uploads a photo onto a full disk (a real 1 MB tmpfs as
MEDIA_ROOT): a clear error, no half-written file, no Photo row."""

import io
import os
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dateline.conftest import png_bytes
from dateline.newsroom.models import Photo


@pytest.fixture
def full_disk(tmp_path, settings):
    media = tmp_path / "small-disk"
    media.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(media)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.decode()}")
    settings.MEDIA_ROOT = media
    yield media
    subprocess.run(["umount", str(media)], check=True)


def noise_png(width: int, height: int) -> bytes:
    # Random pixels do not compress: this PNG is about width * height * 3 bytes.
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def files_in(root) -> list:
    return [os.path.join(d, f) for d, _dirs, names in os.walk(root) for f in names]


@pytest.mark.django_db
def test_upload_on_a_full_disk_says_so_and_leaves_nothing(client, home, full_disk):
    editor = get_user_model().objects.create_superuser("chief", "c@example.org", "x" * 16)
    client.force_login(editor)
    big = noise_png(800, 600)  # about 1.4 MB: more than the disk holds
    assert len(big) > 1024 * 1024

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Flood at the harbour",
            "file": SimpleUploadedFile("flood.png", big, "image/png"),
            "credit": "Staff",
        },
    )
    assert response.status_code == 507
    assert "disk is full" in response.content.decode()
    assert Photo.objects.count() == 0
    assert files_in(full_disk) == []

    # The same upload fits once the picture is small enough: the disk works.
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Harbour",
            "file": SimpleUploadedFile("harbour.png", png_bytes(), "image/png"),
            "credit": "Staff",
        },
    )
    assert response.status_code == 302 and Photo.objects.count() == 1
    assert len(files_in(full_disk)) >= 1
