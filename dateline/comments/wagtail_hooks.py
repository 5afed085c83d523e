"""Moderation in the Wagtail admin: newest first, filter by status, act in bulk."""

from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.newsroom.desk import DeskPanel, DeskRow, is_editor, shaped

from . import queue
from .models import Comment, CommenterBan
from .privacy import may_manage_reader_data
from .reader_data import ReaderDataView


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    add_to_admin_menu = True
    menu_order = 150
    list_display = ["excerpt", "name", "article", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["body", "name"]
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Comment.objects.select_related("article")


register_snippet(CommentViewSet)


class CommenterBanViewSet(SnippetViewSet):
    """Bans in force and when they end: shorten, lengthen or lift one (delete).
    Bans are made from the moderation queue, which knows whom they hash."""

    model = CommenterBan
    icon = "comment"
    menu_label = _("Commenter bans")
    list_display = ["kind", "until", "reason", "created_at"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    panels = [FieldPanel("until"), FieldPanel("reason")]


register_snippet(CommenterBanViewSet)


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return queue.may_moderate(request.user)


@hooks.register("register_admin_urls")
def _queue_urls():
    return [
        path("comments/queue/", queue.QueueView.as_view(), name="comments_queue"),
        path(
            "comments/queue/<int:comment_id>/<slug:action>/",
            queue.act,
            name="comments_queue_act",
        ),
    ]


@hooks.register("register_admin_menu_item")
def _queue_menu_item():
    # Beside Comments (menu_order 150): where moderators start.
    return QueueMenuItem(
        _("Moderation queue"), reverse("comments_queue"), icon_name="comment", order=149
    )


class SetStatusBulkAction(SnippetBulkAction):
    """Approve, reject or mark spam many comments at once."""

    models = [Comment]
    template_name = "comments/admin/confirm_bulk_status.html"
    status: str = ""

    def check_perm(self, comment):
        return self.request.user.has_perm("comments.change_comment")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs.get("self")
        user = user or (view.request.user if view else None)
        # Each save joins the one purge batch sent after the action's commit
        # (comments.purge); comments that never showed purge nothing.
        for comment in objects:
            comment.set_status(cls.status, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment: %(status)s.",
            "%(count)d comments: %(status)s.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "status": Comment.Status(self.status).label}


@hooks.register("register_bulk_action")
class ApproveBulkAction(SetStatusBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve selected comments")
    action_priority = 10
    status = Comment.Status.APPROVED


@hooks.register("register_bulk_action")
class RejectBulkAction(SetStatusBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject selected comments")
    action_priority = 20
    status = Comment.Status.REJECTED


@hooks.register("register_bulk_action")
class SpamBulkAction(SetStatusBulkAction):
    display_name = _("Spam")
    action_type = "spam"
    aria_label = _("Mark selected comments as spam")
    action_priority = 30
    status = Comment.Status.SPAM


# --- Readers' data requests (Administrators only) -------------------------------


class ReaderDataMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_reader_data(request.user)


@hooks.register("register_admin_urls")
def _reader_data_urls():
    return [path("reader-data/", ReaderDataView.as_view(), name="comments_reader_data")]


@hooks.register("register_settings_menu_item")
def _reader_data_menu_item():
    return ReaderDataMenuItem(
        _("Reader data requests"), reverse("comments_reader_data"), icon_name="comment", order=900
    )


# --- The newsroom dashboard -----------------------------------------------------


class PendingCommentsPanel(DeskPanel):
    name = "desk-pending-comments"
    heading = _("Pending comments")
    order = 30
    empty = _("Nothing awaits moderation.")

    def members(self):
        pending = Comment.objects.filter(status=Comment.Status.PENDING)
        label = Concat(F("name"), Value(": "), F("article__title"), output_field=CharField())
        return [shaped(pending, label=label, at=F("created_at"), order=["-created_at", "-pk"])]

    def row(self, ref, label, at, note):
        return DeskRow(label, f"{reverse('comments_queue')}#comment-{ref}", at)

    def all_url(self):
        return reverse("comments_queue")


@hooks.register("construct_homepage_panels")
def _pending_comments_panel(request, panels):
    if queue.may_moderate(request.user) and is_editor(request.user):
        panels.append(PendingCommentsPanel(request))
