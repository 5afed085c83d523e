"""Documents are served by Wagtail's view, which checks the collection's view
restriction; this adds who may keep a copy, and sends the file itself when no
nginx is in front to follow `X-Accel-Redirect`."""

from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve

from dateline.base import headers

from .media import send_file

# The headers of the document view that nginx keeps after its internal redirect.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Security-Policy")


def serve_document(request: HttpRequest, document_id: int, document_filename: str):
    document = get_object_or_404(get_document_model(), pk=document_id)
    response = serve(request, document_id, document_filename)
    accel = response.get("X-Accel-Redirect", "")
    if settings.SERVE_MEDIA and accel.startswith(settings.SENDFILE_URL):
        response = _send(request, response, accel.removeprefix(settings.SENDFILE_URL))
    if document.collection.get_view_restrictions():
        # A login or password page, a redirect to sign in, or the file for a reader
        # who passed: none of it may be kept by a shared cache.
        headers.private_no_store(response)
    else:
        headers.public_file(response)
    return response


def _send(request: HttpRequest, accel: HttpResponse, quoted_path: str) -> HttpResponse:
    response = send_file(request, unquote(quoted_path))
    for header in KEPT_HEADERS:
        if header in accel:
            response[header] = accel[header]
    return response
