"""The budget in the admin: its list and forms, "Start", and its dashboard panel."""

from django import forms
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

import dateline.newsroom.converters  # noqa: F401 (registers <id:...>)

from . import views
from .desk import DuePanel
from .forms import BudgetFilterSet, PlannedStoryForm
from .models import PlannedStory
from .start import may_see, may_start


class StartColumn(Column):
    """A POST button on each line the user may start (or a link to its draft)."""

    cell_template_name = "budget/admin/start_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context.update(
            story=instance,
            may_start=may_start(request.user, instance)
            and instance.status != PlannedStory.Status.SPIKED,
            csrf_token=get_token(request),
        )
        return context


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("section", "assignee", "article")


class CreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class EditView(generic.EditView):
    template_name = "budget/admin/edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_start"] = (
            may_start(self.request.user, self.object)
            and self.object.status != PlannedStory.Status.SPIKED
        )
        return context


class BudgetViewSet(ModelViewSet):
    model = PlannedStory
    icon = "date"
    menu_label = _("Budget")
    menu_order = 147
    add_to_admin_menu = True
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    copy_view_enabled = False
    inspect_view_enabled = False
    ordering = "planned_at"
    list_per_page = 50
    filterset_class = BudgetFilterSet
    search_fields = ["slug", "title"]
    list_display = [
        "slug",
        "title",
        "section",
        "assignee",
        "planned_at",
        "status",
        StartColumn("start", label=_("Draft")),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("slug"), FieldPanel("planned_at")]),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldRowPanel(
                [
                    FieldPanel("section", widget=forms.Select),
                    FieldPanel("assignee", widget=forms.Select),
                ]
            ),
            FieldPanel("status"),
            FieldPanel("note"),
            FieldPanel("article"),
        ],
        base_form_class=PlannedStoryForm,
    )


budget_viewset = BudgetViewSet("budget", url_prefix="budget")


@hooks.register("register_admin_viewset")
def _budget_viewset():
    return budget_viewset


@hooks.register("register_admin_urls")
def _budget_urls():
    return [path("budget/<id:pk>/start/", views.start, name="budget_start")]


@hooks.register("construct_homepage_panels")
def _budget_panel(request, panels):
    if may_see(request.user):
        panels.append(DuePanel(request))
