"""RSS 2.0 and Atom feeds of an edition's latest articles: /en/feeds/...

One feed per scope: the whole edition, a section (with its sub-sections), a tag
and an author. Each serves the latest `FEED_SIZE` live articles of the edition
the URL's language names, newest first, with the summary points as the
description, the authors, the tags and section as categories and the lead photo
as an enclosure (and as Media RSS in the RSS flavour). `?full=1` adds each
article's full body as HTML (`content:encoded` in RSS, `<content>` in Atom).

A feed of 30 items costs a small, fixed number of queries: tags, authors and
the feed's photo rendition are prefetched, article URLs are built from their
`url_path`, the sections come from the cached section list, and full bodies and
rendition file sizes are kept in the shared cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from html import escape

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import (
    Atom1Feed,
    Enclosure,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from dateline.base.invalidation import cache_key, register_prefix
from dateline.base.surrogate_keys import shows
from dateline.newsroom.models import (
    ArticleNote,
    ArticlePage,
    Author,
    HomePage,
    NewsTag,
    PhotoRendition,
    TaggedArticle,
    listed,
)
from dateline.newsroom.navigation import SectionLink, edition_home, edition_sections
from dateline.newsroom.surrogates import author_key, latest_key, page_key, section_key, tag_key
from dateline.newsroom.visibility import readable
from dateline.syndication.ninjs import body_html

FEED_SIZE = 30
IMAGE_SPEC = "width-1200|format-jpeg"
IMAGE_TYPE = "image/jpeg"
CACHE_SECONDS = 600
RENDITION_SIZE = register_prefix("rendition-size", "a rendition file's size in bytes")
FEED_BODY = register_prefix("feed-body", "an article's body with absolute links, for feeds")

MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


# --- Feed formats -------------------------------------------------------------


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author, the photo as Media RSS and the
    full text, when asked for, as content:encoded."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_NS,
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if media := item.get("media"):
            handler.startElement(
                "media:content",
                {
                    "url": media.url,
                    "type": IMAGE_TYPE,
                    "medium": "image",
                    "width": str(media.width),
                    "height": str(media.height),
                    "fileSize": str(media.size),
                },
            )
            # No media:description: feedparser-based readers take it for the story's text.
            if media.credit:
                handler.addQuickElement("media:credit", media.credit)
            handler.endElement("media:content")


class FullAtomFeed(Atom1Feed):
    """Atom with one <author> per author and the full text, when asked for, as <content>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same channel and
    items as the RSS and Atom flavours, for readers and apps that take JSON."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": str(feed["title"]),
            "home_page_url": iri_to_uri(feed["link"]),
            "feed_url": iri_to_uri(feed["feed_url"]) if feed.get("feed_url") else None,
            "description": str(feed["description"] or "") or None,
            "language": feed.get("language") or None,
            "authors": [{"name": str(feed["author_name"])}] if feed.get("author_name") else None,
            "items": [self._item(item) for item in self.items],
        }
        text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
        outfile.write(text)

    @staticmethod
    def _item(item: dict) -> dict:
        description = str(item.get("description") or "")
        media = item.get("media")
        authors = item.get("authors") or ([item["author_name"]] if item.get("author_name") else [])
        data = {
            "id": str(item.get("unique_id") or item["link"]),
            "url": iri_to_uri(item["link"]),
            "title": str(item["title"]),
            # The full text with ?full=1, the summary otherwise: an item must have one.
            "content_html": item.get("content_html") or description,
            "summary": " ".join(strip_tags(description).split()) or None,
            "image": media.url if media else None,
            "date_published": rfc3339_date(item["pubdate"]) if item.get("pubdate") else None,
            "date_modified": (
                rfc3339_date(item["updateddate"]) if item.get("updateddate") else None
            ),
            "authors": [{"name": str(name)} for name in authors] or None,
            "tags": [str(c) for c in item.get("categories") or ()] or None,
        }
        return {k: v for k, v in data.items() if v is not None}


# --- What a feed holds ----------------------------------------------------------


@dataclass(frozen=True)
class Media:
    url: str
    width: int
    height: int
    size: int
    credit: str


@dataclass
class Entry:
    title: str
    link: str
    description: str
    pubdate: datetime | None
    updateddate: datetime | None
    authors: list[str]
    categories: list[str]
    media: Media | None = None
    content_html: str | None = None


