"""When comments may be posted, and what a post may contain."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

# Where it always was, for code that imports it from here.
from dateline.caching.proxy import client_address  # noqa: F401


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


def over_rate_limit(address: str) -> bool:
    """Count a post from `address`; True once it exceeds the allowed rate.

    With the cache unreachable this fails open (the count starts again at 1):
    every comment still waits for an editor and passes the honeypot and CSRF
    checks, so an outage costs at most a longer moderation queue, while failing
    closed would turn a cache outage into refusing every reader."""
    limit, window = settings.DATELINE_COMMENT_RATE
    key = f"dateline:comment-rate:{address}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
