"""What the desk does with a translation besides wagtail-localize's editor:
file it for review, and say which translations are out of date."""

from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation

from .models import OutOfDate

# The name of the desk's "Submit for review" button on the translation editor.
SUBMIT_ACTION = "dateline-submit-translation"


def translation_of(page: Page) -> Translation | None:
    """The synced translation that makes this page, if it is one."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "source__locale", "target_locale")
        .first()
    )


def submit_for_review(translation: Translation, page: Page, user):
    """Save the translation as a new draft revision of its page and start the
    page's workflow on it, as Submit for review does for any article.

    The translated text goes into a revision only: wagtail-localize's own
    draft save also writes the page row, which for a live translation would
    show readers text no one has reviewed."""
    draft = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    draft.slug = find_available_slug(
        draft.get_parent(), slugify(draft.slug), ignore_page_id=draft.pk
    )
    revision = draft.save_revision(user=user, log_action=True)
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
        page.refresh_from_db()
    workflow = page.get_workflow()
    workflow.start(page, user)
    return revision


def out_of_date(page: Page) -> OutOfDate | None:
    return OutOfDate.objects.filter(page_id=page.pk).select_related("source_page").first()


def out_of_date_for(user, limit: int | None = None) -> list[OutOfDate]:
    """The out-of-date translations this user may edit, longest waiting first."""
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    marks = (
        OutOfDate.objects.filter(page__in=editable.values("pk"))
        .select_related("page", "page__locale", "source_page", "source_page__locale")
        .order_by("marked_at")
    )
    return list(marks[:limit] if limit else marks)
