"""When comments may be posted, and what a post may contain."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from dateline.base.ratelimit import RateLimit

RATE = RateLimit(
    "comment-rate", "comments accepted from an address in the window", "DATELINE_COMMENT_RATE"
)


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
    """True once `address` has had the allowed number of comments accepted in
    the window (dateline.base.ratelimit; fails open when the cache is down:
    every comment still waits for an editor and passes the honeypot and CSRF)."""
    return RATE.exceeded(address)


def count_post(address: str) -> None:
    """Count an accepted comment from `address` towards its rate limit."""
    RATE.count(address)
