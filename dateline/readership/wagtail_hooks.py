from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from dateline.newsroom.models import ArticlePage

from .admin_views import PageReadership, ReadershipReport


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("reports/readership/", ReadershipReport.as_view(), name="readership_report"),
        path(
            "reports/readership/pages/<int:page_id>/",
            PageReadership.as_view(),
            name="readership_page",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_readership_report():
    return MenuItem(_("Readership"), reverse("readership_report"), icon_name="view", order=9002)


@hooks.register("register_page_header_buttons")
def readership_button(page, user, view_name, next_url=None):
    """On an article's edit screen (its "…" menu): a link to its numbers."""
    if page.specific_class is ArticlePage:
        yield Button(
            _("Readership"),
            reverse("readership_page", args=[page.pk]),
            icon_name="view",
            priority=90,
        )
