"""The moderation queue: pending comments newest first, each whole, with its
article and what its author had approved and refused before; approve, reject,
mark spam or ban with one click, or one key (comments/queue.js: j/k move,
a/r/s act). Without JavaScript every action is a plain form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .bans import MAX_DAYS, ban
from .models import Comment

PER_PAGE = 50
STATUS_OF = {
    "approve": Comment.Status.APPROVED,
    "reject": Comment.Status.REJECTED,
    "spam": Comment.Status.SPAM,
}


def may_moderate(user) -> bool:
    return user.has_perm("comments.change_comment")


def history_of(comments) -> dict[str, dict[str, int]]:
    """Per email: how many of its comments were approved, rejected or spam,
    in one query for the whole page."""
    emails = {c.email.lower() for c in comments if c.email}
    history: dict[str, dict[str, int]] = {email: {} for email in emails}
    if emails:
        rows = (
            Comment.objects.filter(email__in=emails)
            .exclude(status=Comment.Status.PENDING)
            .values("email", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            history.setdefault(row["email"].lower(), {})[row["status"]] = row["n"]
    return history


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Moderation queue")
    header_icon = "comment"
    template_name = "comments/admin/queue.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = Comment.objects.filter(status=Comment.Status.PENDING)
        comments = list(
            pending.select_related("article", "parent").order_by("-created_at", "-pk")[:PER_PAGE]
        )
        history = history_of(comments)
        for comment in comments:
            past = history.get(comment.email.lower(), {}) if comment.email else {}
            comment.approved_before = past.get(Comment.Status.APPROVED, 0)
            comment.refused_before = past.get(Comment.Status.REJECTED, 0)
            comment.spam_before = past.get(Comment.Status.SPAM, 0)
        context.update(
            comments=comments,
            total=pending.count() if len(comments) == PER_PAGE else len(comments),
            max_days=MAX_DAYS,
        )
        return context


@require_POST
def act(request, comment_id: int, action: str):
    """One comment approved, rejected, marked spam, or its author banned (and
    the comment rejected). Answers JSON to the queue's script, else goes back
    to the queue with a message."""
    if not may_moderate(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=comment_id)
    if action == "ban":
        try:
            days = int(request.POST.get("days", "7"))
        except ValueError:
            days = 0
        if not 1 <= days <= MAX_DAYS:
            message = _("Ban for 1 to %(max)d days.") % {"max": MAX_DAYS}
            return _answer(request, comment, message, ok=False)
        ban(comment, days, request.user)
        comment.set_status(Comment.Status.REJECTED, request.user)
        message = _("%(name)s is banned for %(days)d days; the comment is rejected.") % {
            "name": comment.name,
            "days": days,
        }
        return _answer(request, comment, message)
    if action not in STATUS_OF:
        return _answer(request, comment, _("Unknown action."), ok=False)
    comment.set_status(STATUS_OF[action], request.user)
    message = _("Comment by %(name)s: %(status)s.") % {
        "name": comment.name,
        "status": comment.get_status_display(),
    }
    return _answer(request, comment, message)


def _answer(request, comment, message: str, ok: bool = True):
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {"ok": ok, "id": comment.pk, "status": comment.status, "message": message},
            status=200 if ok else 400,
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect("comments_queue")
