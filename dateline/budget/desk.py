"""On the dashboard: budget lines due in the next 24 hours or overdue."""

from datetime import timedelta

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.newsroom.desk import DeskPanel, DeskRow, is_editor, shaped

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

    def members(self):
        lines = due(self.request.user)
        # The note carries what the row needs: "draft id|status|section".
        note = Concat(
            Coalesce(Cast("article_id", CharField()), Value("")),
            Value("|"),
            F("status"),
            Value("|"),
            F("section__title"),
            output_field=CharField(),
        )
        label = Concat(F("slug"), Value(": "), F("title"), output_field=CharField())
        return [
            shaped(lines, label=label, at=F("planned_at"), note=note, order=["planned_at", "pk"])
        ]

    def row(self, ref, label, at, note) -> DeskRow:
        article_id, status, section = note.split("|", 2)
        # One click to the work itself: the draft once started, else the line.
        if article_id:
            url = reverse("wagtailadmin_pages:edit", args=[int(article_id)])
        elif may_manage(self.request.user):
            url = reverse("budget:edit", args=[ref])
        else:
            url = reverse("budget:index") + f"?assignee={self.request.user.pk}"
        shown = f"{section} · {PlannedStory.Status(status).label}"
        if at < timezone.now():
            shown = f"{OVERDUE} · {shown}"
        return DeskRow(label, url, at, shown)

    def all_url(self):
        url = reverse("budget:index")
        if not is_editor(self.request.user):
            url += f"?assignee={self.request.user.pk}"
        return url
