from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import reports


class ReadershipReport(WagtailAdminTemplateMixin, TemplateView):
    """Reports > Readership: the most read articles and the sites readers came from."""

    template_name = "readership/admin/report.html"
    page_title = gettext_lazy("Readership")
    header_icon = "view"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        starts = reports.windows()
        context["tables"] = [
            (_("Last hour"), reports.top_articles(starts["hour"])),
            (_("Today"), reports.top_articles(starts["today"])),
            (_("Last 7 days"), reports.top_articles(starts["week"])),
        ]
        context["referrers"] = reports.top_referrers(starts["week"])
        return context


class PageReadership(WagtailAdminTemplateMixin, TemplateView):
    """One article's numbers, linked from its edit screen."""

    template_name = "readership/admin/page.html"
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific_deferred
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Readership: %(title)s") % {"title": self.page.get_admin_display_title()}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        starts = reports.windows()
        context["page"] = self.page
        context["views"] = reports.page_views(self.page.pk)
        context["referrers"] = reports.top_referrers(starts["week"], page_id=self.page.pk)
        return context
