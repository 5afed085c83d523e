"""The wire in the admin: what agencies sent, newest first, filtered by agency,
language, subject, time and status; each item whole; "Use" makes it a draft
in the section its subjects file it in (or the one the editor picks) and opens
the editor on it."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from dateline.newsroom.models import ArticlePage, HomePage, SectionPage

from .models import Agency, WireItem
from .receive import NinjsError, use

PER_PAGE = 50
SINCE_HOURS = {"1": 1, "6": 6, "24": 24, "72": 72, "168": 168}
OPEN = [WireItem.Status.NEW, WireItem.Status.CORRECTION]


def may_read_wire(user) -> bool:
    return user.has_perm("wagtailadmin.access_admin")


def sections_for(item: WireItem) -> list[SectionPage]:
    """The sections of the item's edition, for the editor to choose from."""
    home = HomePage.objects.filter(locale__language_code=item.language).first()
    if home is None:
        return []
    return list(SectionPage.objects.descendant_of(home).order_by("path"))


class _WireView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_wire(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WireView(_WireView):
    page_title = gettext_lazy("Wire")
    template_name = "wire/admin/wire.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        items = WireItem.objects.select_related("agency", "section", "article")
        chosen = {
            "agency": params.get("agency", ""),
            "language": params.get("language", ""),
            "subject": params.get("subject", "").strip(),
            "since": params.get("since", ""),
            "status": params.get("status", "open"),
        }
        if chosen["agency"]:
            items = items.filter(agency__slug=chosen["agency"])
        if chosen["language"]:
            items = items.filter(language=chosen["language"])
        if chosen["subject"]:
            items = items.filter(subjects__icontains=chosen["subject"])
        if chosen["since"] in SINCE_HOURS:
            hours = SINCE_HOURS[chosen["since"]]
            items = items.filter(received_at__gte=timezone.now() - timedelta(hours=hours))
        if chosen["status"] == "open":
            items = items.filter(status__in=OPEN)
        elif chosen["status"] in WireItem.Status.values:
            items = items.filter(status=chosen["status"])
        page = Paginator(items.order_by("-received_at", "-pk"), PER_PAGE).get_page(
            params.get("page")
        )
        query = params.copy()
        query.pop("page", None)
        context.update(
            page=page,
            items=page.object_list,
            chosen=chosen,
            query=query.urlencode(),
            agencies=Agency.objects.all(),
            languages=WireItem.objects.order_by("language")
            .values_list("language", flat=True)
            .distinct(),
            statuses=[("open", _("New and corrections")), ("all", _("All"))]
            + list(WireItem.Status.choices),
            since_choices=[
                ("1", _("Last hour")),
                ("6", _("Last 6 hours")),
                ("24", _("Last 24 hours")),
                ("72", _("Last 3 days")),
                ("168", _("Last week")),
            ],
        )
        return context


class WireItemView(_WireView):
    template_name = "wire/admin/item.html"

    def get_page_title(self):
        return self.item.headline

    def dispatch(self, request, *args, item_id, **kwargs):
        self.item = get_object_or_404(WireItem.objects.select_related("agency"), pk=item_id)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wire"), "label": _("Wire")},
            {"url": "", "label": self.item.headline},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.item
        context.update(
            item=item,
            paragraphs=[p for p in item.text.split("\n\n") if p.strip()],
            sections=sections_for(item),
            versions=WireItem.objects.filter(uri=item.uri).exclude(pk=item.pk),
        )
        return context


@require_POST
def use_item(request, item_id: int):
    item = get_object_or_404(WireItem, pk=item_id)
    section = None
    if section_id := request.POST.get("section"):
        section = SectionPage.objects.filter(pk=section_id).first()
    target = section or item.section
    existing = item.article or ArticlePage.objects.filter(ninjs_uri=item.uri).first()
    if existing is not None:
        allowed = existing.permissions_for_user(request.user).can_edit()
    elif target is None:
        messages.error(request, _("Choose a section for this item."))
        return redirect("wire_item", item_id=item.pk)
    else:
        allowed = target.permissions_for_user(request.user).can_add_subpage()
    if not allowed:
        raise PermissionDenied
    try:
        article = use(item, section)
    except NinjsError as error:
        messages.error(
            request,
            _("This item cannot be used: %(field)s: %(message)s")
            % {
                "field": error.path,
                "message": error.message,
            },
        )
        return redirect("wire_item", item_id=item.pk)
    messages.success(request, _("“%(title)s” is a draft now.") % {"title": article.title})
    return redirect("wagtailadmin_pages:edit", article.pk)


@require_POST
def mark_seen(request, item_id: int):
    """An editor has looked at a correction to a published story."""
    if not may_read_wire(request.user):
        raise PermissionDenied
    item = get_object_or_404(WireItem, pk=item_id, status=WireItem.Status.CORRECTION)
    item.status = WireItem.Status.SEEN
    item.save(update_fields=["status"])
    return redirect("wire")
