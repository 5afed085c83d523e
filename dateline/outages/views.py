"""handler500: an outage met outside a view is still an outage page."""

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from .middleware import response_for_outage


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls it while handling the exception, so it is still current.
    return response_for_outage(request, sys.exc_info()[1]) or defaults.server_error(request)
