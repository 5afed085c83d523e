"""Documents are served only through the view that checks their collection's restriction."""

import getpass
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" * 40


@pytest.fixture
def make_document(db):
    def make(title: str, collection: Collection) -> Document:
        document = Document(title=title, collection=collection)
        document.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(PDF))
        return document

    return make


@pytest.fixture
def private_document(home, make_document):
    collection = Collection.get_first_root_node().add_child(name="Legal")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return make_document("Court filing", collection)


@pytest.fixture
def public_document(home, make_document):
    return make_document("Annual report", Collection.get_first_root_node())


def test_a_private_document_file_is_not_served_under_media(client, private_document):
    response = client.get(private_document.file.url)
    assert private_document.file.url.startswith("/media/documents/")
    assert response.status_code == 404


def test_a_public_document_file_is_not_served_under_media_either(client, public_document):
    assert client.get(public_document.file.url).status_code == 404


def test_other_uploads_are_still_served_under_media(client, make_photo):
    photo = make_photo()
    response = client.get(photo.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_a_private_document_asks_for_a_login_and_is_never_shared_cacheable(
    client, private_document
):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_signed_in_reader_gets_a_private_document_not_for_shared_caches(
    client, private_document, django_user_model
):
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 16))
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_document_still_downloads(client, public_document):
    response = client.get(public_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "X-Accel-Redirect" not in response


def test_a_document_can_be_seeked(client, public_document):
    response = client.get(public_document.url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(PDF)}"
    assert b"".join(response.streaming_content) == PDF[100:200]


def test_behind_nginx_the_view_hands_the_sending_to_nginx(client, public_document, settings):
    settings.SERVE_MEDIA = False
    response = client.get(public_document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_protected/documents/annual-report.pdf"
    assert response["Content-Disposition"] == 'inline; filename="annual-report.pdf"'


# --- Through the deployment guide's nginx, in front of the real app -----------

NGINX = "/usr/sbin/nginx"
DEPLOY_CONF = Path(__file__).resolve().parents[3] / "deploy" / "nginx" / "dateline.conf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.build_opener(_NoRedirects).open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def nginx(tmp_path, live_server, settings):
    """deploy/nginx/dateline.conf on a free port, without TLS, sending /media/ from
    this test's MEDIA_ROOT and the rest to the live app instead of Varnish."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed")
    port = _free_port()
    site = DEPLOY_CONF.read_text().split("\nserver {\n    listen 80;")[0]
    site = re.sub(r"\n    listen 443 ssl http2;\n    listen \[::\]:443 ssl http2;", "", site)
    site = re.sub(r"\n    ssl_certificate.*", "", site)
    site = site.replace("server {", f"server {{\n    listen 127.0.0.1:{port};", 1)
    site = site.replace("/srv/dateline/media/", f"{settings.MEDIA_ROOT}/")
    site = site.replace("http://127.0.0.1:6081", live_server.url)
    temp = tmp_path / "nginx"
    temp.mkdir()
    # As root nginx's workers would switch to nobody, who cannot read pytest's tmp_path.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    (temp / "nginx.conf").write_text(
        f"{user}daemon off;\npid {temp}/nginx.pid;\nerror_log {temp}/error.log;\n"
        f"events {{}}\nhttp {{\n include /etc/nginx/mime.types;\n"
        f" access_log off;\n client_body_temp_path {temp};\n proxy_temp_path {temp};\n"
        f" fastcgi_temp_path {temp};\n uwsgi_temp_path {temp};\n scgi_temp_path {temp};\n"
        f"{site}\n}}\n"
    )
    check = subprocess.run([NGINX, "-t", "-c", f"{temp}/nginx.conf"], capture_output=True)
    assert check.returncode == 0, check.stderr.decode()
    server = subprocess.Popen([NGINX, "-c", f"{temp}/nginx.conf"])
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_sends_documents_only_after_the_app_checked_the_restriction(
    migrated_data, nginx, settings, private_document, public_document, make_photo
):
    settings.SERVE_MEDIA = False
    status, _, _ = _fetch(nginx + private_document.file.url)
    assert status == 404
    status, _, _ = _fetch(nginx + "/_protected/" + private_document.file.name)
    assert status == 404
    status, headers, _ = _fetch(nginx + private_document.url)
    assert status == 302
    assert "/login/" in headers["Location"]
    assert headers["Cache-Control"] == "private, no-store"

    status, headers, body = _fetch(nginx + public_document.url)
    assert (status, body) == (200, PDF)
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'inline; filename="annual-report.pdf"'
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert "X-Accel-Redirect" not in headers

    photo = make_photo()
    status, headers, _ = _fetch(nginx + photo.file.url)
    assert (status, headers["Content-Type"]) == (200, "image/png")


def test_media_answers_a_range_with_partial_content(client, make_photo):
    photo = make_photo()
    data = photo.file.read()
    response = client.get(photo.file.url, HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert response["Content-Length"] == "10"
    assert b"".join(response.streaming_content) == data[10:20]
    assert client.get(photo.file.url)["Accept-Ranges"] == "bytes"


def test_media_refuses_a_range_past_the_end(client, make_photo):
    photo = make_photo()
    size = photo.file.size
    response = client.get(photo.file.url, HTTP_RANGE=f"bytes={size + 10}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
