from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .desk import out_of_date_for


class OutOfDateView(WagtailAdminTemplateMixin, TemplateView):
    """Every out-of-date translation the signed-in user may edit."""

    template_name = "translations/out_of_date.html"
    page_title = _("Out-of-date translations")
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["marks"] = out_of_date_for(self.request.user)
        return context
