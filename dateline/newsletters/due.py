"""What the scheduler sends: briefings whose time has come, issues editors
scheduled, and whatever a sender left unfinished (`newsletter due`)."""

from datetime import datetime

from django.utils import timezone

from .issues import make_issue
from .models import BRIEFING, Delivery, Issue, NewsletterList, Subscription
from .sender import ACTIVE, send_soon, start_send


def _today_at(now: datetime, newsletter: NewsletterList) -> datetime:
    return now.replace(
        hour=newsletter.send_time.hour,
        minute=newsletter.send_time.minute,
        second=0,
        microsecond=0,
    )


def start_due(now: datetime | None = None) -> list[Issue]:
    """Make and start today's briefing of every list past its send time that
    has no issue since then, and start the scheduled issues whose time has
    come; returns the issues started."""
    now = timezone.localtime(now)
    started = []
    briefings = NewsletterList.objects.filter(
        active=True, kind=BRIEFING, send_time__isnull=False
    ).select_related("locale")
    for newsletter in briefings:
        since = _today_at(now, newsletter)
        if now < since or newsletter.issues.filter(created_at__gte=since).exists():
            continue
        if not newsletter.subscriptions.filter(status=Subscription.Status.CONFIRMED).exists():
            continue  # no issue for nobody
        issue = make_issue(newsletter)
        if issue is not None:
            start_send(issue)
            started.append(issue)
    scheduled = Issue.objects.filter(status=Issue.Status.SCHEDULED, send_at__lte=now)
    for issue in scheduled:
        start_send(issue)
        started.append(issue)
    return started


def send_due() -> list[Issue]:
    """The scheduler's job: start what is due, and send what is queued."""
    started = start_due()
    if Delivery.objects.filter(status__in=ACTIVE, issue__status=Issue.Status.SENDING).exists():
        send_soon()
    return started
