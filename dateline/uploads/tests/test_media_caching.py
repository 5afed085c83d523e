"""Photos' renditions never change under their name: browsers and caches keep
them a year. Originals can be replaced under theirs: they stay short-lived."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.utils.cache import get_max_age

YEAR = 365 * 24 * 60 * 60


def directives(cache_control: str) -> set[str]:
    return {part.strip() for part in cache_control.split(",")}


def test_a_rendition_is_immutable_for_a_year(client, make_photo):
    rendition = make_photo().get_rendition("fill-300x200")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert directives(response["Cache-Control"]) == {"public", f"max-age={YEAR}", "immutable"}


def test_an_original_upload_is_kept_only_briefly(client, make_photo):
    photo = make_photo()
    assert photo.file.url.startswith("/media/original_images/")
    response = client.get(photo.file.url)
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert get_max_age(response) <= 3600


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_sends_renditions_immutable_and_originals_briefly(
    migrated_data, nginx, fetch, settings, make_photo
):
    settings.SERVE_MEDIA = False
    photo = make_photo()
    rendition = photo.get_rendition("fill-300x200")
    status, headers, _ = fetch(nginx + rendition.url)
    assert status == 200
    assert directives(headers["Cache-Control"]) == {"public", f"max-age={YEAR}", "immutable"}
    status, headers, _ = fetch(nginx + photo.file.url)
    assert status == 200
    assert "immutable" not in headers["Cache-Control"]
    assert headers["Cache-Control"] == "max-age=3600"


def test_a_hashed_static_file_is_immutable_for_a_year(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", "-v0")
    hashed = static("dateline/dateline.css")
    assert hashed != "/static/dateline/dateline.css"
    response = client.get(hashed)
    assert response.status_code == 200
    assert directives(response["Cache-Control"]) == {"public", f"max-age={YEAR}", "immutable"}
