from django import template
from django.urls import reverse

from ..desk import SUBMIT_ACTION, out_of_date

register = template.Library()


@register.inclusion_tag("translations/desk_panel.html", takes_context=True)
def desk_panel(context):
    """Above the translation editor: out of date or not, how much is
    translated, and filing it for review (which the editor itself lacks)."""
    translation, page, request = context["translation"], context["instance"], context["request"]
    total, translated = translation.get_progress()
    can_sync = request.user.has_perm("wagtail_localize.submit_translation")
    workflow = page.get_workflow() if context.get("is_page") else None
    perms = context.get("page_perms")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "mark": out_of_date(page),
        "source_locale": translation.source.locale,
        "sync_url": reverse("wagtail_localize:update_translations", args=[translation.source_id])
        + f"?next={reverse('wagtailadmin_pages:edit', args=[page.pk])}"
        if can_sync
        else "",
        "total": total,
        "translated": translated,
        "workflow": workflow,
        "workflow_state": page.current_workflow_state if workflow else None,
        "can_submit": bool(workflow and perms and perms.can_submit_for_moderation()),
        "submit_action": SUBMIT_ACTION,
    }
