"""/<lang>/most-read/: the edition's Most read list as an HTML fragment.

Pages show the list as it was when they were rendered (and kept by the page
caches); readership.js swaps in this fragment, which shared caches and
browsers keep no longer than the list itself is kept.
"""

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse

from dateline.base import headers
from dateline.newsroom.navigation import edition_home

from .most_read import most_read


def fragment(request):
    home = edition_home(request)
    if home is None:
        raise Http404("No edition here.")
    response = TemplateResponse(
        request,
        "readership/most_read.html",
        {"entries": most_read(home), "fragment": True},
    )
    return headers.short_lived(response, settings.DATELINE_MOST_READ_SECONDS)
