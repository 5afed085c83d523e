"""A reader's rights over what they posted: a copy on request, erasure on
request, and addresses kept no longer than moderation needs them."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dateline.newsroom.setup import ADMINISTRATORS, in_group

from .models import Comment


def may_manage_reader_data(user) -> bool:
    """Exports and erasures are for Administrators: a reader's email address and
    everything they wrote is more than a moderating editor needs."""
    return user.is_active and (user.is_superuser or in_group(user, ADMINISTRATORS))


def reader_comments(email: str):
    return (
        Comment.objects.filter(email__iexact=email.strip())
        .select_related("article")
        .order_by("created_at")
    )


def export_reader(email: str) -> dict:
    """Everything kept about the reader who used `email`, as plain data."""
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "article_url": comment.article.full_url,
                "in_reply_to": comment.parent_id,
                "name": comment.name,
                "email": comment.email,
                "comment": comment.body,
                "status": comment.status,
                "posted_at": comment.created_at.isoformat(timespec="seconds"),
                "ip_address": comment.ip_address,
            }
            for comment in reader_comments(email)
        ],
    }


@transaction.atomic
def erase_reader(email: str) -> int:
    """Remove the reader's comments; returns how many.

    A comment nobody answered is deleted. One that others replied to keeps its
    place, emptied of name, text, email and address, so the replies (which are
    other readers' words) still make sense and are not deleted with it."""
    comments = list(reader_comments(email).prefetch_related("replies"))
    answered = [
        c for c in comments if any(r.email.lower() != c.email.lower() for r in c.replies.all())
    ]
    for comment in answered:
        comment.name = _("Removed")
        comment.email = ""
        comment.body = _("[Removed at the reader's request]")
        comment.ip_address = None
        comment.save(update_fields=["name", "email", "body", "ip_address"])
    # Saves and deletes purge the articles' cached pages (comments.purge).
    Comment.objects.filter(pk__in=[c.pk for c in comments if c not in answered]).delete()
    return len(comments)


def clear_old_ip_addresses(now: datetime | None = None) -> int:
    """Forget the addresses of comments older than the retention setting."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.DATELINE_COMMENT_IP_RETENTION_DAYS)
    return Comment.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )
