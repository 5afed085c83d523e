"""A `SENDFILE_BACKEND` for Wagtail's document view: the view checks the
collection's restriction, then hands the sending to nginx with
`X-Accel-Redirect` to an `internal` location (deploy/nginx/dateline.conf), so
a document file has no public URL of its own. The embedded server follows the
same header itself (dateline.uploads.documents)."""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def sendfile(request: HttpRequest, filename: str, **kwargs) -> HttpResponse:
    relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    response = HttpResponse()
    response["X-Accel-Redirect"] = settings.SENDFILE_URL + quote(relative.as_posix())
    return response
