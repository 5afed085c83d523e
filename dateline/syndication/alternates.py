"""A page's versions in the other editions: its live, public translations.

Pages that are translations of one another share a `translation_key` (Wagtail's
*Translate*, `copy_for_translation`, wagtail-localize). Only editions that
exist count (a live front page, newsroom.routing.edition_languages), and only
translations an anonymous reader may read (newsroom.visibility.readable).

The group is read in one query and kept per content version (`versioned`):
every publish, unpublish, move or restriction change moves the version, so a
translation published a moment ago is linked on the next view.

Which version is the original (for JSON-LD's workTranslation and
translationOfWork): the source wagtail-localize recorded when it is installed
and recorded one; otherwise the version in the site's default language
(settings.LANGUAGE_CODE); otherwise the one first published.

x-default (for hreflang) is the version in the default language, or the page
itself when there is none: a reader whose language has no edition gets the
default edition where it can, else the only version there is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from dateline.base.invalidation import (
    STRUCTURE,
    cache_key,
    content_version,
    register_prefix,
    remembered,
    versioned,
)
from dateline.newsroom.routing import edition_languages, site_for
from dateline.newsroom.visibility import readable

ALTERNATES = register_prefix("alternates", "a page's live translations in the other editions")


@dataclass(frozen=True)
class EditionRoot:
    """An edition of a Site: its language, its front page's url_path and the
    public prefix its pages are served under."""

    language: str
    root_path: str  # "/home/"
    prefix: str  # "/en/"
    root_url: str  # "https://news.example"

    def path(self, url_path: str) -> str:
        return self.prefix + url_path[len(self.root_path) :]


@dataclass(frozen=True)
class Alternate:
    """One version of a page: its language, public path, absolute URL (on the
    Site's root URL, as canonical links and sitemaps are) and page id;
    `original` marks the version the others were translated from."""

    language: str
    path: str
    url: str
    pk: int
    original: bool


def language_order(code: str) -> int:
    order = [language for language, _name in settings.LANGUAGES]
    return order.index(code) if code in order else len(order)


def edition_roots(site_id: int) -> tuple[EditionRoot, ...]:
    """The editions of a Site that exist, in the order of settings.LANGUAGES.
    From Wagtail's cached site root paths: no query once warm."""

    def compute():
        languages = edition_languages()
        roots = []
        for root in Site.get_site_root_paths():
            if root.site_id != site_id or root.language_code not in languages:
                continue
            with translation.override(root.language_code):
                prefix = reverse("wagtail_serve", args=("",))
            roots.append(
                EditionRoot(root.language_code, root.root_path, prefix, root.root_url.rstrip("/"))
            )
        return tuple(sorted(roots, key=lambda root: language_order(root.language)))

    return remembered(("edition-roots", site_id), compute, scope=STRUCTURE)


def _recorded_sources():
    """When wagtail-localize is installed, a subquery for each version: when it
    was first recorded as a translation source (None if never). Read in the
    versions' own query, not one of its own."""
    if not apps.is_installed("wagtail_localize"):
        return None
    # Only wagtail-localize records where a translation came from.
    from wagtail_localize.models import TranslationSource

    return Subquery(
        TranslationSource.objects.filter(
            object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )


def _source_language(versions: list[tuple]) -> str | None:
    """The language the group's other versions were translated from: the one
    recorded first as a source, else the default language, else the first
    published."""
    recorded = [(source, language) for language, _r, _p, _pk, _f, source in versions if source]
    if recorded:
        return min(recorded)[1]
    languages = [language for language, *_ in versions]
    if settings.LANGUAGE_CODE in languages:
        return settings.LANGUAGE_CODE
    dated = [(first, language) for language, _r, _p, _pk, first, _s in versions if first]
    return min(dated)[1] if dated else None


def page_alternates(page: Page, site_id: int) -> tuple[Alternate, ...]:
    """Every live, public version of `page` in an edition of the Site, the page
    itself included when it is live, in the order of settings.LANGUAGES. With a
    single edition there is nothing to link and nothing is read."""
    roots = edition_roots(site_id)
    if len(roots) < 2:
        return ()

    def compute():
        rows = readable(Page.objects).filter(translation_key=page.translation_key).order_by()
        sources = _recorded_sources()
        if sources is not None:
            rows = rows.annotate(recorded_source=sources)
        fields = ["pk", "url_path", "first_published_at", "locale__language_code"]
        versions = []
        for pk, url_path, first, language, *source in rows.values_list(
            *fields, *(["recorded_source"] if sources is not None else [])
        ):
            for root in roots:
                if root.language == language and url_path.startswith(root.root_path):
                    recorded = source[0] if source else None
                    versions.append((language, root, root.path(url_path), pk, first, recorded))
                    break
        original = _source_language(versions)
        versions.sort(key=lambda version: language_order(version[0]))
        return tuple(
            Alternate(language, path, root.root_url + path, pk, language == original)
            for language, root, path, pk, _first, _source in versions
        )

    key = cache_key(ALTERNATES, site_id, page.translation_key, content_version())
    return versioned(key, compute)


def served_alternates(request, page) -> tuple:
    """The versions of the page this request shows, when it shows the page
    itself (not one of its sub-pages, such as a tag page under a front page)
    and the page is live and public."""
    site = site_for(request)
    if not isinstance(page, Page) or site is None:
        return ()
    alternates = page_alternates(page, site.pk)
    if not any(a.pk == page.pk and a.path == request.path for a in alternates):
        return ()
    return alternates


def x_default(alternates, page_pk: int) -> Alternate | None:
    """The version for readers whose language has no edition (see above)."""
    for alternate in alternates:
        if alternate.language == settings.LANGUAGE_CODE:
            return alternate
    return next((a for a in alternates if a.pk == page_pk), None)


def language_name(code: str) -> str:
    """A language's name in itself, as its readers write it at the start of a
    line: English, Español, العربيّة."""
    try:
        name = translation.get_language_info(code)["name_local"]
    except KeyError:
        return code
    return name[:1].upper() + name[1:]
