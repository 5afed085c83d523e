"""The wire's place in the admin: a menu item, its views, and agencies as snippets."""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.newsroom.desk import DeskPanel, DeskRow, is_editor, shaped

from . import desk
from .models import Agency, WireItem


class AgencyViewSet(SnippetViewSet):
    """Agencies by name; tokens are made with `python -m dateline wire token NAME`."""

    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    list_display = ["name", "slug", "created_at"]
    copy_view_enabled = False
    panels = [FieldPanel("name"), FieldPanel("slug")]


register_snippet(AgencyViewSet)


class WireMenuItem(MenuItem):
    def is_shown(self, request):
        return desk.may_read_wire(request.user)


@hooks.register("register_admin_urls")
def _wire_urls():
    return [
        path("wire/", desk.WireView.as_view(), name="wire"),
        path("wire/<int:item_id>/", desk.WireItemView.as_view(), name="wire_item"),
        path("wire/<int:item_id>/use/", desk.use_item, name="wire_use"),
        path("wire/<int:item_id>/seen/", desk.mark_seen, name="wire_seen"),
    ]


@hooks.register("register_admin_menu_item")
def _wire_menu_item():
    return WireMenuItem(_("Wire"), reverse("wire"), icon_name="doc-full-inverse", order=148)


class WirePanel(DeskPanel):
    """On the dashboard: agency items nobody used yet, and corrections to
    published stories."""

    name = "desk-wire"
    heading = _("On the wire")
    order = 40
    empty = _("Nothing new on the wire.")

    def members(self):
        waiting = WireItem.objects.filter(status__in=desk.OPEN)
        # The note carries the status and the agency's name: "status|agency".
        note = Concat(F("status"), Value("|"), Coalesce(F("agency__name"), Value("")))
        return [
            shaped(
                waiting,
                label=F("headline"),
                at=F("received_at"),
                note=note,
                order=["-received_at", "-pk"],
            )
        ]

    def row(self, ref, label, at, note):
        status, _bar, agency = note.partition("|")
        shown = (
            f"{agency} · {WireItem.Status(status).label}"
            if agency
            else WireItem.Status(status).label
        )
        return DeskRow(label, reverse("wire_item", args=[ref]), at, shown)

    def all_url(self):
        return reverse("wire")


@hooks.register("construct_homepage_panels")
def _wire_panel(request, panels):
    if is_editor(request.user):
        panels.append(WirePanel(request))
