"""Administrators' page for a reader's request: find their comments by email,
download a copy, erase them."""

import json

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .privacy import erase_reader, export_reader, may_manage_reader_data, reader_comments


class ReaderDataView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Reader data requests")
    header_icon = "comment"
    template_name = "comments/admin/reader_data.html"

    def dispatch(self, request, *args, **kwargs):
        # A plain 403, not Wagtail's redirect home: the refusal is the answer.
        if not may_manage_reader_data(request.user):
            return HttpResponseForbidden(
                _("Only Administrators may export or erase a reader's comments.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        email = self.request.GET.get("email", "").strip()
        context["email"] = email
        context["comments"] = list(reader_comments(email)) if email else []
        return context

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            email = request.GET.get("email", "").strip()
            if not email:
                return redirect("comments_reader_data")
            response = HttpResponse(
                json.dumps(export_reader(email), indent=2, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            filename = f"comments-{slugify(email.replace('@', ' at '))}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip()
        if not email or request.POST.get("confirm") != "erase":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            erased = erase_reader(email)
            messages.success(
                request,
                _("Erased %(count)d comments by %(email)s.") % {"count": erased, "email": email},
            )
        return redirect(f"{reverse('comments_reader_data')}?email={email}")
