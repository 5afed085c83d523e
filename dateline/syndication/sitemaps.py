"""Sitemaps for search engines: /sitemap.xml (an index), /sitemap-<section>.xml, /news-sitemap.xml.

Every edition of the requested Wagtail Site is covered: its front pages and
sections ("pages") and its articles ("articles"), each split into files of at
most `limit` URLs. URLs are absolute, on the Site's root URL, and are built from
each page's `url_path` and its edition's prefix as Wagtail builds them, so a
file of 50,000 URLs costs a handful of queries whatever the size of the site.
Items are `values()` rows, never pages, and a file reads only its own rows.

A page with live, public translations in other editions of the Site lists
them all as <xhtml:link rel="alternate" hreflang>, itself and x-default
included, as its pages do (syndication.alternates); one query per file finds
them, and none is made while the Site has a single edition.

The Google News sitemap lists the articles first published in the last 48 hours,
at most 1,000, newest first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, Site

from dateline.newsroom.models import ArticlePage, HomePage, SectionPage
from dateline.newsroom.pagination import ArchivePaginator
from dateline.newsroom.routing import edition_languages
from dateline.newsroom.visibility import readable
from dateline.syndication.alternates import language_order

# A section's front page changes when a story is filed under it: its <lastmod> is
# the newer of its own last publish and its newest story of this many days.
SECTION_ACTIVITY_DAYS = 30
NEWS_HOURS = 48
NEWS_LIMIT = 1000


@dataclass(frozen=True)
class Edition:
    """One language's front page of a Site, and the absolute URL it is served at."""

    root_path: str  # the front page's url_path, e.g. "/home/"
    base_url: str  # e.g. "https://news.example/en/"
    language_code: str

    def url(self, url_path: str) -> str:
        return self.base_url + url_path[len(self.root_path) :]


class SiteEditions:
    """A Site's editions and the pages of them a sitemap may list, for one request."""

    def __init__(self, site: Site):
        self.site = site
        self.editions = []
        # Wagtail's cached site root paths: no query when warm.
        for root in Site.get_site_root_paths():
            if root.site_id != site.pk:
                continue
            with translation.override(root.language_code):
                prefix = reverse("wagtail_serve", args=("",))
            self.editions.append(
                Edition(root.root_path, root.root_url.rstrip("/") + prefix, root.language_code)
            )
        # Translations are linked only between editions that exist (a live front page).
        existing = edition_languages()
        self.linked_languages = {e.language_code for e in self.editions} & existing

    def live(self, model: type[Page]) -> QuerySet:
        """Live, public pages of `model` in one of the editions."""
        under = Q(pk__in=[])
        for edition in self.editions:
            under |= Q(url_path__startswith=edition.root_path)
        return readable(model.objects).filter(under)

    def edition_of(self, url_path: str) -> Edition | None:
        for edition in self.editions:
            if url_path.startswith(edition.root_path):
                return edition
        return None


