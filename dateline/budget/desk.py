"""On the dashboard: budget lines due in the next 24 hours or overdue."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.newsroom.desk import DeskPanel, DeskRow, is_editor, newest

from .models import PlannedStory
from .start import may_manage

DUE_WITHIN = timedelta(hours=24)
OVERDUE = _("overdue")


def due(user, now=None):
    """Open lines due by a day from now (overdue ones too), for the desk or
    for one reporter: the dashboard's query, on the budget's partial indexes."""
    soon = (now or timezone.now()) + DUE_WITHIN
    lines = PlannedStory.objects.filter(status__in=PlannedStory.OPEN, planned_at__lte=soon)
    return lines if is_editor(user) else lines.filter(assignee=user)


class DuePanel(DeskPanel):
    name = "desk-budget-due"
    heading = _("Due on the budget")
    order = 8
    empty = _("Nothing on the budget is due in the next 24 hours.")

    def rows(self):
        now = timezone.now()
        lines = due(self.request.user, now)
        count, found = newest(lines, lines.select_related("section").order_by("planned_at", "pk"))
        return count, [self._row(line, now) for line in found]

    def _row(self, line: PlannedStory, now) -> DeskRow:
        # One click to the work itself: the draft once started, else the line.
        if line.article_id:
            url = reverse("wagtailadmin_pages:edit", args=[line.article_id])
        elif may_manage(self.request.user):
            url = reverse("budget:edit", args=[line.pk])
        else:
            url = reverse("budget:index") + f"?assignee={self.request.user.pk}"
        note = f"{line.section.title} · {line.get_status_display()}"
        if line.planned_at < now:
            note = f"{OVERDUE} · {note}"
        return DeskRow(f"{line.slug}: {line.title}", url, line.planned_at, note)

    def all_url(self):
        url = reverse("budget:index")
        if not is_editor(self.request.user):
            url += f"?assignee={self.request.user.pk}"
        return url
