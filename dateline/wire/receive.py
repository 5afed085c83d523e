"""Taking in one agency item, and using it.

An item is checked as the importer checks it (dateline.ingest: the same
per-field errors) and kept whole; nothing becomes an article until an editor
uses it. Each version of an item is kept once: the same uri and version again
(a folder re-sent, a push retried) returns the item already there. A later
version of an item already used updates the article's draft when the article
is not published, and is flagged for an editor when it is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from dateline.ingest.fields import NinjsError, clean_text, objects
from dateline.ingest.html import block_text
from dateline.ingest.ninjs import import_item
from dateline.ingest.plan import ItemPlan, validate_item
from dateline.newsroom.models import ArticlePage, HomePage, SectionPage

from .models import Agency, WireItem

__all__ = ["NinjsError", "Received", "receive", "use"]


@dataclass
class Received:
    item: WireItem
    created: bool


def _version(payload: dict) -> str:
    """The item's own version, else its version time, else a digest of it."""
    for key in ("version", "versioncreated"):
        if value := clean_text(str(payload.get(key) or "")):
            return value[:100]
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


def _check(payload: Any, base_dir: Path | None) -> ItemPlan:
    """validate_item(), except that an item no section's subjects claim is
    still taken in: the editor chooses its section when using it."""
    try:
        return validate_item(payload, base_dir=base_dir)
    except NinjsError as error:
        if error.field != "subjects":
            raise
    # Checked again against a section of each edition in turn: the item's
    # own edition is the one whose section the check accepts.
    for home in HomePage.objects.live():
        section = SectionPage.objects.child_of(home).first()
        if section is None:
            continue
        try:
            plan = validate_item(payload, base_dir=base_dir, section_path=section.slug)
        except NinjsError as error:
            if error.field == "section":
                continue
            raise
        plan.section = None
        return plan
    raise NinjsError("subjects", "no section to file it in")


def _path_in(home, section) -> str:
    return section.url_path[len(home.url_path) :].strip("/")


def _remote_pictures_only(payload: Any) -> None:
    """An item from outside (a push) may not point at files on this server:
    a relative or file:// href would be read from its disk."""
    if not isinstance(payload, dict) or not isinstance(payload.get("associations"), dict):
        return
    for name, picture in payload["associations"].items():
        renditions = picture.get("renditions") if isinstance(picture, dict) else None
        for rendition in renditions.values() if isinstance(renditions, dict) else []:
            href = rendition.get("href") if isinstance(rendition, dict) else None
            if href and urlsplit(str(href)).scheme.casefold() not in ("http", "https"):
                raise NinjsError(
                    "associations",
                    "a pushed picture must be an http(s) URL",
                    path=f"associations.{name}.renditions",
                )


def receive(
    payload: Any, *, agency: Agency | None = None, source: str = "", base_dir=None
) -> Received:
    """Keep one item (raises NinjsError naming the field when it is refused).
    Without `base_dir` (a push), pictures must be remote."""
    base = Path(base_dir) if base_dir else None
    if base is None:
        _remote_pictures_only(payload)
    plan = _check(payload, base)
    version = _version(payload)
    found = WireItem.objects.filter(uri=plan.uri, version=version).first()
    if found is not None:
        return Received(found, False)

    item = WireItem(
        agency=agency,
        uri=plan.uri,
        version=version,
        language=plan.locale.language_code,
        headline=plan.title,
        byline=", ".join([a.name for a in plan.authors] + ([plan.byline] if plan.byline else [])),
        subjects=", ".join(
            name
            for subject in objects(payload, "subjects")
            if (name := clean_text(subject.get("name") or subject.get("code") or ""))
        )[:2000],
        text="\n\n".join(block_text(block) for block in plan.body),
        payload=payload,
        source=source[:300],
        base_dir=str(base or ""),
        section=plan.section,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # the same version, taken in by another process just now
        return Received(WireItem.objects.get(uri=plan.uri, version=version), False)

    # Earlier versions nobody used are superseded by this one.
    WireItem.objects.filter(uri=plan.uri, status=WireItem.Status.NEW).exclude(pk=item.pk).update(
        status=WireItem.Status.SUPERSEDED
    )
    if plan.existing is not None:
        _follow_up(item, plan.existing)
    return Received(item, True)


def _follow_up(item: WireItem, article: ArticlePage) -> None:
    """A new version of an item already used: update the draft, or flag a
    published story for an editor (never changed under the editors' feet)."""
    item.article = article
    if article.live:
        item.status = WireItem.Status.CORRECTION
    else:
        import_item(item.payload, base_dir=_base(item), source=_source(item))
        item.status = WireItem.Status.UPDATED
    item.save(update_fields=["article", "status"])


def use(item: WireItem, section: SectionPage | None = None) -> ArticlePage:
    """Make the item a draft in `section` (default: where its subjects file
    it), or a new revision of the draft it already became."""
    section = section or item.section
    section_path = None
    if section is not None and not ArticlePage.objects.filter(ninjs_uri=item.uri).exists():
        home = HomePage.objects.ancestor_of(section).first()
        section_path = _path_in(home, section)
    result = import_item(
        item.payload, base_dir=_base(item), section_path=section_path, source=_source(item)
    )
    item.article = result.page
    item.status = WireItem.Status.USED
    item.save(update_fields=["article", "status"])
    return result.page


def _base(item: WireItem) -> Path | None:
    return Path(item.base_dir) if item.base_dir else None


def _source(item: WireItem) -> str:
    return f"wire: {item.agency or 'unknown agency'}, {item.source}"
