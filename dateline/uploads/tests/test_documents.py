"""Documents are served only through the view that checks their collection's restriction."""

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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_sends_documents_only_after_the_app_checked_the_restriction(
    migrated_data, nginx, fetch, settings, private_document, public_document, make_photo
):
    settings.SERVE_MEDIA = False
    status, _, _ = fetch(nginx + private_document.file.url)
    assert status == 404
    status, _, _ = fetch(nginx + "/_protected/" + private_document.file.name)
    assert status == 404
    status, headers, _ = fetch(nginx + private_document.url)
    assert status == 302
    assert "/login/" in headers["Location"]
    assert headers["Cache-Control"] == "private, no-store"

    status, headers, body = fetch(nginx + public_document.url)
    assert (status, body) == (200, PDF)
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'inline; filename="annual-report.pdf"'
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert "X-Accel-Redirect" not in headers

    photo = make_photo()
    status, headers, _ = fetch(nginx + photo.file.url)
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
