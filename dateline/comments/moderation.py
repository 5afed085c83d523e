"""When comments may be posted, and what a post may contain."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from dateline.base.invalidation import cache_key, register_prefix

RATE = register_prefix("comment-rate", "comments accepted from an address in the window")


def closed_reason(article, comment_settings) -> str | None:
    """Why readers cannot comment on `article` now, or None when they can."""
    if not article.live:
        return _("This article is not published.")
    if not comment_settings.enabled:
        return _("Comments are switched off on this site.")
    if not article.comments_open:
        return _("Comments are closed on this article.")
    days = comment_settings.close_after_days
    published = article.first_published_at
    if days and published and published < timezone.now() - timedelta(days=days):
        return _("Comments close %(days)d days after publication.") % {"days": days}
    return None


def _rate_key(address: str) -> str:
    return cache_key(RATE, address)


def over_rate_limit(address: str) -> bool:
    """True once `address` has had the allowed number of comments accepted in the
    window. Only accepted posts count (count_post): a reader whose comment came
    back with a slip has not used up a turn.

    With the cache unreachable this fails open (the count reads as 0): every
    comment still waits for an editor and passes the honeypot and CSRF checks,
    so an outage costs at most a longer moderation queue, while failing closed
    would turn a cache outage into refusing every reader."""
    limit, _ = settings.DATELINE_COMMENT_RATE
    return cache.get(_rate_key(address), 0) >= limit


def count_post(address: str) -> None:
    """Count an accepted comment from `address` towards its rate limit."""
    _, window = settings.DATELINE_COMMENT_RATE
    key = _rate_key(address)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
