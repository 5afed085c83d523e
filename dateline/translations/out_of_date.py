"""Marking translations out of date when their source is corrected or updated.

A translation is made from a snapshot of its source (wagtail-localize's
TranslationSource). When the source is published again with a new correction
or update note, a significant update, or different text to translate, each of
its translations is marked, right after the publish commits; taking the
source's text again (Sync translated pages) clears the marks.
"""

import json
from functools import partial

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from dateline.newsroom.models import ArticleNote

from .models import OutOfDate


def source_published(sender, instance, **kwargs):
    transaction.on_commit(partial(mark_translations, instance.pk))


def source_refreshed(sender, instance, **kwargs):
    OutOfDate.objects.filter(
        translation__source=instance, marked_at__lte=instance.last_updated_at
    ).delete()


def what_changed(page, source: TranslationSource) -> tuple[str | None, str]:
    """(reason, note) if the published page differs from the snapshot its
    translations were made from in a way readers would notice, else (None, "")."""
    snapshot = json.loads(source.content_json)
    known_notes = {note.get("pk") for note in snapshot.get("notes") or []}
    new_notes = [
        note
        for note in ArticleNote.objects.filter(page_id=page.pk, noted_at__isnull=False)
        if note.pk not in known_notes
    ]
    corrections = [note for note in new_notes if note.kind == ArticleNote.Kind.CORRECTION]
    if corrections:
        return OutOfDate.Reason.CORRECTION, corrections[-1].text
    if new_notes:
        return OutOfDate.Reason.UPDATE, new_notes[-1].text
    updated_at = getattr(page, "updated_at", None)
    if updated_at and updated_at > source.last_updated_at:
        return OutOfDate.Reason.UPDATE, ""
    now = {
        (segment.path, segment.string.data)
        for segment in extract_segments(page)
        if isinstance(segment, StringSegmentValue)
    }
    then = set(source.stringsegment_set.values_list("context__path", "string__data"))
    if now != then:
        return OutOfDate.Reason.UPDATE, ""
    return None, ""


def mark_translations(page_pk: int) -> int:
    """Mark the translations of the page just published, if it changed; how many."""
    page = Page.objects.filter(pk=page_pk).first()
    if page is None:
        return 0
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    if source is None:
        return 0
    translations = list(source.translations.filter(enabled=True))
    if not translations:
        return 0
    reason, note = what_changed(page.specific, source)
    if reason is None:
        return 0
    targets = {
        target.locale_id: target
        for target in Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)
    }
    marked = 0
    for translation in translations:
        target = targets.get(translation.target_locale_id)
        if target is None:
            continue
        existing = OutOfDate.objects.filter(translation=translation).first()
        if existing and existing.reason == OutOfDate.Reason.CORRECTION and not note:
            # A later plain update does not hide a correction still to translate.
            reason, note = existing.reason, existing.note
        OutOfDate.objects.update_or_create(
            translation=translation,
            defaults={
                "page": target,
                "source_page": page,
                "reason": reason,
                "note": note,
                "marked_at": timezone.now(),
            },
        )
        marked += 1
    return marked
