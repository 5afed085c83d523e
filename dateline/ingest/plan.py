"""Validation: one untrusted ninjs item turned into an `ItemPlan`, writing nothing.

The schema checks the item's shape; what it cannot say (dates that parse, an
edition for the language, a section, lengths, a body that survives cleaning)
is checked here, each refusal naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils.text import slugify
from wagtail.models import Locale, Page

from dateline.newsroom.models import ArticlePage, Author, HomePage, SectionPage
from dateline.newsroom.routing import edition_languages
from dateline.syndication.ninjs_fields import RIGHTS_FIELDS, TAG_FIELDS

from .fields import (
    NinjsError,
    by_role,
    clean_text,
    content_type,
    date,
    main_or_first,
    objects,
    role_texts,
    squash,
    truncate,
)
from .html import (
    block_text,
    check_closed,
    html_to_blocks,
    html_to_text,
    sanitise_html,
    text_to_blocks,
)
from .pictures import PicturePlan, picture_plan
from .schema import check_structure, without_nulls

MAX_SUMMARY_POINTS = 5
MAX_POINT_CHARS = 400  # SummaryBlock's TextBlock max_length
MAX_HEADLINE_CHARS = 255
MAX_URI_CHARS = 500
MAX_TAG_CHARS = 100  # taggit's TagBase.name

PUBSTATUSES = {"usable", "withheld", "canceled"}
_BYLINE_SEPARATORS = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")


@dataclass
class ItemPlan:
    """A validated item: everything needed to write it, nothing written yet."""

    uri: str
    title: str
    social_headline: str
    summary: list[str]
    body: list[tuple[str, Any]]
    locale: Locale
    existing: ArticlePage | None
    section: SectionPage | None  # only for new pages
    authors: list[Author]
    byline: str  # names without an author page, as the item gave them
    rights: dict[str, str]  # copyright_holder, copyright_notice, usage_terms
    tags: list[tuple[str, str]]  # (name, NewsTag kind)
    first_published_at: datetime | None
    updated_at: datetime | None
    pubstatus: str
    picture: PicturePlan | None
    warnings: list[str]
    embargo_until: datetime | None = None


def validate_item(
    item: Any, *, base_dir: Path | None = None, section_path: str | None = None
) -> ItemPlan:
    """Check one ninjs item and resolve what it refers to, writing nothing."""
    if not isinstance(item, dict):
        raise NinjsError("item", "must be a JSON object")
    try:
        item = without_nulls(item)
    except RecursionError:  # JSON nested close to the parser's own limit
        raise NinjsError("item", "is nested too deeply") from None
    check_structure(item)
    warnings: list[str] = []

    uri = clean_text(item.get("uri"))
    if not uri:
        raise NinjsError("uri", "is required")
    if len(uri) > MAX_URI_CHARS:
        raise NinjsError("uri", f"is longer than {MAX_URI_CHARS} characters")
    if item.get("type") not in (None, "text"):
        raise NinjsError("type", f"only text items can be imported, not {item.get('type')!r}")

    headlines = [h for h in role_texts(item, "headlines") if h[1]]
    if not headlines:
        raise NinjsError("headlines", "at least one headline is required")
    title = squash(main_or_first(headlines, "main")[1])
    if len(title) > MAX_HEADLINE_CHARS:
        raise NinjsError(
            "headlines", f"the headline is longer than {MAX_HEADLINE_CHARS} characters"
        )
    social = by_role(headlines, "short", "social")
    social_headline = squash(social[1]) if social else ""
    limit = ArticlePage._meta.get_field("social_headline").max_length
    if len(social_headline) > limit:
        warnings.append(f"short headline cut to {limit} characters")
        social_headline = truncate(social_headline, limit)

    body = _body(item)
    summary = _summary(item)
    if not body and not summary:
        raise NinjsError("bodies", "a body or a description is required")
    if not summary:
        # The article needs at least one summary point; the opening paragraph serves.
        opening = next((line for line in block_text(body[0]).splitlines() if line.strip()), "")
        summary = [truncate(squash(opening), MAX_POINT_CHARS) or title]

    first = date(item, "firstcreated")
    version = date(item, "versioncreated")
    # Not to be published before this time, whatever --publish or an editor says.
    embargoed = date(item, "embargoed")
    pubstatus = clean_text(item.get("pubstatus")).casefold() or "usable"
    if pubstatus == "cancelled":
        pubstatus = "canceled"
    if pubstatus not in PUBSTATUSES:
        raise NinjsError("pubstatus", f"must be one of {', '.join(sorted(PUBSTATUSES))}")

    locale = _locale(item)
    home = HomePage.objects.live().filter(locale=locale).first()
    if home is None:
        raise NinjsError("language", f"there is no {locale.language_code!r} edition")
    existing = ArticlePage.objects.filter(ninjs_uri=uri).first()
    if existing and existing.locale_id != locale.pk:
        raise NinjsError(
            "language", f"this uri was imported into the {existing.locale.language_code!r} edition"
        )

    subjects = objects(item, "subjects")
    section = None
    if existing is None and pubstatus != "canceled":
        section = _section(home, section_path, subjects)
    elif existing is not None and section_path:
        warnings.append("--section ignored: updates stay where the article already is")

    if first is None and existing is not None:
        first = existing.first_published_at
    # Without firstcreated the first version is as close as the item gets.
    first = first or version
    updated_at = version if version and first and version > first else None

    picture = None
    if pubstatus != "canceled":
        picture = picture_plan(item, base_dir, title, warnings)

    authors, byline = _authors(item, warnings)
    return ItemPlan(
        uri=uri,
        title=title,
        social_headline=social_headline,
        summary=summary,
        body=body,
        locale=locale,
        existing=existing,
        section=section,
        authors=authors,
        byline=byline,
        rights=_rights(item),
        tags=_tags(item, subjects, warnings),
        first_published_at=first,
        updated_at=updated_at,
        pubstatus=pubstatus,
        picture=picture,
        warnings=warnings,
        embargo_until=embargoed,
    )


def _body(item: dict) -> list[tuple[str, Any]]:
    bodies = [b for b in role_texts(item, "bodies") if b[1]]
    if not bodies:
        return []
    readable = [b for b in bodies if content_type(b[2]) in ("text/html", "text/plain")]
    chosen = by_role(bodies, "main") or (readable[0] if readable else bodies[0])
    kind = content_type(chosen[2])
    if kind == "text/html":
        check_closed(chosen[1], "bodies", sanitise_html)
        return html_to_blocks(chosen[1])
    if kind == "text/plain":
        return text_to_blocks(chosen[1])
    raise NinjsError("bodies", f"unsupported contenttype {kind!r}")


def _summary(item: dict) -> list[str]:
    descriptions = [d for d in role_texts(item, "descriptions") if d[1]]
    chosen = main_or_first(descriptions, "summary")
    if chosen is None:
        return []
    text = chosen[1]
    if content_type(chosen[2]) == "text/html":
        check_closed(text, "descriptions", html_to_text)
        text = html_to_text(text)
    lines = [squash(line) for line in text.splitlines()]
    return [truncate(line, MAX_POINT_CHARS) for line in lines if line][:MAX_SUMMARY_POINTS]


def _locale(item: dict) -> Locale:
    value = clean_text(item.get("language")).replace("_", "-").casefold()
    if not value:
        try:
            return Locale.get_default()
        except Locale.DoesNotExist:
            raise NinjsError("language", "no language given and no default edition") from None
    if not _LANGUAGE.match(value):
        raise NinjsError("language", f"not a language tag: {value[:20]!r}")
    # Only a published front page makes an edition (a locale, or a front page
    # Translate left as a draft, is not one yet). "en-GB" files into the "en"
    # edition unless a regional one exists.
    editions = {code.casefold(): code for code in edition_languages()}
    for code in (value, value.split("-")[0]):
        if code in editions:
            return Locale.objects.get(language_code=editions[code])
    raise NinjsError("language", f"there is no {value!r} edition")


def _section(home: HomePage, section_path: str | None, subjects: list[dict]) -> SectionPage:
    if section_path:
        parent: Page = home
        for slug in [part for part in section_path.strip("/").split("/") if part]:
            child = SectionPage.objects.child_of(parent).filter(slug=slug).first()
            if child is None:
                raise NinjsError("section", f"no section {section_path!r} in {home.title}")
            parent = child
        if not isinstance(parent, SectionPage):
            raise NinjsError("section", f"{section_path!r} is not a section")
        return parent

    keys, slugs = set(), []
    for subject in subjects:
        for key in ("name", "code", "literal", "uri"):
            if value := clean_text(subject.get(key)):
                keys.add(value.casefold())
        if slug := slugify(subject.get("name", "")):
            slugs.append(slug)
    sections = list(SectionPage.objects.descendant_of(home).order_by("path"))
    for section in sections:
        listed = {s.strip().casefold() for s in section.ninjs_subjects.split(",") if s.strip()}
        if listed & keys:
            return section
    for section in sections:
        if section.slug in slugs:
            return section
    raise NinjsError("subjects", "no section matches the subjects; give --section")


def _authors(item: dict, warnings: list[str]) -> tuple[list[Author], str]:
    """The byline's people with an author page, and the others' names as written."""
    byline = re.sub(r"^by\s+", "", clean_text(item.get("by")), flags=re.IGNORECASE)
    authors: list[Author] = []
    others: list[str] = []
    for name in _BYLINE_SEPARATORS.split(byline):
        name = squash(name)
        if not name:
            continue
        author = Author.objects.filter(name__iexact=name).first()
        if author is None:
            if name not in others:
                others.append(name)
        elif author not in authors:
            authors.append(author)
    if others:
        warnings.append(f"no author page for {', '.join(others)!r}; shown as written")
    return authors, truncate(", ".join(others), 255)


def _rights(item: dict) -> dict[str, str]:
    return {
        field: truncate(squash(clean_text(item.get(key))), limit)
        for key, (field, limit) in RIGHTS_FIELDS.items()
    }


def _tags(item: dict, subjects: list[dict], warnings: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for field_name, kind in TAG_FIELDS:
        entries = subjects if field_name == "subjects" else objects(item, field_name)
        for entry in entries:
            found.append((squash(clean_text(entry.get("name"))), kind))
        if field_name == "subjects":
            for keyword in item.get("keywords") or []:
                found.append((squash(clean_text(keyword)), kind))
    tags, seen = [], set()
    for name, kind in found:
        # Tag names are unique regardless of kind: the first mention decides the kind.
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        if len(name) > MAX_TAG_CHARS:
            warnings.append(
                f"tag {name[:30]!r}… is longer than {MAX_TAG_CHARS} characters; left out"
            )
            continue
        tags.append((name, kind))
    return tags