@dataclass
class Scope:
    """One request's feed: which articles, and how the channel describes them."""

    request: HttpRequest
    home: HomePage
    title: str
    description: str
    link: str
    articles: QuerySet
    full: bool = False
    sections: dict[str, SectionLink] = field(default_factory=dict)

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)

    @cached_property
    def base_url(self) -> str:
        return self.absolute(self.home.url)

    def url_of(self, url_path: str) -> str:
        """A page's absolute URL from its url_path, with no query: it sits under `home`."""
        return self.base_url + url_path[len(self.home.url_path) :]


def site_name(request) -> str:
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def feed_title(name: str, request) -> str:
    """The title a feed carries and its <link rel="alternate"> shows."""
    site = site_name(request)
    return site if not name or name == site else f"{name} · {site}"


def request_edition(request) -> HomePage:
    """The front page of the edition the URL's language names, or 404."""
    home = edition_home(request)
    if home is None or home.locale.language_code != getattr(request, "LANGUAGE_CODE", None):
        raise Http404(_("No edition in this language."))
    return home


def _wants_full(request) -> bool:
    return request.GET.get("full", "").lower() in {"1", "true", "yes", "on"}


# --- The feeds --------------------------------------------------------------------


class EntryFeed(Feed):
    """A feed of `Entry` rows in Media RSS or Atom: subclasses say which edition's
    rows (`scope`) and build them (`items`)."""

    feed_type = MediaRssFeed

    def __init__(self, feed_type=None):
        super().__init__()
        if feed_type is not None:
            self.feed_type = feed_type

    def get_object(self, request, *args, **kwargs) -> Scope:
        return self.scope(request, request_edition(request), **kwargs)

    def scope(self, request, home: HomePage, **kwargs) -> Scope:
        raise NotImplementedError

    # Channel -------------------------------------------------------------

    def title(self, scope: Scope) -> str:
        return scope.title

    def link(self, scope: Scope) -> str:
        return scope.link

    def description(self, scope: Scope) -> str:
        return scope.description

    def subtitle(self, scope: Scope) -> str:
        return scope.description

    def feed_url(self, scope: Scope) -> str:
        return scope.absolute(scope.request.get_full_path())

    def author_name(self, scope: Scope) -> str:
        # Atom wants an author for every entry; the publisher stands in for bylines.
        return site_name(scope.request)

    # Items ---------------------------------------------------------------

    def items(self, scope: Scope) -> list[Entry]:
        raise NotImplementedError

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_guid(self, entry: Entry) -> str:
        return entry.link

    def item_description(self, entry: Entry) -> str:
        return entry.description

    def item_pubdate(self, entry: Entry) -> datetime | None:
        return entry.pubdate

    def item_updateddate(self, entry: Entry) -> datetime | None:
        return entry.updateddate

    def item_categories(self, entry: Entry) -> list[str]:
        return entry.categories

    def item_enclosures(self, entry: Entry) -> list[Enclosure]:
        if entry.media is None:
            return []
        return [Enclosure(entry.media.url, str(entry.media.size), IMAGE_TYPE)]

    def item_extra_kwargs(self, entry: Entry) -> dict:
        return {"authors": entry.authors, "media": entry.media, "content_html": entry.content_html}


class ArticleFeed(EntryFeed):
    """The base of every article feed: subclasses say which articles (`scope`)."""

    def get_object(self, request, *args, **kwargs) -> Scope:
        scope = super().get_object(request, *args, **kwargs)
        scope.full = _wants_full(request)
        scope.sections = {s.path: s for s in edition_sections(scope.home)}
        return scope

    def items(self, scope: Scope) -> list[Entry]:
        articles = list(
            readable(scope.articles)
            .defer("body")
            .select_related("lead_image")
            .prefetch_related(
                Prefetch(
                    "lead_image__renditions",
                    queryset=PhotoRendition.objects.filter(filter_spec=IMAGE_SPEC),
                ),
                Prefetch("authors", queryset=Author.objects.only("pk", "name")),
                Prefetch("tagged_items", queryset=TaggedArticle.objects.select_related("tag")),
                Prefetch(
                    "notes",
                    queryset=ArticleNote.objects.filter(noted_at__isnull=False).order_by(
                        "noted_at", "sort_order"
                    ),
                ),
            )
            .order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )
        shows(*(page_key(article.pk) for article in articles))
        media = _media(articles, scope.absolute)
        bodies = _full_bodies(articles, scope) if scope.full else {}
        return [
            Entry(
                title=article.title,
                link=scope.url_of(article.url_path),
                description=summary_html(article) + notes_html(article),
                pubdate=article.first_published_at,
                updateddate=(
                    article.updated_at or article.last_published_at or article.first_published_at
                ),
                authors=[author.name for author in article.authors.all()],
                categories=_categories(article, scope.sections),
                media=media.get(article.pk),
                content_html=bodies.get(article.pk),
            )
            for article in articles
        ]

    def item_guid_is_permalink(self, entry: Entry) -> bool:
        return True


