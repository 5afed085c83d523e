"""The API's endpoints: Wagtail's API v2 viewsets, each limited to what an
anonymous reader of the site may read, with Dateline's filters, cache headers
and rate limit.

- pages: every readable page; `?type=newsroom.ArticlePage` for articles.
  Filters: edition (or Wagtail's locale), section (a section's id: the pages
  under it), tag (a tag's slug), published_after / published_before (ISO
  dates or times), plus Wagtail's own (child_of, descendant_of, search...).
  Newest first unless `order` says otherwise.
- sections: the section pages, the same filters.
- images: photos that readable articles lead with, or authors' portraits:
  never an unpublished story's picture, never the original file.
- tags, authors: those that readable articles carry.
- live: the live channels; entries: live-blog entries (`?live_blog=ID`).
"""

from datetime import datetime, time

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from rest_framework.throttling import SimpleRateThrottle
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page

from dateline.base import headers
from dateline.caching.proxy import client_address
from dateline.live.models import Channel
from dateline.newsroom.models import ArticlePage, Author, NewsTag, Photo, SectionPage
from dateline.newsroom.visibility import readable
from dateline.stories.models import LiveBlogEntry, LiveBlogPage

MAX_ID = 2**63 - 1
# Listings cannot all be purged (any mix of filters is a URL of its own): shared
# caches keep them this long. A page's own detail URL is purged on publish.
LISTING_SECONDS = 60
ENTRY_SECONDS = 15  # live-blog entries, polled like the live blog page


class ClientThrottle(SimpleRateThrottle):
    """Requests per client address (as our own proxies saw it) that reach the
    app: cached answers are served before it and cost nothing."""

    scope = "api"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


