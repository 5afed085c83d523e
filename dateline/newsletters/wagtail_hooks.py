"""The newsletters in the Wagtail admin: lists, issues (preview, send now),
subscribers (read only) and suppressed addresses, under one "Newsletters"
menu item."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import dateline.newsroom.converters  # noqa: F401 (registers <id:...>)

from .messages import PREFERENCES_MARK, UNSUBSCRIBE_MARK, render_issue
from .models import Issue, NewsletterList, Subscriber, Suppression
from .sender import send_soon, start_send


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Subscribers are added by their own confirmation, never by staff."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Subscriber, ReadOnlyPolicy(Subscriber), exact_class=True)


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "list-ul"
    menu_label = gettext_lazy("Lists")
    list_display = ["name", "locale", "kind", "active", "confirmed_count"]
    list_filter = ["locale", "kind", "active"]
    copy_view_enabled = False


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "mail"
    menu_label = gettext_lazy("Issues")
    list_display = [
        "subject",
        "newsletter",
        "status",
        "sends",
        "deliveries_total",
        "bounces",
        "unsubscribes",
        "created_at",
    ]
    list_filter = ["status", "newsletter"]
    search_fields = ["subject"]
    ordering = ["-created_at"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Issue.objects.select_related("newsletter__locale")


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = gettext_lazy("Subscribers")
    list_display = ["email", "language_code", "confirmed_lists", "created_at"]
    search_fields = ["email"]
    inspect_view_enabled = True
    copy_view_enabled = False


class SuppressionViewSet(SnippetViewSet):
    model = Suppression
    icon = "cross"
    menu_label = gettext_lazy("Suppressed addresses")
    list_display = ["email", "reason", "at"]
    search_fields = ["email"]
    copy_view_enabled = False


class NewslettersGroup(SnippetViewSetGroup):
    items = (IssueViewSet, NewsletterListViewSet, SubscriberViewSet, SuppressionViewSet)
    menu_icon = "mail"
    menu_label = gettext_lazy("Newsletters")
    menu_name = "newsletters"
    menu_order = 160


register_snippet(NewslettersGroup)


def _issue_for(request, pk: int) -> Issue:
    if not request.user.has_perm("newsletters.change_issue"):
        raise PermissionDenied
    return get_object_or_404(Issue.objects.select_related("newsletter__locale"), pk=pk)


def preview(request, pk: int):
    """The issue's HTML as a subscriber gets it (their links left out)."""
    html = render_issue(_issue_for(request, pk)).html
    return HttpResponse(html.replace(UNSUBSCRIBE_MARK, "#").replace(PREFERENCES_MARK, "#"))


class SendView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Send now")
    header_icon = "mail"
    template_name = "newsletters/admin/send.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issue"] = self.issue
        context["subscribers"] = self.issue.newsletter.confirmed_count()
        return context

    def dispatch(self, request, pk):
        self.issue = _issue_for(request, pk)
        return super().dispatch(request)

    def post(self, request):
        queued = start_send(self.issue)
        send_soon()
        messages.success(request, _("Sending to %(count)d subscribers.") % {"count": queued})
        return redirect(reverse(Issue.snippet_viewset.get_url_name("list")))


@hooks.register("register_admin_urls")
def _issue_urls():
    return [
        path("newsletters/issue/<id:pk>/preview/", preview, name="newsletters_preview"),
        path("newsletters/issue/<id:pk>/send/", SendView.as_view(), name="newsletters_send"),
    ]


@hooks.register("register_snippet_listing_buttons")
def _issue_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Issue) or not user.has_perm("newsletters.change_issue"):
        return []
    buttons = [
        Button(
            _("Preview"),
            reverse("newsletters_preview", args=[snippet.pk]),
            icon_name="view",
            priority=20,
        )
    ]
    if snippet.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
        buttons.append(
            Button(
                _("Send now"),
                reverse("newsletters_send", args=[snippet.pk]),
                icon_name="mail",
                priority=30,
            )
        )
    return buttons