class EditionFeed(ArticleFeed):
    """Everything the edition publishes: /en/feeds/rss/, /en/feeds/atom/."""

    def scope(self, request, home, **kwargs) -> Scope:
        shows(latest_key(home.pk))
        return Scope(
            request=request,
            home=home,
            title=feed_title("", request),
            description=home.strapline
            or _("The latest stories from %(site)s.") % {"site": site_name(request)},
            link=request.build_absolute_uri(home.url),
            articles=ArticlePage.objects.descendant_of(home),
        )


class SectionFeed(ArticleFeed):
    """A section and its sub-sections: /en/feeds/sections/<id>/rss/.

    Sections are named by page id, which survives renames and moves."""

    def scope(self, request, home, section_id: int, **kwargs) -> Scope:
        section = next((s for s in edition_sections(home) if s.pk == section_id), None)
        if section is None:
            raise Http404(_("No such section in this edition."))
        shows(section_key(section.pk))
        return Scope(
            request=request,
            home=home,
            title=feed_title(section.title, request),
            description=_("The latest stories in %(section)s.") % {"section": section.title},
            link=request.build_absolute_uri(section.url),
            articles=ArticlePage.objects.filter(
                path__startswith=section.path, depth__gt=section.depth
            ),
        )


class TagFeed(ArticleFeed):
    """Stories under a tag: /en/feeds/tags/<slug>/rss/."""

    def scope(self, request, home, slug: str, **kwargs) -> Scope:
        tag = get_object_or_404(NewsTag.objects.published(), slug=slug)
        shows(tag_key(tag.pk, home.locale_id))
        return Scope(
            request=request,
            home=home,
            title=feed_title(tag.name, request),
            description=_("The latest stories about %(tag)s.") % {"tag": tag.name},
            link=request.build_absolute_uri(home.url + home.reverse_subpage("tag", args=[slug])),
            articles=_latest(listed(locale=home.locale_id, tag=tag)),
        )


class AuthorFeed(ArticleFeed):
    """Stories by an author: /en/feeds/authors/<slug>/rss/."""

    def scope(self, request, home, slug: str, **kwargs) -> Scope:
        author = get_object_or_404(Author.objects.only("pk", "name", "slug"), slug=slug)
        shows(author_key(author.pk, home.locale_id))
        return Scope(
            request=request,
            home=home,
            title=feed_title(author.name, request),
            description=_("The latest stories by %(author)s.") % {"author": author.name},
            link=request.build_absolute_uri(author.get_url_in(home)),
            articles=_latest(listed(locale=home.locale_id, author=author)),
        )


# --- Helpers ------------------------------------------------------------------------


def _latest(entries: QuerySet) -> QuerySet:
    """The articles of a tag's or author's listing that a feed shows, through
    the listing's own index (newsroom.models.listings), not by sorting them all."""
    return ArticlePage.objects.filter(pk__in=entries.values("article_id")[:FEED_SIZE])


def summary_html(article: ArticlePage) -> str:
    points = [escape(str(point)) for point in article.summary_points if str(point).strip()]
    if len(points) == 1:
        return f"<p>{points[0]}</p>"
    return "<ul>" + "".join(f"<li>{point}</li>" for point in points) + "</ul>"


def notes_html(article: ArticlePage) -> str:
    """The article's update and correction notes, so a reader's feed shows what
    changed (the entry's updated time changes with them)."""
    labels = {ArticleNote.Kind.UPDATE: _("Update"), ArticleNote.Kind.CORRECTION: _("Correction")}
    return "".join(
        f"<p><strong>{escape(str(labels.get(note.kind, note.kind)))}:</strong> "
        f"{escape(note.text, quote=False)}</p>"
        for note in article.notes.all()
    )


