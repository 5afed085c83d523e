"""Which site and which edition front page a public request is for, kept in
each process.

Before it routes a page view, Wagtail looks up the Site by host name (one
query), then the site's front page in the reader's language (a query for the
locale) and its specific row (another). Those answers change only when a site,
a locale or a page is saved, published, moved or deleted, and all of those move
the content version; each process keeps its answers until the version moves
(`remembered`, dateline.base.invalidation). The version is read from the
shared cache once per request, so a change made by any process is seen by
every other one on its next request.

The same memory answers which editions exist: every language in LANGUAGES is
one the interface can use, but only a language a site's front page is in (or
translated into) has an edition; under any other prefix nothing answers.
"""

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import activate, get_language, get_language_from_path
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from dateline.base.invalidation import remembered


def site_for(request):
    """Site.find_for_request, from this process's memory when it can."""
    if not hasattr(request, "_wagtail_site"):
        host = request._get_raw_host().lower()
        key = ("site", host, request.get_port())
        request._wagtail_site = remembered(key, lambda: Site._find_for_request(request))
    return request._wagtail_site


def edition_root(request, site):
    """The site's front page in the request's language, as Wagtail routes from it."""
    key = ("root", site.pk, get_language())
    return remembered(key, lambda: site.root_page.localized.specific)


def edition_languages() -> frozenset[str]:
    """The languages that have an edition: those of the sites' front pages and
    of their published translations (*Translate* leaves a draft). One query per
    process and content version."""

    def compute():
        front_pages = (
            Page.objects.live()
            .filter(translation_key__in=Site.objects.values("root_page__translation_key"))
            .order_by()
        )
        return frozenset(front_pages.values_list("locale__language_code", flat=True))

    return remembered("editions", compute)


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
    """Wagtail's serve view, routed from the remembered site and front page."""
    if not hasattr(request, "_wagtail_route_for_request"):
        site = site_for(request)
        route = None
        if site is not None:
            components = [component for component in path.split("/") if component]
            try:
                route = edition_root(request, site).route(request, components)
            except Http404:
                route = None
        request._wagtail_route_for_request = route
    return wagtail_serve(request, path)
