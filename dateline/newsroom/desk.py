"""The newsroom dashboard: a panel per thing the desk watches, for each role.

A `DeskPanel` shows a count, the first few items with one-click links and a
link to all of them; features add theirs with Wagtail's
`construct_homepage_panels` hook (comments: pending comments; wire: agency
items not used; stories: open live blogs and the breaking banner; budget:
planned stories due). The core's own: a reporter's drafts and what came back
from review, and what goes live in the next 48 hours.

A panel names what it lists as querysets in one shape (`members`, made with
`shaped`): reference, label, time, note, and the total count in a window
column. The dashboard sends every panel's members to the database as one
UNION ALL query, so the whole desk costs a single indexed query however many
panels features add, and stays fast with a million articles.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connections, router
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState

from .models import ArticlePage
from .setup import ADMINISTRATORS, EDITORS, in_group

SHOWN = 5


@dataclass
class DeskRow:
    label: str
    url: str
    when: datetime | None = None
    note: str = ""


COLUMNS = ("desk_key", "desk_ref", "desk_label", "desk_at", "desk_note", "desk_total")


@dataclass
class Member:
    """What a panel lists, in the shape of the desk's one query (see `shaped`)."""

    queryset: object
    ref: object
    label: object
    at: object
    note: object
    order: list

    def query(self, key: str):
        """The first SHOWN rows in order, each as (key, reference, label, time,
        note, total): `total` counts every row of the queryset (a window over
        it), so no panel needs a count query of its own."""
        return (
            self.queryset.order_by(*self.order)
            .annotate(
                desk_key=Value(key, output_field=CharField()),
                desk_ref=Cast(self.ref, IntegerField()),
                desk_label=Cast(self.label, CharField()),
                desk_at=Cast(self.at, DateTimeField()),
                desk_note=Cast(self.note, CharField()),
                desk_total=Window(Count("*")),
            )
            .values_list(*COLUMNS)[:SHOWN]
        )


def shaped(queryset, *, ref=None, label, at=None, note=None, order) -> Member:
    """`queryset` as a desk panel lists it: a reference (the pk unless given),
    a label, a time and a note, in `order`."""
    return Member(
        queryset,
        ref if ref is not None else F("pk"),
        label,
        at if at is not None else Value(None),
        note if note is not None else Value(""),
        list(order),
    )


def _union_all(querysets) -> list[tuple]:
    """The rows of every queryset, in one statement. Each keeps its own ORDER
    BY and LIMIT inside a subquery, which Django's union() does not allow on
    SQLite; SQLite gives times back as text, read here as Django would."""
    alias = router.db_for_read(Page)
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        sql, part_params = queryset.query.get_compiler(using=alias).as_sql()
        parts.append(f"SELECT * FROM ({sql}) AS desk_{n}")
        params += list(part_params)
    with connections[alias].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    return [(key, ref, label, _aware(at), note, total) for key, ref, label, at, note, total in rows]