def _categories(article: ArticlePage, sections: dict[str, SectionLink]) -> list[str]:
    names = []
    if section := sections.get(article.path[: -Page.steplen]):
        names.append(section.title)
    names.extend(item.tag.name for item in article.tagged_items.all())
    return list(dict.fromkeys(names))


def _media(articles: list[ArticlePage], absolute: Callable[[str], str]) -> dict[int, Media]:
    """Each lead photo's feed rendition, with its file size (kept in the cache:
    asking the storage for a size may be a network round trip)."""
    renditions = {}
    for article in articles:
        if article.lead_image is None:
            continue
        try:
            renditions[article.pk] = (article, article.lead_image.get_rendition(IMAGE_SPEC))
        except OSError:  # SourceImageIOError: the original file is missing
            continue  # a missing original must not take the feed down
    keys = {pk: cache_key(RENDITION_SIZE, r.pk) for pk, (_a, r) in renditions.items()}
    sizes = cache.get_many(list(keys.values()))
    found = {}
    for pk, (_article, rendition) in renditions.items():
        size = sizes.get(keys[pk])
        if size is None:
            try:
                size = rendition.file.size
            except OSError:
                continue
            found[keys[pk]] = size
        sizes[keys[pk]] = size
    if found:
        cache.set_many(found, None)  # a rendition's file never changes
    return {
        pk: Media(
            url=absolute(rendition.url),
            width=rendition.width,
            height=rendition.height,
            size=sizes[keys[pk]],
            credit=article.display_credit,
        )
        for pk, (article, rendition) in renditions.items()
        if keys[pk] in sizes
    }


def _full_bodies(articles: list[ArticlePage], scope: Scope) -> dict[int, str]:
    """Each article's body as HTML with absolute links, kept in the cache by
    live revision (like the article page's body) and origin."""
    origin = hashlib.sha1(scope.absolute("/").encode()).hexdigest()[:12]
    keys = {a.pk: cache_key(FEED_BODY, a.pk, a.live_revision_id, origin) for a in articles}
    cached = cache.get_many(list(keys.values()))
    bodies = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in keys if pk not in bodies]
    if missing:
        made = {}
        for article in ArticlePage.objects.filter(pk__in=missing).only("pk", "body"):
            bodies[article.pk] = made[keys[article.pk]] = body_html(article, scope.absolute)
        cache.set_many(made, CACHE_SECONDS)
    return bodies


# Features with feeds of their own (a story's timeline) add their links to a
# page's <link rel="alternate"> list: provider(page, request) -> [(type, title, URL)].
FEED_LINK_PROVIDERS: list[Callable[[object, HttpRequest], list[tuple[str, str, str]]]] = []


def feed_urls_for(request, page=None, tag=None, author=None) -> list[tuple[str, str, str]]:
    """(MIME type, title, URL) of the feeds that match a page, site feed first."""
    home = edition_home(request)
    if home is None:
        return []
    scopes: list[tuple[str, str, dict]] = [(feed_title("", request), "site", {})]
    if isinstance(page, Page) and page.pk != home.pk:
        sections = edition_sections(home)
        nearest = None
        for section in sections:
            if page.path.startswith(section.path) and (
                nearest is None or section.depth > nearest.depth
            ):
                nearest = section
        if nearest is not None:
            scopes.append(
                (feed_title(nearest.title, request), "section", {"section_id": nearest.pk})
            )
    more_links = [link for provider in FEED_LINK_PROVIDERS for link in provider(page, request)]
    if isinstance(tag, NewsTag):
        scopes.append((feed_title(tag.name, request), "tag", {"slug": tag.slug}))
    if isinstance(author, Author):
        scopes.append((feed_title(author.name, request), "author", {"slug": author.slug}))
    links = []
    for title, name, kwargs in scopes:
        links.append(
            ("application/rss+xml", f"{title} (RSS)", reverse(f"feeds:{name}-rss", kwargs=kwargs))
        )
        links.append(
            (
                "application/atom+xml",
                f"{title} (Atom)",
                reverse(f"feeds:{name}-atom", kwargs=kwargs),
            )
        )
        links.append(
            (
                "application/feed+json",
                f"{title} (JSON Feed)",
                reverse(f"feeds:{name}-json", kwargs=kwargs),
            )
        )
    return links + more_links
