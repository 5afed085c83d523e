"""Public requests by edition: a language prefix answers only where an edition
exists, and Wagtail routes pages from the edition's remembered front page
(dateline.newsroom.routing keeps the answers per process)."""

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import activate, get_language, get_language_from_path
from wagtail.views import serve as wagtail_serve

from dateline.newsroom.navigation import edition_home
from dateline.newsroom.routing import edition_languages


class EditionMiddleware:
    """404 for everything under a language prefix that has no edition.

    Wagtail would serve the default edition's pages there (a front page's
    `localized` falls back to the original), and every feature's views would
    answer too: copies of the site that search engines index and purges never
    reach. One check here covers pages, feeds, search and every view to come.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            editions = edition_languages()
        except DatabaseError:
            # The database is down: the view's own queries fail too, and the
            # outage middleware answers them 503 rather than a 500 from here.
            return self.get_response(request)
        language = get_language_from_path(request.path_info)
        if language is not None and language not in editions:
            raise Http404("No edition in this language.")
        response = self.get_response(request)
        if language is None and response.status_code == 404:
            if get_language() not in editions:
                # LocaleMiddleware sends an unprefixed 404 (/news/) to the
                # reader's language (/fr/news/): make that an edition that exists.
                activate(settings.LANGUAGE_CODE)
        return response


def serve(request, path):
    """Wagtail's serve view, routed from the edition's remembered front page
    (edition_home) rather than looked up again on every request."""
    if not hasattr(request, "_wagtail_route_for_request"):
        home = edition_home(request)
        route = None
        if home is not None:
            components = [component for component in path.split("/") if component]
            try:
                route = home.route(request, components)
            except Http404:
                route = None
        # Wagtail's serve view routes no further when the route is already known.
        request._wagtail_route_for_request = route
    return wagtail_serve(request, path)
