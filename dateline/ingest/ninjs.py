"""IPTC ninjs 2.x agency copy in: one item becomes a draft (or live) article.

Import runs in two phases so a bad item never leaves half an article behind:
`validate_item` (plan.py) turns one untrusted JSON value into an `ItemPlan`
without writing anything (the picture is fetched and checked there too), then
`import_item` writes the plan inside one transaction and removes any image file
it stored if that transaction fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from dateline.newsroom.models import ArticlePage, NewsTag, Photo, SectionPage

from .fields import NinjsError
from .pictures import PicturePlan
from .plan import ItemPlan, validate_item

__all__ = ["ImportResult", "NinjsError", "import_item", "validate_item"]

Action = Literal["imported", "updated", "unpublished", "skipped"]


@dataclass
class ImportResult:
    uri: str
    action: Action
    page: ArticlePage | None
    source: str
    warnings: list[str] = field(default_factory=list)

    @property
    def live(self) -> bool:
        return bool(self.page and self.page.live)


# Model errors are reported against the ninjs field that fed the model field.
_FIELD_FOR = {
    "title": "headlines",
    "draft_title": "headlines",
    "slug": "headlines",
    "social_headline": "headlines",
    "summary": "descriptions",
    "body": "bodies",
    "lead_image": "associations",
    "lead_image_alt": "associations",
    "lead_image_caption": "associations",
    "lead_image_credit": "associations",
    "updated_at": "versioncreated",
    "first_published_at": "firstcreated",
    "embargo_until": "embargoed",
    "ninjs_uri": "uri",
    "__all__": "item",
}


def import_item(
    item: Any,
    *,
    base_dir: Path | None = None,
    section_path: str | None = None,
    publish: bool = False,
    source: str = "-",
) -> ImportResult:
    """Import one ninjs item: a new draft (or live page with `publish`), or a new
    revision of the page that already carries its uri."""
    plan = validate_item(item, base_dir=base_dir, section_path=section_path)
    stored_files: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            return _write(plan, publish=publish, source=source, stored_files=stored_files)
    except ValidationError as exc:
        _delete_files(stored_files)
        raise _as_ninjs_error(exc) from None
    except BaseException:
        # The rows are rolled back; the image files are not, so remove them here.
        _delete_files(stored_files)
        raise


def _delete_files(stored_files: list[tuple[Any, str]]) -> None:
    for storage, name in stored_files:
        storage.delete(name)


def _as_ninjs_error(exc: ValidationError) -> NinjsError:
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.message_dict.items()))
        return NinjsError(_FIELD_FOR.get(name, name), "; ".join(errors))
    return NinjsError("item", "; ".join(exc.messages))


def _write(
    plan: ItemPlan, *, publish: bool, source: str, stored_files: list[tuple[Any, str]]
) -> ImportResult:
    result = ImportResult(
        uri=plan.uri, action="imported", page=None, source=source, warnings=plan.warnings
    )
    if plan.pubstatus == "canceled":
        if plan.existing and plan.existing.live:
            plan.existing.unpublish()
            result.action, result.page = "unpublished", plan.existing
        else:
            result.action, result.page = "skipped", plan.existing
            result.warnings.append("canceled item: nothing live to take down")
        return result

    photo = _photo(plan.picture, stored_files) if plan.picture else None
    tags = [_tag(name, kind) for name, kind in plan.tags]

    if plan.existing is None:
        page = ArticlePage(
            title=plan.title,
            slug=_free_slug(plan.section, plan.title),
            locale=plan.locale,
            ninjs_uri=plan.uri,
            live=False,  # add_child would otherwise save a live page before review
        )
    else:
        # Build on the latest draft so an editor's unrelated changes survive.
        page = plan.existing.get_latest_revision_as_object()
        result.action = "updated"

    page.title = plan.title
    page.social_headline = plan.social_headline
    page.summary = [("point", point) for point in plan.summary]
    page.body = plan.body
    if plan.first_published_at:
        page.first_published_at = plan.first_published_at
    if plan.updated_at:
        page.updated_at = plan.updated_at
    elif page.updated_at and page.first_published_at and page.updated_at < page.first_published_at:
        page.updated_at = None  # an older update time would now come before publication
    if photo and plan.picture:
        page.lead_image = photo
        page.lead_image_caption = plan.picture.caption
        page.lead_image_credit = plan.picture.credit
        page.lead_image_alt = plan.picture.alt
    page.authors.set(plan.authors)
    page.byline = plan.byline
    for name, value in plan.rights.items():
        setattr(page, name, value)
    page.tags.set(tags)
    page.embargo_until = plan.embargo_until

    if plan.existing is None:
        plan.section.add_child(instance=page)
    revision = page.save_revision()
    if publish and plan.pubstatus == "usable":
        # Under embargo this schedules the page for the embargo time instead.
        revision.publish()
        if page.under_embargo:
            result.warnings.append(
                f"embargoed until {page.embargo_until.isoformat()}: scheduled to go live then"
            )
    elif plan.pubstatus == "withheld" and page.live:
        result.warnings.append("withheld: the update is saved as a draft; the live page stays")
    result.page = ArticlePage.objects.get(pk=page.pk)
    return result


def _photo(picture: PicturePlan, stored_files: list[tuple[Any, str]]) -> Photo:
    # The same picture sent again (re-import, or another story) is stored once.
    if existing := Photo.objects.filter(file_hash=picture.digest).first():
        return existing
    photo = Photo(
        title=picture.title,
        caption=picture.caption,
        credit=picture.credit,
        description=picture.alt,
        file_size=len(picture.data),
        file_hash=picture.digest,
    )
    # Store the file first so it is known (and removable) even if the row insert fails.
    photo.file.save(picture.filename, ContentFile(picture.data), save=False)
    stored_files.append((photo.file.storage, photo.file.name))
    photo.width, photo.height = picture.width, picture.height  # measured while validating
    photo.save()
    return photo


def _tag(name: str, kind: str) -> NewsTag:
    if tag := NewsTag.objects.filter(name__iexact=name).first():
        return tag
    # An ASCII slug keeps the tag page reachable at /tags/<slug>/.
    base = slugify(name)[:90] or "tag"
    slug, number = base, 1
    while NewsTag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return NewsTag.objects.create(name=name, slug=slug, kind=kind)


def _free_slug(section: SectionPage, title: str) -> str:
    base = slugify(title)[:80].strip("-") or "story"
    taken = set(Page.objects.child_of(section).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
