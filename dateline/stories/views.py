"""The small endpoints readers' pages poll, and the corrections page.

Both endpoints answer every reader alike, so shared caches keep them for a
second or a few: a thousand readers polling cost the site one request per few
seconds. Their answers carry an ETag, so a poll that finds nothing new gets a
bare 304 (dateline.caching.conditional).
"""

from datetime import UTC, datetime

from django.core.exceptions import BadRequest
from django.db.models import Max
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.translation import gettext as _

from dateline.base import headers
from dateline.newsroom.models import ArticleNote, ArticlePage, paginate
from dateline.newsroom.visibility import readable
from dateline.syndication.feeds import request_edition

from .models import (
    ENTRIES_CACHE_SECONDS,
    OVERLAP,
    LiveBlogEntry,
    LiveBlogPage,
    current_banner,
    from_micros,
    micros,
    reader_cursor,
)

MAX_CHANGES = 50
# The last time a cursor can name (the end of year 9999).
LAST_CURSOR = micros(datetime.max.replace(tzinfo=UTC))
BANNER_CACHE_SECONDS = 5


def _cache_for(response, seconds: int):
    headers.poll(response, seconds)
    set_response_etag(response)
    return response


def _since(request) -> int | None:
    """The reader's cursor, None on a first poll; BadRequest (400) for anything
    that is not a time this endpoint could have given."""
    value = request.GET.get("since", "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 18) or int(value) > LAST_CURSOR:
        raise BadRequest("since must be a cursor this endpoint gave")
    return int(value)


def live_blog_entries(request, pk: int):
    """What changed on a live blog since a reader's cursor, in at most three queries
    (view restrictions, the live blog with its newest change, the changed entries)
    besides the banner's, which the shared cache keeps for a few seconds.

    `since` is the cursor the page (or the previous answer) gave
    (models.reader_cursor). Answers carry entries' rendered HTML, or `hidden`
    for entries withdrawn or unpublished, the new cursor, and the edition's
    breaking-news banner, so an open live blog polls once for both.
    """
    blog = (
        readable(LiveBlogPage.objects)
        .filter(pk=pk)
        .annotate(changed=Max("entries__updated_at"))
        .values("open", "changed", "last_published_at", "locale__language_code")
        .first()
    )
    if blog is None or blog["locale__language_code"] != request.LANGUAGE_CODE:
        raise Http404(_("No such live blog."))
    since = _since(request)
    entries, more = [], False
    if since is not None and micros(blog["changed"]) > micros(from_micros(since) - OVERLAP):
        rows = list(
            LiveBlogEntry.objects.filter(
                live_blog_id=pk, updated_at__gt=from_micros(since) - OVERLAP
            )
            .select_related("author")
            .defer("body", "text")
            .order_by("-updated_at")[: MAX_CHANGES + 1]
        )
        more = len(rows) > MAX_CHANGES
        entries = [_change(entry) for entry in reversed(rows[:MAX_CHANGES])]
    data = {
        "cursor": max(reader_cursor(blog["changed"], timezone.now()), since or 0),
        "open": blog["open"],
        "page": micros(blog["last_published_at"]),
        "entries": entries,
        "more": more,
        "banner": current_banner(request.LANGUAGE_CODE) or {},
    }
    return _cache_for(JsonResponse(data), ENTRIES_CACHE_SECONDS)


def _change(entry: LiveBlogEntry) -> dict:
    if not entry.live or entry.withdrawn:
        return {"id": entry.pk, "hidden": True, "version": entry.version}
    return {
        "id": entry.pk,
        "hidden": False,
        "pinned": entry.pinned,
        "published": micros(entry.first_published_at) // 1_000_000,
        "version": entry.version,
        "html": render_to_string("stories/includes/entry.html", {"entry": entry}),
    }


def breaking(request):
    """The edition's breaking-news banner, or an empty object: no query while cached."""
    banner = current_banner(request.LANGUAGE_CODE)
    return _cache_for(JsonResponse(banner or {}), BANNER_CACHE_SECONDS)


def corrections(request):
    """Every correction in the edition, newest first."""
    home = request_edition(request)
    notes = paginate(request, corrections_in(home))
    return TemplateResponse(
        request,
        "stories/corrections.html",
        {"notes": notes, "home": home, "feed_title": _("Corrections")},
    )


def corrections_in(home):
    articles = readable(ArticlePage.objects).descendant_of(home).values("pk")
    return (
        ArticleNote.objects.filter(
            kind=ArticleNote.Kind.CORRECTION, noted_at__isnull=False, page__in=articles
        )
        .select_related("page")
        .order_by("-noted_at", "-pk")
    )