def _aware(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _batch(request, panel) -> dict[str, tuple[int, list[tuple]]]:
    """Every desk panel's rows for this request by member key, fetched in one
    query the first time a panel asks (a panel rendered on its own, outside
    the dashboard, is fetched by itself)."""
    found = request.__dict__.setdefault("_desk_batch", {})
    fetched = request.__dict__.setdefault("_desk_fetched", set())
    if panel.name in fetched:
        return found
    pending = [p for p in getattr(request, "_desk_panels", ()) if p.name not in fetched]
    if panel not in pending:
        pending.append(panel)
    members = []
    for each in pending:
        fetched.add(each.name)
        for n, member in enumerate(each.shaped_members()):
            key = f"{each.name}:{n}"
            members.append(member.query(key))
    if members:
        for key, ref, label, at, note, total in _union_all(members):
            found.setdefault(key, (total, []))[1].append((ref, label, at, note))
    return found


class DeskPanel(Component):
    """Subclasses set name, heading, order, and either `members` (the rows, in
    the dashboard's one query) with `row`, or `rows` (their own queries)."""

    template_name = "newsroom/admin/desk_panel.html"
    heading = ""
    empty = _("Nothing here.")
    all_label = _("See all")
    hide_when_empty = False

    def __init__(self, request):
        self.request = request

    def members(self) -> list:
        """Querysets made with `shaped`: what this panel lists."""
        return []

    def shaped_members(self) -> list:
        if not hasattr(self, "_members"):
            self._members = self.members()
        return self._members

    def row(self, ref: int, label: str, at, note: str) -> DeskRow:
        raise NotImplementedError

    def rows(self) -> tuple[int, list[DeskRow]]:
        """The count and first rows of this panel's members, from the batch."""
        batch = _batch(self.request, self)
        count, rows = 0, []
        for n, _member in enumerate(self.shaped_members()):
            total, found = batch.get(f"{self.name}:{n}", (0, []))
            count += total
            rows += [self.row(*item) for item in found]
        if len(self.shaped_members()) > 1:
            rows.sort(key=lambda row: row.when or timezone.now())
        return count, rows[:SHOWN]

    def all_url(self) -> str:
        return ""

    def render_html(self, parent_context=None):
        # A panel with hide_when_empty shows only when it lists something.
        context = self.get_context_data(parent_context or {})
        if self.hide_when_empty and not context["count"]:
            return ""
        return get_template(self.template_name).render(context)

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
    return user.is_superuser or in_group(user, EDITORS, ADMINISTRATORS)


def _edit(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


class MyDraftsPanel(DeskPanel):
    name = "desk-my-drafts"
    heading = _("Your drafts")
    order = 10
    empty = _("No drafts of yours.")

    def members(self):
        mine = Page.objects.filter(owner=self.request.user, has_unpublished_changes=True)
        live = Case(When(live=True, then=Value("live")), default=Value("draft"))
        return [
            shaped(
                mine,
                label=F("draft_title"),
                at=F("latest_revision_created_at"),
                note=live,
                order=["-latest_revision_created_at"],
            )
        ]

    def row(self, ref, label, at, note):
        status = _("changes not published") if note == "live" else _("draft")
        return DeskRow(label, _edit(ref), at, status)

    def all_url(self):
        return reverse("wagtailadmin_pages:search") + f"?owner={self.request.user.pk}"


class _ReviewPanel(DeskPanel):
    """Pages in the review workflow, newest first, each with its title."""

    def states(self):
        raise NotImplementedError

    def members(self):
        page_id = Cast(OuterRef("object_id"), IntegerField())
        title = Page.objects.filter(pk=page_id).values("draft_title")[:1]
        return [
            shaped(
                self.states(),
                ref=F("object_id"),
                label=Subquery(title),
                at=F("created_at"),
                note=F("status"),
                order=["-created_at"],
            )
        ]

    def row(self, ref, label, at, note):
        status = (
            _("changes requested") if note == WorkflowState.STATUS_NEEDS_CHANGES else _("in review")
        )
        return DeskRow(label or "?", _edit(ref), at, status)


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

    def members(self):
        now = timezone.now()
        soon = now + timedelta(hours=48)
        scheduled = Revision.page_revisions.filter(approved_go_live_at__range=(now, soon))
        embargoed = ArticlePage.objects.filter(embargo_until__range=(now, soon))
        return [
            shaped(
                scheduled,
                ref=F("object_id"),
                label=F("object_str"),
                at=F("approved_go_live_at"),
                note=Value("scheduled"),
                order=["approved_go_live_at"],
            ),
            shaped(
                embargoed,
                label=F("draft_title"),
                at=F("embargo_until"),
                note=Value("embargo"),
                order=["embargo_until"],
            ),
        ]

    def row(self, ref, label, at, note):
        status = _("scheduled") if note == "scheduled" else _("embargo ends")
        return DeskRow(label, _edit(ref), at, status)


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


def gather(request, panels: list) -> None:
    """construct_homepage_panels, last: the desk panels this request shows,
    whose rows then come in one query."""
    request._desk_panels = [p for p in panels if isinstance(p, DeskPanel)]


def no_site_summary(request, summary_items: list) -> None:
    """construct_homepage_summary_items: Wagtail's counts of every page, photo
    and document cost a full count each (a second at a million articles)."""
    summary_items.clear()
