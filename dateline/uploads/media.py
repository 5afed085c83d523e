"""The embedded server's file sending: uploads under /media/, and documents once
their view has checked who may read them.

WhiteNoise does the sending (ETag, If-Modified-Since, HEAD and single `Range`
requests, which audio players need to seek); Django's static `serve` answers
whole files only. Production lets nginx send the same files (deploy/nginx).
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import NotARegularFileError

from dateline.base import headers

# Documents may sit in restricted collections: only their view sends them.
DOCUMENTS_PREFIX = "documents/"
# Wagtail's renditions: a name carries the original's file name, the filter and
# the focal point, and a replaced original gets a new name, so what a name holds
# never changes. Originals keep the site's short policy: they can be replaced
# under the same name. deploy/nginx/dateline.conf sends the same headers.
RENDITIONS_PREFIX = "images/"


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """/media/<path>: any upload except documents."""
    if path.startswith(DOCUMENTS_PREFIX):
        raise Http404("Documents are served by their own view.")
    response = send_file(request, path)
    if path.startswith(RENDITIONS_PREFIX):
        headers.immutable(response)
    return response


def send_file(request: HttpRequest, path: str) -> HttpResponse:
    """The file at `path` under MEDIA_ROOT, as nginx would send it."""
    # Found on each request (MEDIA_ROOT changes while running); the headers on
    # caching are left to the caller and PublicHeadersMiddleware.
    files = WhiteNoise(None, autorefresh=True, max_age=None, allow_all_origins=False)
    files.add_files(str(settings.MEDIA_ROOT), prefix="/")
    try:
        static_file = files.find_file("/" + path)
    except (NotARegularFileError, ValueError):  # a special file, a NUL in the name
        static_file = None
    if static_file is None:
        raise Http404("No such file.")
    response = WhiteNoiseMiddleware.serve(static_file, request)
    response["Accept-Ranges"] = "bytes"  # players seek only where this is said
    return response
