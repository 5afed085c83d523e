from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Locale

from dateline.newsroom.desk import DeskPanel, DeskRow, shaped

from .desk import SUBMIT_ACTION, out_of_date_marks, submit_for_review, translation_of
from .models import OutOfDate
from .views import OutOfDateView


# Before wagtail-localize's own hook, which answers every edit of a translation
# with its editor: that editor can only publish, so filing for review is ours.
@hooks.register("before_edit_page", order=-10)
def submit_translation_for_review(request, page):
    if request.method != "POST" or SUBMIT_ACTION not in request.POST:
        return None
    translation = translation_of(page)
    if translation is None:
        return None
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if page.specific.get_workflow() is None:
        messages.error(request, _("This page has no review workflow."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    try:
        submit_for_review(translation, page, request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("The translation could not be filed: %(errors)s")
            % {"errors": "; ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _("'%(title)s' in %(language)s was submitted for review.")
            % {"title": page.title, "language": translation.target_locale.get_display_name()},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


class OutOfDatePanel(DeskPanel):
    """On the dashboard, when there are any: translations whose source changed
    since they were made, longest waiting first."""

    name = "out-of-date-translations"
    heading = gettext_lazy("Out-of-date translations")
    order = 95
    hide_when_empty = True

    def members(self):
        # The note carries why and the translation's language: "reason|code".
        note = Concat(
            F("reason"), Value("|"), F("page__locale__language_code"), output_field=CharField()
        )
        marks = out_of_date_marks(self.request.user)
        return [
            shaped(
                marks,
                ref=F("page_id"),
                label=F("page__draft_title"),
                at=F("marked_at"),
                note=note,
                order=["marked_at"],
            )
        ]

    def row(self, ref, label, at, note):
        reason, _bar, code = note.partition("|")
        language = Locale(language_code=code).get_display_name()
        return DeskRow(
            f"{label} ({language})",
            reverse("wagtailadmin_pages:edit", args=[ref]),
            at,
            OutOfDate.Reason(reason).label,
        )

    def all_url(self):
        return reverse("translations_out_of_date")


@hooks.register("construct_homepage_panels")
def add_out_of_date_panel(request, panels):
    panels.append(OutOfDatePanel(request))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "translations/out-of-date/",
            OutOfDateView.as_view(),
            name="translations_out_of_date",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_out_of_date_report():
    return MenuItem(
        gettext_lazy("Out-of-date translations"),
        reverse("translations_out_of_date"),
        icon_name="warning",
        order=9001,
    )
