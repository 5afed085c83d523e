"""What the desk does with a translation besides wagtail-localize's editor:
take in one written elsewhere, file it for review, and say which translations
are out of date."""

from collections import defaultdict

from django.db.models import Q
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import (
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

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


def adopt_translation(source_page: Page, page: Page) -> Translation:
    """Track a translation that was written as a page of its own (same
    translation_key, another locale) as if the desk had made it: a snapshot of
    the source, the Translation into the page's locale, and the page's words as
    the translation of each part it shares with the source, so that correcting
    the source marks it out of date, a sync offers the new text, and the
    translation editor starts from what readers see.

    A part is shared when it sits at the same place in both pages: the same
    field, or a StreamField block with the same id (how wagtail-localize pairs
    a translated block with its source). Parts only the source has are left
    for the translator, as in a translation started from the desk."""
    # Both as stored, as the desk's Translate reads a page: an object built in
    # memory may lack what saving gave it (its notes' keys, its blocks' ids).
    source_page = Page.objects.get(pk=source_page.pk).specific
    page = Page.objects.get(pk=page.pk).specific
    source, _ = TranslationSource.get_or_create_from_instance(source_page)
    translation, _ = Translation.objects.update_or_create(
        source=source, target_locale_id=page.locale_id, defaults={"enabled": True}
    )
    written = defaultdict(list)
    for segment in extract_segments(page):
        if isinstance(segment, StringSegmentValue):
            written[segment.path].append(segment.string.data)
    parts = defaultdict(list)
    for segment in source.stringsegment_set.select_related("context", "string").order_by("order"):
        parts[segment.context.path].append(segment)
    for path, segments in parts.items():
        texts = written.get(path, [])
        if len(texts) != len(segments):
            continue
        for segment, text in zip(segments, texts, strict=True):
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale_id=page.locale_id,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    TranslationLog.objects.create(
        source=source, locale_id=page.locale_id, revision=page.get_latest_revision()
    )
    return translation


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


def editable_by(user, prefix: str = "") -> Q | None:
    """Pages the user may change or publish, as a filter on their paths (None:
    every page): used on a join, it reads only the rows it filters, where
    Wagtail's own queryset of editable pages would be a subquery over all."""
    if user.is_active and user.is_superuser:
        return None
    allowed = Q(pk__in=[])
    for perm in PagePermissionPolicy().get_cached_permissions_for_user(user):
        codename = perm.permission.codename
        if codename in ("change_page", "publish_page"):
            allowed |= Q(**{f"{prefix}path__startswith": perm.page.path})
        elif codename == "add_page":  # their own pages only
            allowed |= Q(**{f"{prefix}path__startswith": perm.page.path, f"{prefix}owner": user})
    return allowed


def out_of_date_marks(user):
    """The out-of-date translations this user may edit."""
    allowed = editable_by(user, "page__")
    return OutOfDate.objects.filter(allowed) if allowed is not None else OutOfDate.objects.all()


def out_of_date_for(user, limit: int | None = None) -> list[OutOfDate]:
    """The out-of-date translations this user may edit, longest waiting first."""
    marks = (
        out_of_date_marks(user)
        .select_related("page", "page__locale", "source_page", "source_page__locale")
        .order_by("marked_at")
    )
    return list(marks[:limit] if limit else marks)