def _latest(*values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


class EditionSitemap(Sitemap):
    """Live, public pages of one Site's editions, as `values()` rows."""

    limit = 50000
    model: type[Page] = Page
    fields = ("pk", "translation_key", "url_path", "last_published_at", "first_published_at")

    def __init__(self, editions: SiteEditions):
        self.editions = editions

    def queryset(self) -> QuerySet:
        return self.editions.live(self.model)

    def items(self):
        # Ordered by id: the files of older pages stay the same as pages are added.
        return self.queryset().order_by("pk").values(*self.fields)

    def lastmod(self, item) -> datetime | None:
        return item["last_published_at"] or item["first_published_at"]

    def get_latest_lastmod(self) -> datetime | None:
        # One aggregate, not a walk over every item as Django's default does.
        return self.queryset().aggregate(latest=Max("last_published_at"))["latest"]

    def url_entry(self, item, edition: Edition) -> dict:
        return {
            "item": item,
            "location": edition.url(item["url_path"]),
            "lastmod": self.lastmod(item),
            "changefreq": None,
            "priority": None,
            "alternates": [],
        }

    def rows(self, page):
        return self.paginator.page(page).object_list

    @cached_property
    def paginator(self):
        # Counting a million articles takes a second: the count is kept for two
        # minutes in the shared cache, as the section listings' is (scale).
        return ArchivePaginator(self._items(), self.limit)

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = []
        for item in self.rows(page):
            edition = self.editions.edition_of(item["url_path"])
            if edition is not None:
                urls.append(self.url_entry(item, edition))
        self.add_alternates(urls)
        self.note_latest(urls)
        return urls

    def translations_of(self, items) -> Q:
        """The pages that may be translations of `items`: those sharing a
        translation_key with a page of the file's id range (a subquery, however
        many URLs the file holds)."""
        pks = [item["pk"] for item in items]
        in_file = self.queryset().filter(pk__gte=min(pks), pk__lte=max(pks))
        return Q(translation_key__in=in_file.values("translation_key"))

    def add_alternates(self, urls: list[dict]) -> None:
        """Each URL's versions in the other editions, in one query."""
        languages = self.editions.linked_languages
        if not urls or len(languages) < 2:
            return
        rows = (
            self.editions.live(Page)
            .filter(self.translations_of([url["item"] for url in urls]))
            .order_by()
            .values_list("translation_key", "url_path", "locale__language_code")
        )
        versions = defaultdict(list)
        for key, url_path, language in rows:
            edition = self.editions.edition_of(url_path)
            if edition is not None and edition.language_code == language and language in languages:
                versions[key].append((language, edition.url(url_path)))
        for url in urls:
            group = versions.get(url["item"]["translation_key"], [])
            if len(group) < 2:
                continue
            group.sort(key=lambda version: language_order(version[0]))
            default = dict(group).get(settings.LANGUAGE_CODE, url["location"])
            url["alternates"] = [
                {"lang_code": language, "location": location}
                for language, location in [*group, ("x-default", default)]
            ]

    def note_latest(self, urls: list[dict]) -> None:
        """Django's sitemap view sends `latest_lastmod` as the Last-Modified header."""
        latest = [url["lastmod"] for url in urls]
        self.latest_lastmod = max(latest) if latest and all(latest) else None


class FrontPageSitemap(EditionSitemap):
    """Edition front pages and section pages."""

    fields = (*EditionSitemap.fields, "path")

    def queryset(self) -> QuerySet:
        return super().queryset().type(HomePage, SectionPage)

    def _recent_stories(self) -> QuerySet:
        since = timezone.now() - timedelta(days=SECTION_ACTIVITY_DAYS)
        return self.editions.live(ArticlePage).filter(first_published_at__gte=since)

    def get_latest_lastmod(self) -> datetime | None:
        newest_story = self._recent_stories().aggregate(latest=Max("first_published_at"))
        return _latest(super().get_latest_lastmod(), newest_story["latest"])

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        # Newest recent story under each parent page, in one grouped query.
        newest_by_parent = dict(
            self._recent_stories()
            .annotate(parent=Substr("path", 1, Length("path") - Page.steplen))
            .values("parent")
            .annotate(latest=Max("first_published_at"))
            .values_list("parent", "latest")
        )
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            path = url["item"]["path"]
            url["lastmod"] = _latest(
                url["lastmod"],
                *(when for parent, when in newest_by_parent.items() if parent.startswith(path)),
            )
        self.note_latest(urls)
        return urls


class ArticleSitemap(EditionSitemap):
    """Every live article, in files of at most `limit`."""

    model = ArticlePage


class NewsSitemap(EditionSitemap):
    """Google News: articles first published in the last 48 hours, at most 1,000."""

    model = ArticlePage
    limit = NEWS_LIMIT
    fields = (*EditionSitemap.fields, "title")

    @property
    def publication(self) -> str:
        return self.editions.site.site_name or settings.WAGTAIL_SITE_NAME

    def items(self):
        since = timezone.now() - timedelta(hours=NEWS_HOURS)
        return (
            self.queryset()
            .filter(first_published_at__gte=since)
            .order_by("-first_published_at", "-pk")
            .values(*self.fields)[:NEWS_LIMIT]
        )

    def translations_of(self, items) -> Q:
        # At most NEWS_LIMIT keys, in no id order.
        return Q(translation_key__in=[item["translation_key"] for item in items])

    def url_entry(self, item, edition: Edition) -> dict:
        entry = super().url_entry(item, edition)
        entry["news"] = {
            "name": self.publication,
            "language": news_language(edition.language_code),
            "publication_date": item["first_published_at"],
            "title": item["title"],
        }
        return entry


def news_language(code: str) -> str:
    """Google News wants an ISO 639 code; Chinese keeps its script variant."""
    code = code.lower()
    if code in {"zh-cn", "zh-hans"}:
        return "zh-cn"
    if code in {"zh-tw", "zh-hant"}:
        return "zh-tw"
    return code.split("-")[0]