def _moment(value: str, end: bool = False) -> datetime:
    """A date (the whole day) or an ISO 8601 time."""
    try:
        day = parse_date(value)
        moment = None if day else parse_datetime(value)
    except ValueError:
        day = moment = None
    if day is not None:
        moment = datetime.combine(day, time.max if end else time.min)
    if moment is None:
        raise BadRequestError(f"not a date or time: {value!r} (use 2026-12-31 or ISO 8601)")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class NewsFilter(BaseFilterBackend):
    """edition, section, tag, published_after, published_before."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        if "edition" in params:
            locale = Locale.objects.filter(language_code=params["edition"]).first()
            if locale is None:
                raise BadRequestError(f"no edition {params['edition']!r}")
            queryset = queryset.filter(locale=locale)
        if "section" in params:
            try:
                section = SectionPage.objects.get(pk=int(params["section"]))
            except (ValueError, SectionPage.DoesNotExist):
                raise BadRequestError(
                    "section: give a section's id (see /api/v2/sections/)"
                ) from None
            queryset = queryset.filter(path__startswith=section.path).exclude(pk=section.pk)
        if "tag" in params:
            tagged = ArticlePage.objects.filter(tags__slug=params["tag"]).values("pk")
            queryset = queryset.filter(pk__in=tagged)
        if "published_after" in params:
            queryset = queryset.filter(first_published_at__gte=_moment(params["published_after"]))
        if "published_before" in params:
            before = _moment(params["published_before"], end=True)
            queryset = queryset.filter(first_published_at__lte=before)
        return queryset


NEWS_FILTERS = {"edition", "section", "tag", "published_after", "published_before"}


class CacheHeaders:
    """A page's detail answer is purged with the page, so shared caches keep it
    as they keep the page; everything else (listings, whose filters make any
    number of URLs, and models that are not pages) for a minute at most."""

    listing_seconds = LISTING_SECONDS
    detail_purged = False

    def detail_view(self, request, pk):
        if int(pk) > MAX_ID:  # beyond what the database's integers hold: none
            raise Http404
        return super().detail_view(request, pk)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if self.action == "detail_view" and self.detail_purged:
                headers.public_page(response)
            else:
                headers.short_lived(response, self.listing_seconds)
        response["Access-Control-Allow-Origin"] = "*"  # public, read-only, no credentials
        return response


class ReadablePages(CacheHeaders, PagesAPIViewSet):
    filter_backends = [NewsFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters | NEWS_FILTERS
    throttle_classes = [ClientThrottle]
    detail_purged = True

    def get_base_queryset(self):
        # What an anonymous reader may read, whoever asks: these answers are
        # shared by every client (Wagtail's own check would let a signed-in
        # editor's cookie show private pages, into a public cache). Every
        # edition's tree, not only the Site's root page's.
        return readable(Page.objects).filter(depth__gt=1)

    def get_queryset(self):
        queryset = super().get_queryset()
        if "order" not in self.request.GET and "search" not in self.request.GET:
            queryset = queryset.order_by("-first_published_at", "-pk")
        return queryset


class Sections(ReadablePages):
    name = "sections"
    model = SectionPage
    listing_default_fields = ReadablePages.listing_default_fields + ["intro"]

    def get_queryset(self):
        queryset = SectionPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
        if "order" not in self.request.GET:
            queryset = queryset.order_by("path")
        return queryset


class Images(CacheHeaders, ImagesAPIViewSet):
    model = Photo
    meta_fields = ["type", "detail_url", "tags"]  # no download_url: never the original
    listing_default_fields = ["id", "type", "detail_url", "title", "sizes"]
    nested_default_fields = ["id", "type", "detail_url", "title"]
    throttle_classes = [ClientThrottle]

    def get_queryset(self):
        leads = readable(ArticlePage.objects).values("lead_image")
        portraits = Author.objects.values("photo")
        return Photo.objects.filter(Q(pk__in=leads) | Q(pk__in=portraits)).order_by("-pk")


class Tags(CacheHeaders, BaseAPIViewSet):
    name = "tags"
    model = NewsTag
    filter_backends = [FieldsFilter, OrderingFilter]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug", "kind"]
    throttle_classes = [ClientThrottle]

    def get_queryset(self):
        return NewsTag.objects.published().order_by("name")


class Authors(CacheHeaders, BaseAPIViewSet):
    name = "authors"
    model = Author
    filter_backends = [FieldsFilter, OrderingFilter]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug", "role"]
    throttle_classes = [ClientThrottle]

    def get_queryset(self):
        writing = readable(ArticlePage.objects).values("authors")
        return Author.objects.filter(pk__in=writing).select_related("photo").order_by("name")


class Channels(CacheHeaders, BaseAPIViewSet):
    name = "live"
    model = Channel
    filter_backends = [FieldsFilter, OrderingFilter]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "slug",
        "language",
        "html_url",
        "streams",
    ]
    throttle_classes = [ClientThrottle]

    def get_queryset(self):
        return Channel.objects.order_by("-is_default", "name")


class EntryFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "live_blog" in request.GET:
            try:
                queryset = queryset.filter(live_blog_id=int(request.GET["live_blog"]))
            except ValueError:
                raise BadRequestError("live_blog: give a live blog page's id") from None
        if "since" in request.GET:
            queryset = queryset.filter(updated_at__gt=_moment(request.GET["since"]))
        return queryset


class Entries(CacheHeaders, BaseAPIViewSet):
    """Visible entries of readable live blogs, pinned first, then newest."""

    name = "entries"
    model = LiveBlogEntry
    listing_seconds = ENTRY_SECONDS  # details too: an entry's edit purges no API URL
    filter_backends = [EntryFilter, FieldsFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {"live_blog", "since"}
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "live_blog_id",
        "headline",
        "html",
        "pinned",
        "first_published_at",
    ]
    throttle_classes = [ClientThrottle]

    def get_queryset(self):
        blogs = readable(LiveBlogPage.objects).values("pk")
        return (
            LiveBlogEntry.objects.visible()
            .filter(live_blog__in=blogs)
            .order_by("-pinned", "-first_published_at", "-pk")
        )
