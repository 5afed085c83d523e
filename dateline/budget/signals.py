"""What the budget does when the newsroom changes (connected in apps.py)."""

from dateline.newsroom.setup import ADMINISTRATORS, EDITORS, REPORTERS, add_model_permissions

from .models import PlannedStory

MANAGE = [
    "budget.view_plannedstory",
    "budget.add_plannedstory",
    "budget.change_plannedstory",
    "budget.delete_plannedstory",
]
BUDGET_PERMISSIONS = {
    # Reporters read the budget and start what is assigned to them (start.py).
    REPORTERS: ["budget.view_plannedstory"],
    EDITORS: MANAGE,
    ADMINISTRATORS: MANAGE,
}


def on_newsroom_set_up(sender, **kwargs) -> None:
    add_model_permissions(BUDGET_PERMISSIONS)


def article_published(sender, instance, **kwargs) -> None:
    """page_published: the line whose draft went live shows it (one indexed
    update; nothing for pages no line links to)."""
    PlannedStory.objects.filter(article_id=instance.pk).exclude(
        status=PlannedStory.Status.PUBLISHED
    ).update(status=PlannedStory.Status.PUBLISHED)
