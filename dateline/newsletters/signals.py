"""What the newsletters do when the newsroom changes (connected in apps.py)."""

import logging

from wagtail.models import Locale

from dateline.newsroom.setup import add_model_permissions

from .issues import make_breaking_issue
from .lists import ensure_built_in_lists
from .models import NewsletterList
from .sender import send_soon, start_send

logger = logging.getLogger(__name__)

EDITORS_MAY = ["add_issue", "change_issue", "view_subscriber", "view_newsletterlist"]
ADMINISTRATORS_MAY = [*EDITORS_MAY, "add_newsletterlist", "change_newsletterlist"]


def on_newsroom_set_up(sender, home, **kwargs) -> None:
    ensure_built_in_lists(NewsletterList, Locale.objects.all())
    add_model_permissions(
        {
            "Editors": [f"newsletters.{p}" for p in EDITORS_MAY],
            "Administrators": [f"newsletters.{p}" for p in ADMINISTRATORS_MAY]
            + ["newsletters.add_suppression", "newsletters.change_suppression"],
        }
    )


def locale_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if created and not raw:
        ensure_built_in_lists(NewsletterList, [instance])


def on_banner_raised(sender, banner, **kwargs) -> None:
    """Send the breaking alert; the editor's request returns at once (the
    sender runs in a thread, DATELINE_NEWSLETTER_IN_BACKGROUND)."""
    issue = make_breaking_issue(banner)
    if issue is None:
        return
    if start_send(issue):
        send_soon()
