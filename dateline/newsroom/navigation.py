"""An edition's section tree, kept per content version.

Every public page shows the section menu and articles show a breadcrumb; both
come from the same small list, so it is read from the database once and kept
until a page is published, unpublished, moved or deleted.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

from dateline.base.invalidation import (
    STRUCTURE,
    cache_key,
    content_version,
    register_prefix,
    remembered,
    versioned,
)

from .routing import site_for
from .visibility import readable

SECTIONS = register_prefix("sections", "an edition's public sections")


@dataclass(frozen=True)
class SectionLink:
    pk: int
    title: str
    url: str
    path: str
    depth: int
    in_menu: bool


def edition_home(request):
    """The front page of the edition this request is for: the request's Site's
    front page in the active language (Wagtail's `localized`, so a draft
    translation is no edition), as specific as Wagtail routes from it. The one
    answer for routing, menus, feeds and search; found once per request and
    kept per site and language in each process until the structure version
    moves (routing)."""
    if not hasattr(request, "_dateline_home"):
        site = site_for(request)
        home = None
        if site is not None:
            home = remembered(
                ("edition", site.pk, get_language()),
                lambda: site.root_page.localized.specific,
                scope=STRUCTURE,
            )
        request._dateline_home = home
    return request._dateline_home


def edition_sections(home) -> list[SectionLink]:
    """The edition's public sections in tree order, per content version (every
    publish, unpublish, move or delete of a page, and every change of a view
    restriction, moves it). A private section is in no menu or section list."""
    from .models import SectionPage

    def compute():
        rows = (
            readable(SectionPage.objects.descendant_of(home))
            .order_by("path")
            .values_list("pk", "title", "url_path", "path", "depth", "show_in_menus")
        )
        home_url, home_path = home.url, home.url_path
        return [
            SectionLink(pk, title, home_url + url_path[len(home_path) :], path, depth, in_menu)
            for pk, title, url_path, path, depth, in_menu in rows
        ]

    return versioned(cache_key(SECTIONS, home.pk, content_version()), compute)


def menu_sections(home) -> list[SectionLink]:
    return [s for s in edition_sections(home) if s.depth == home.depth + 1 and s.in_menu]


def breadcrumb_for(home, page) -> list[SectionLink]:
    """Sections above `page`, from the top (News > Afghanistan)."""
    return [
        s for s in edition_sections(home) if page.path.startswith(s.path) and s.path != page.path
    ]
