"""The budget's views besides the viewset's own: "Start" on a line."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import PlannedStory
from .start import may_start, start_story


@require_POST
def start(request, pk: int):
    """Make the line's draft (or find it) and open Wagtail's editor on it."""
    story = get_object_or_404(PlannedStory.objects.select_related("section", "article"), pk=pk)
    if not may_start(request.user, story):
        raise PermissionDenied
    if story.article is not None:
        if not story.article.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return redirect("wagtailadmin_pages:edit", story.article.pk)
    if story.status == PlannedStory.Status.SPIKED:
        messages.error(request, _("A spiked story cannot be started."))
        return redirect("budget:index")
    if not story.section.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    draft, made = start_story(story, request.user)
    if made:
        messages.success(
            request,
            _("“%(title)s” is a draft in %(section)s now.")
            % {"title": draft.title, "section": story.section.title},
        )
    return redirect("wagtailadmin_pages:edit", draft.pk)
