"""An edition's section tree, kept in the shared cache.

Every public page shows the section menu and articles show a breadcrumb; both
come from the same small list, so it is read from the database once and kept
until a section is published, unpublished, moved or deleted.
"""

from dataclasses import dataclass

from django.core.cache import cache

CACHE_SECONDS = 600


@dataclass(frozen=True)
class SectionLink:
    pk: int
    title: str
    url: str
    path: str
    depth: int
    in_menu: bool


def edition_home(request):
    """The front page of the edition the reader is in, looked up once per request."""
    if not hasattr(request, "_dateline_home"):
        from wagtail.models import Site

        from .models import HomePage

        site = Site.find_for_request(request)
        home = None
        if site is not None:
            home = (
                HomePage.objects.filter(
                    translation_key=site.root_page.translation_key,
                    locale__language_code=getattr(request, "LANGUAGE_CODE", None),
                ).first()
                or site.root_page.specific
            )
        request._dateline_home = home
    return request._dateline_home


def _key(home_pk: int) -> str:
    return f"dateline:sections:{home_pk}"


def edition_sections(home) -> list[SectionLink]:
    from .models import SectionPage

    links = cache.get(_key(home.pk))
    if links is None:
        rows = (
            SectionPage.objects.descendant_of(home)
            .live()
            .order_by("path")
            .values_list("pk", "title", "url_path", "path", "depth", "show_in_menus")
        )
        home_url, home_path = home.url, home.url_path
        links = [
            SectionLink(pk, title, home_url + url_path[len(home_path) :], path, depth, in_menu)
            for pk, title, url_path, path, depth, in_menu in rows
        ]
        cache.set(_key(home.pk), links, CACHE_SECONDS)
    return links


def menu_sections(home) -> list[SectionLink]:
    return [s for s in edition_sections(home) if s.depth == home.depth + 1 and s.in_menu]


def breadcrumb_for(home, page) -> list[SectionLink]:
    """Sections above `page`, from the top (News > Afghanistan)."""
    return [
        s for s in edition_sections(home) if page.path.startswith(s.path) and s.path != page.path
    ]


def forget_sections(sender=None, instance=None, **kwargs) -> None:
    from .models import HomePage, SectionPage

    page = instance.specific if instance is not None and hasattr(instance, "specific") else None
    if page is not None and not isinstance(page, SectionPage | HomePage):
        return
    cache.delete_many([_key(pk) for pk in HomePage.objects.values_list("pk", flat=True)])
