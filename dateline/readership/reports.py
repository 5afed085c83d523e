"""The numbers editors see: views per article over a window, and referring sites."""

import datetime

from django.db.models import Sum
from django.utils import timezone

from dateline.newsroom.models import ArticlePage

from .models import HourlyReferrers, HourlyViews

HOUR = datetime.timedelta(hours=1)


def windows(now: datetime.datetime | None = None) -> dict[str, datetime.datetime | None]:
    """Start of each window, compared with each row's hour: the last hour is
    the hour so far; today starts at midnight in the site's time zone."""
    now = now or timezone.now()
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "hour": this_hour,
        "today": midnight,
        "week": this_hour - datetime.timedelta(days=7) + HOUR,
        "total": None,
    }


def _since(queryset, start):
    return queryset if start is None else queryset.filter(hour__gte=start)


def top_articles(start, limit: int = 20) -> list[dict]:
    rows = list(
        _since(HourlyViews.objects, start)
        .values("page_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "page_id")[:limit]
    )
    titles = dict(
        ArticlePage.objects.filter(pk__in=[r["page_id"] for r in rows]).values_list("pk", "title")
    )
    return [
        {"page_id": r["page_id"], "title": titles.get(r["page_id"], ""), "views": r["total"]}
        for r in rows
    ]


def top_referrers(start, page_id: int | None = None, limit: int = 20) -> list[dict]:
    queryset = _since(HourlyReferrers.objects, start)
    if page_id is not None:
        queryset = queryset.filter(page_id=page_id)
    return list(
        queryset.values("host").annotate(views=Sum("views")).order_by("-views", "host")[:limit]
    )


def page_views(page_id: int, now: datetime.datetime | None = None) -> dict[str, int]:
    rows = HourlyViews.objects.filter(page_id=page_id)
    return {
        name: _since(rows, start).aggregate(n=Sum("views"))["n"] or 0
        for name, start in windows(now).items()
    }
