"""Which site and which edition front page a public request is for, kept in
each process.

Before it routes a page view, Wagtail looks up the Site by host name (one
query), then the site's front page in the reader's language (a query for the
locale) and its specific row (another). Those answers change only when a site,
a locale or a page is saved, published, moved or deleted, and all of those move
the content version; each process keeps its answers until the version moves
(`remembered`, dateline.base.invalidation). Those answers are kept under the
structure version, which only a site, a locale or a front page moves: the
first view after an ordinary publish does not look them up again. The version
is read from the shared cache once per request, so a change made by any
process is seen by every other one on its next request.

The same memory answers which editions exist: every language in LANGUAGES is
one the interface can use, but only a language a site's front page is in (or
translated into) has an edition; under any other prefix nothing answers.
"""

from django.core.exceptions import DisallowedHost
from wagtail.models import Page, Site

from dateline.base.invalidation import STRUCTURE, remembered, structure_changed


def site_for(request):
    """The Site this request is for: Wagtail's Site.find_for_request, answered
    from this process's memory per host once known. Every lookup of a request's
    Site goes through Wagtail's public call, and this is the one place that
    remembers it."""
    try:
        host = request.get_host()
    except DisallowedHost:
        # Django answers 400 further on; Wagtail falls back to the default site.
        return Site.find_for_request(request)
    site = remembered(
        ("site", host, request.get_port()),
        lambda: Site.find_for_request(request),
        scope=STRUCTURE,
    )
    # Wagtail keeps a request's Site on the request and offers no public way to
    # hand it one found elsewhere; without this, page URLs, redirects and
    # settings would each look the Site up again (one query per request).
    request._wagtail_site = site
    return site


def edition_languages() -> frozenset[str]:
    """The languages that have an edition: those of the sites' front pages and
    of their published translations (*Translate* leaves a draft). One query per
    process and structure version."""

    def compute():
        front_pages = (
            Page.objects.live()
            .filter(translation_key__in=Site.objects.values("root_page__translation_key"))
            .order_by()
        )
        return frozenset(front_pages.values_list("locale__language_code", flat=True))

    return remembered("editions", compute, scope=STRUCTURE)


def front_page_changed(sender, instance, **kwargs) -> None:
    """A page was published, unpublished, moved or deleted: if it is a site's
    front page or one of its translations (an edition), the structure moved."""
    if Site.objects.filter(root_page__translation_key=instance.translation_key).exists():
        structure_changed()
