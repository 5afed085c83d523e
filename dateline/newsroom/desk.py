"""The newsroom dashboard: a panel per thing the desk watches, for each role.

A `DeskPanel` shows a count, the first few items with one-click links and a
link to all of them; features add theirs with Wagtail's
`construct_homepage_panels` hook (comments: pending comments; wire: agency
items not used; stories: open live blogs and the breaking banner; budget:
planned stories due). The core's own: a reporter's drafts and what came back
from review, and what goes live in the next 48 hours. Each panel costs one or
two indexed queries, so the dashboard stays fast with a million articles.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState

from .models import ArticlePage
from .setup import ADMINISTRATORS, EDITORS

SHOWN = 5


@dataclass
class DeskRow:
    label: str
    url: str
    when: datetime | None = None
    note: str = ""


def newest(listing, ordered) -> tuple[int, list]:
    """How many rows `listing` has and the first SHOWN of `ordered` (the same
    rows, sorted and narrowed): no count query when they all fit."""
    found = list(ordered[:SHOWN])
    return (len(found) if len(found) < SHOWN else listing.count()), found


class DeskPanel(Component):
    """Subclasses set name, heading, order and fill count, rows and all_url."""

    template_name = "newsroom/admin/desk_panel.html"
    heading = ""
    empty = _("Nothing here.")
    all_label = _("See all")

    def __init__(self, request):
        self.request = request

    def rows(self) -> tuple[int, list[DeskRow]]:
        raise NotImplementedError

    def all_url(self) -> str:
        return ""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        count, rows = self.rows()
        context.update(
            panel=self,
            heading=self.heading,
            count=count,
            rows=rows,
            all_url=self.all_url() if count else "",
        )
        return context


def is_editor(user) -> bool:
    """Editors (and administrators) watch the whole desk; reporters their own work."""
    if user.is_superuser:
        return True
    cached = getattr(user, "_dateline_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name__in=[EDITORS, ADMINISTRATORS]).exists()
        user._dateline_is_editor = cached
    return cached


def _edit(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


class MyDraftsPanel(DeskPanel):
    name = "desk-my-drafts"
    heading = _("Your drafts")
    order = 10
    empty = _("No drafts of yours.")

    def rows(self):
        mine = Page.objects.filter(owner=self.request.user, has_unpublished_changes=True)
        count, pages = newest(
            mine,
            mine.order_by("-latest_revision_created_at").only(
                "pk", "draft_title", "latest_revision_created_at", "live"
            ),
        )
        return count, [
            DeskRow(
                p.draft_title,
                _edit(p.pk),
                p.latest_revision_created_at,
                _("changes not published") if p.live else _("draft"),
            )
            for p in pages
        ]

    def all_url(self):
        return reverse("wagtailadmin_pages:search") + f"?owner={self.request.user.pk}"


class _ReviewPanel(DeskPanel):
    """Pages in the review workflow, newest first, with one query for their titles."""

    def states(self):
        raise NotImplementedError

    def rows(self):
        states = self.states()
        count, found = newest(states, states.order_by("-created_at"))
        titles = dict(
            Page.objects.filter(pk__in=[int(s.object_id) for s in found]).values_list(
                "pk", "draft_title"
            )
        )
        return count, [
            DeskRow(
                titles.get(int(s.object_id), "?"),
                _edit(int(s.object_id)),
                s.created_at,
                _("changes requested")
                if s.status == WorkflowState.STATUS_NEEDS_CHANGES
                else _("in review"),
            )
            for s in found
        ]


class BackFromReviewPanel(_ReviewPanel):
    """A reporter's stories in review, and those that came back with changes
    requested."""

    name = "desk-back-from-review"
    heading = _("Your stories in review")
    order = 11
    empty = _("None of your stories is in review.")

    def states(self):
        return WorkflowState.objects.filter(
            requested_by=self.request.user,
            status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        )


class AwaitingReviewPanel(_ReviewPanel):
    name = "desk-awaiting-review"
    heading = _("Awaiting review")
    order = 5
    empty = _("Nothing awaits review.")

    def states(self):
        return WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)


class ComingUpPanel(DeskPanel):
    """Scheduled publications and embargoes that end in the next 48 hours."""

    name = "desk-coming-up"
    heading = _("Going live in the next 48 hours")
    order = 20
    empty = _("Nothing is scheduled for the next 48 hours.")

    def rows(self):
        now = timezone.now()
        soon = now + timedelta(hours=48)
        scheduled = Revision.page_revisions.filter(approved_go_live_at__range=(now, soon))
        found = list(
            scheduled.order_by("approved_go_live_at").values_list(
                "object_id", "approved_go_live_at"
            )[: SHOWN + 1]
        )
        embargoed = ArticlePage.objects.filter(embargo_until__range=(now, soon))
        held = list(
            embargoed.order_by("embargo_until").values_list("pk", "embargo_until")[: SHOWN + 1]
        )
        ids = [int(pk) for pk, _ in found] + [pk for pk, _ in held]
        titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "draft_title"))
        rows = [
            DeskRow(titles.get(int(pk), "?"), _edit(int(pk)), when, _("scheduled"))
            for pk, when in found
        ] + [DeskRow(titles.get(pk, "?"), _edit(pk), when, _("embargo ends")) for pk, when in held]
        rows.sort(key=lambda row: row.when)
        count = len(rows)
        if len(found) > SHOWN or len(held) > SHOWN:
            count = scheduled.count() + embargoed.count()
        return count, rows[:SHOWN]


def core_panels(request) -> list[DeskPanel]:
    panels: list[DeskPanel] = [MyDraftsPanel(request), BackFromReviewPanel(request)]
    if is_editor(request.user):
        panels += [AwaitingReviewPanel(request), ComingUpPanel(request)]
    return panels


# Wagtail's own panels that the desk's replace: its review panels read every
# task and group of the workflow (about ten queries), and its recent edits
# scan the whole page log, which grows with every publish.
REPLACED = (
    "WorkflowObjectsToModeratePanel",
    "UserObjectsInWorkflowModerationPanel",
    "RecentEditsPanel",
)


def add_core_panels(request, panels: list) -> None:
    """construct_homepage_panels: the core's panels instead of Wagtail's."""
    panels[:] = [p for p in panels if type(p).__name__ not in REPLACED]
    panels.extend(core_panels(request))


def no_site_summary(request, summary_items: list) -> None:
    """construct_homepage_summary_items: Wagtail's counts of every page, photo
    and document cost a full count each (a second at a million articles)."""
    summary_items.clear()
