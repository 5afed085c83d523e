"""Most read: an edition's five readable articles with the most views over
the last 24 hours.

Worked out at most once per DATELINE_MOST_READ_SECONDS per edition and
content version (a publish or unpublish starts again, so an article taken
down leaves the list at once), and kept in the shared cache: every process
and every page showing the list reads the same answer.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from dateline.base.invalidation import cache_key, content_version, register_prefix
from dateline.newsroom.models import ArticlePage
from dateline.newsroom.visibility import readable

from .models import HourlyViews

SIZE = 5
WINDOW = datetime.timedelta(hours=24)
MOST_READ = register_prefix("most-read", "an edition's most read articles")


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    views: int


def compute(home, now: datetime.datetime | None = None) -> list[Entry]:
    now = now or timezone.now()
    articles = readable(ArticlePage.objects.descendant_of(home)).values("pk")
    rows = list(
        HourlyViews.objects.filter(hour__gt=now - WINDOW, page_id__in=articles)
        .values("page_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "page_id")[:SIZE]
    )
    if not rows:
        return []
    pages = {
        pk: (title, url_path)
        for pk, title, url_path in ArticlePage.objects.filter(
            pk__in=[row["page_id"] for row in rows]
        ).values_list("pk", "title", "url_path")
    }
    home_url, home_path = home.url, home.url_path
    return [
        Entry(title, home_url + url_path[len(home_path) :], row["total"])
        for row in rows
        if (found := pages.get(row["page_id"]))
        for title, url_path in [found]
    ]


def most_read(home) -> list[Entry]:
    """The edition's list, from the shared cache or worked out now."""
    if home is None:
        return []
    key = cache_key(MOST_READ, home.pk, content_version())
    entries = cache.get(key)
    if entries is None:
        entries = compute(home)
        cache.set(key, entries, settings.DATELINE_MOST_READ_SECONDS)
    return entries
