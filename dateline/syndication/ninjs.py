"""IPTC ninjs 2.x (news in JSON): agency copy in, our articles out.

Import runs in two phases so a bad item never leaves half an article behind:
`validate_item` turns one untrusted JSON value into an `ItemPlan` without
writing anything (the picture is fetched and checked here too), then
`import_item` writes the plan inside one transaction and removes any image file
it stored if that transaction fails.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape, unescape
from pathlib import Path
from typing import Any, Literal, TextIO
from urllib.error import URLError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import Request, url2pathname, urlopen

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.models import Locale, Page
from wagtail.rich_text import expand_db_html
from wagtail.utils.file import hash_filelike

from dateline.newsroom.models import ArticlePage, Author, HomePage, NewsTag, Photo, SectionPage

MAX_IMAGE_BYTES = 20 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 15
MAX_SUMMARY_POINTS = 5
MAX_POINT_CHARS = 400  # SummaryBlock's TextBlock max_length
MAX_HEADLINE_CHARS = 255
MAX_URI_CHARS = 500
MAX_TAG_CHARS = 100  # taggit's TagBase.name

PUBSTATUSES = {"usable", "withheld", "canceled"}
ALLOWED_TAGS = set("p h2 h3 h4 blockquote ul ol li a strong b em i br".split())
# Dropped with their contents, not just unwrapped: script and style, plus what
# agencies wrap whole documents or pictures in, whose text would otherwise leak
# into the story (the <title> repeats the headline, a <figure> holds a caption).
DROPPED_WITH_CONTENT = set(
    "script style title template noscript iframe object svg math figure textarea select".split()
)
LINK_SCHEMES = {"http", "https", "mailto"}
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
TAG_FIELDS = (
    ("subjects", NewsTag.Kind.TOPIC),
    ("places", NewsTag.Kind.PLACE),
    ("people", NewsTag.Kind.PERSON),
    ("organisations", NewsTag.Kind.ORGANISATION),
)
NINJS_STANDARD = {
    "name": "ninjs",
    "version": "2.0",
    "schema": "https://iptc.org/std/ninjs/ninjs-schema_2.0.json",
}

_END_OF_BODY = "dateline-end-of-agency-html"
_DROPPED_NAMES = "|".join(sorted(DROPPED_WITH_CONTENT))
_DROPPED_TAGS = re.compile(rf"<({_DROPPED_NAMES})\b", re.IGNORECASE)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BYLINE_SEPARATORS = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")
_DASHES = "—–―-"


class NinjsError(Exception):
    """One ninjs item (or file) cannot be imported; `field` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"field '{field}': {message}")
        self.field = field
        self.message = message


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


@dataclass(frozen=True)
class PicturePlan:
    data: bytes
    digest: str  # SHA-1, as Wagtail stores in Image.file_hash
    filename: str
    width: int
    height: int
    title: str
    caption: str
    credit: str
    alt: str


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


# --- Small validators ---------------------------------------------------------


def _clean_text(value: str) -> str:
    return _CONTROL_CHARS.sub("", value).strip()


def _squash(value: str) -> str:
    return " ".join(value.split())


def _string(value: Any, field: str, what: str = "value") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NinjsError(field, f"{what} must be a string")
    return _clean_text(value)


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _objects(item: dict, field: str) -> list[dict]:
    value = item.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise NinjsError(field, "must be a list")
    for number, entry in enumerate(value, 1):
        if not isinstance(entry, dict):
            raise NinjsError(field, f"entry {number} must be an object")
    return value


def _role_texts(item: dict, field: str) -> list[tuple[str, str, dict]]:
    """ninjs 2.x headlines/descriptions/bodies: [{role, value, contenttype?}]."""
    entries = []
    for number, entry in enumerate(_objects(item, field), 1):
        role = _string(entry.get("role"), field, f"entry {number} role").casefold()
        value = _string(entry.get("value"), field, f"entry {number} value")
        entries.append((role, value, entry))
    return entries


def _by_role(entries: list[tuple[str, str, dict]], *roles: str) -> tuple[str, str, dict] | None:
    for role in roles:
        for entry in entries:
            if entry[0] == role:
                return entry
    return None


def _main_or_first(entries: list[tuple[str, str, dict]], role: str) -> tuple[str, str, dict] | None:
    return _by_role(entries, role) or (entries[0] if entries else None)


def _date(item: dict, field: str) -> datetime | None:
    value = item.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise NinjsError(field, "must be an ISO 8601 date-time string")
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise NinjsError(field, f"not an ISO 8601 date-time: {value[:60]!r}") from None
    # ninjs asks for an offset; a feed that leaves it out is taken to mean UTC.
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    try:
        when.astimezone(UTC)  # the database stores UTC: year 1 or 9999 may not fit
    except OverflowError:
        raise NinjsError(field, f"date out of range: {value[:60]!r}") from None
    return when


def _content_type(entry: dict, field: str) -> str:
    value = _string(entry.get("contenttype"), field, "contenttype")
    return value.split(";")[0].strip().casefold() or "text/plain"


# --- HTML -----------------------------------------------------------------------


# Containers the body cannot keep. Unwrapped as they are, their texts would run
# together ("<h1>Big</h1><div>news</div>" -> "Bignews"), so those holding only
# inline content become paragraphs first.
_CONTAINERS = set(
    "div section article header footer main aside h1 h5 h6 pre address td th dd dt caption".split()
)
_HOLDS_BLOCKS = _CONTAINERS | set("p h2 h3 h4 blockquote ul ol li table".split())


def _paragraphs_for_containers(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for node in reversed(soup.find_all(_CONTAINERS)):  # innermost first
        if node.find(_HOLDS_BLOCKS) is None:
            node.name, node.attrs = "p", {}
    return str(soup)


def sanitise_html(html: str) -> str:
    """The agency's HTML reduced to what an article body may hold."""
    return nh3.clean(
        _paragraphs_for_containers(html),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes=LINK_SCHEMES,
        url_relative="deny",
        link_rel=None,
        strip_comments=True,
    )


_RENAME = {"strong": "b", "em": "i"}  # Wagtail's rich text stores bold and italic as <b>, <i>
_BLOCK_LEVEL = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li"}


def _rich(node: Tag, *, lists: bool) -> str:
    """Serialise a node's children as Wagtail rich text, unwrapping what it cannot hold."""
    out = []
    for child in node.children:
        if isinstance(child, NavigableString):
            out.append(escape(str(child), quote=False))
            continue
        if not isinstance(child, Tag):
            continue
        name = _RENAME.get(child.name, child.name)
        inner = _rich(child, lists=lists)
        if name == "br":
            out.append("<br/>")
        elif name == "a":
            href = (child.get("href") or "").strip()
            out.append(f'<a href="{escape(href)}">{inner}</a>' if href else inner)
        elif name in ("b", "i"):
            out.append(f"<{name}>{inner}</{name}>" if inner else "")
        elif lists and name in ("ul", "ol", "li"):
            out.append(f"<{name}>{inner}</{name}>")
        elif name in _BLOCK_LEVEL:
            out.append(f" {inner} ")  # a heading inside a list item becomes its text
        else:
            out.append(inner)
    return "".join(out)


def _text_of(node: Tag) -> str:
    """Readable text: line breaks and block boundaries become spaces, inline markup nothing."""
    parts = []
    for child in node.descendants:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and (child.name == "br" or child.name in _BLOCK_LEVEL):
            parts.append(" ")
    return _squash("".join(parts))


def _has_text(html: str) -> bool:
    return bool(BeautifulSoup(html, "html.parser").get_text().strip())


def _quote(node: Tag) -> tuple[str, str]:
    """A blockquote's text, with a trailing "— Name" line taken as the attribution."""
    parts, inline = [], []
    for child in node.children:
        if isinstance(child, Tag) and child.name in _BLOCK_LEVEL:
            parts.append(_squash("".join(inline)))
            inline = []
            parts.append(_text_of(child))
        elif isinstance(child, Tag) and child.name == "br":
            parts.append(_squash("".join(inline)))
            inline = []
        elif isinstance(child, Tag | NavigableString):
            inline.append(child.get_text() if isinstance(child, Tag) else str(child))
    parts.append(_squash("".join(inline)))
    lines = [part for part in parts if part]
    attribution = ""
    if len(lines) > 1 and lines[-1][0] in _DASHES:
        attribution = lines.pop().lstrip(_DASHES + " ").strip()
    return "\n".join(lines), attribution


def html_to_blocks(html: str) -> list[tuple[str, Any]]:
    """Sanitised HTML as body blocks: headings become subheadings, blockquotes
    quotes, and each run of paragraphs and lists one rich text block."""
    soup = BeautifulSoup(sanitise_html(html), "html.parser")
    blocks: list[tuple[str, Any]] = []
    rich: list[str] = []
    inline: list[str] = []

    def end_inline() -> None:
        text = "".join(inline).strip()
        inline.clear()
        if text and _has_text(text):
            rich.append(f"<p>{text}</p>")

    def end_rich() -> None:
        end_inline()
        if rich:
            blocks.append(("paragraph", "".join(rich)))
            rich.clear()

    for node in list(soup.contents):
        if isinstance(node, NavigableString):
            inline.append(escape(str(node), quote=False))
        elif not isinstance(node, Tag):
            continue
        elif node.name in ("h2", "h3", "h4"):
            end_rich()
            if text := _text_of(node):
                blocks.append(("subheading", text))
        elif node.name == "blockquote":
            end_rich()
            quote, attribution = _quote(node)
            if quote:
                blocks.append(("quote", {"quote": quote, "attribution": attribution}))
        elif node.name == "p":
            end_inline()
            inner = _rich(node, lists=False).strip()
            if _has_text(inner):
                rich.append(f"<p>{inner}</p>")
        elif node.name in ("ul", "ol", "li"):
            end_inline()
            listing = _rich(_wrap(node), lists=True)
            if _has_text(listing):
                rich.append(listing)
        else:
            inline.append(_rich(_wrap(node), lists=False))
    end_rich()
    return blocks


def _wrap(node: Tag) -> Tag:
    """A throwaway parent so `_rich` serialises the node itself, not just its children."""
    holder = BeautifulSoup("<div></div>", "html.parser").div
    if node.name == "li":  # a stray list item outside any list
        listing = BeautifulSoup("<ul></ul>", "html.parser").ul
        listing.append(node)
        node = listing
    holder.append(node)
    return holder


def text_to_blocks(text: str) -> list[tuple[str, Any]]:
    """Plain text: paragraphs split on blank lines, escaped, in one rich text block."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    html = "".join(
        "<p>{}</p>".format(
            "<br/>".join(escape(line.strip(), quote=False) for line in p.split("\n"))
        )
        for p in paragraphs
        if p
    )
    return [("paragraph", html)] if html else []


def check_closed(html: str, field_name: str, clean: Callable[[str], str]) -> None:
    """Refuse HTML whose end would vanish when cleaned: an element dropped with
    its content (<textarea>, <select>, <noscript>...) left open takes the rest of
    the story with it, silently. `clean` is the cleaning the HTML goes through."""
    if _END_OF_BODY in clean(f"{html}<p>{_END_OF_BODY}</p>"):
        return
    opened = _DROPPED_TAGS.findall(html)
    culprit = f"<{opened[-1].lower()}>" if opened else "a tag, quote or comment"
    raise NinjsError(
        field_name,
        f"{culprit} is never closed, so everything after it would be lost; close it or remove it",
    )


def html_to_text(html: str) -> str:
    """Text of an HTML description, one line per paragraph."""
    marked = re.sub(r"(?i)<\s*(br|/p|/li|/h\d|/div)\b[^>]*>", "\n", html)
    return unescape(nh3.clean(marked, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT))


def _block_text(block: tuple[str, Any]) -> str:
    kind, value = block
    if kind == "quote":
        return value["quote"]
    if kind == "paragraph":
        soup = BeautifulSoup(value, "html.parser")
        return "\n".join(_text_of(p) for p in soup.find_all(["p", "li"]))
    return str(value)


# --- Validation -------------------------------------------------------------------


def validate_item(
    item: Any, *, base_dir: Path | None = None, section_path: str | None = None
) -> ItemPlan:
    """Check one ninjs item and resolve what it refers to, writing nothing."""
    if not isinstance(item, dict):
        raise NinjsError("item", "must be a JSON object")
    warnings: list[str] = []

    uri = _string(item.get("uri"), "uri")
    if not uri:
        raise NinjsError("uri", "is required")
    if len(uri) > MAX_URI_CHARS:
        raise NinjsError("uri", f"is longer than {MAX_URI_CHARS} characters")
    if item.get("type") not in (None, "text"):
        raise NinjsError("type", f"only text items can be imported, not {item.get('type')!r}")

    headlines = [h for h in _role_texts(item, "headlines") if h[1]]
    if not headlines:
        raise NinjsError("headlines", "at least one headline is required")
    title = _squash(_main_or_first(headlines, "main")[1])
    if len(title) > MAX_HEADLINE_CHARS:
        raise NinjsError(
            "headlines", f"the headline is longer than {MAX_HEADLINE_CHARS} characters"
        )
    social = _by_role(headlines, "short", "social")
    social_headline = _squash(social[1]) if social else ""
    limit = ArticlePage._meta.get_field("social_headline").max_length
    if len(social_headline) > limit:
        warnings.append(f"short headline cut to {limit} characters")
        social_headline = _truncate(social_headline, limit)

    body = _body(item)
    summary = _summary(item)
    if not body and not summary:
        raise NinjsError("bodies", "a body or a description is required")
    if not summary:
        # The article needs at least one summary point; the opening paragraph serves.
        opening = next((line for line in _block_text(body[0]).splitlines() if line.strip()), "")
        summary = [_truncate(_squash(opening), MAX_POINT_CHARS) or title]

    first = _date(item, "firstcreated")
    version = _date(item, "versioncreated")
    # Not to be published before this time, whatever --publish or an editor says.
    embargoed = _date(item, "embargoed")
    pubstatus = _string(item.get("pubstatus"), "pubstatus").casefold() or "usable"
    if pubstatus == "cancelled":
        pubstatus = "canceled"
    if pubstatus not in PUBSTATUSES:
        raise NinjsError("pubstatus", f"must be one of {', '.join(sorted(PUBSTATUSES))}")

    locale = _locale(item)
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        raise NinjsError("language", f"there is no {locale.language_code!r} edition")
    existing = ArticlePage.objects.filter(ninjs_uri=uri).first()
    if existing and existing.locale_id != locale.pk:
        raise NinjsError(
            "language", f"this uri was imported into the {existing.locale.language_code!r} edition"
        )

    subjects = _objects(item, "subjects")
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
        picture = _picture(item, base_dir, title, warnings)

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
    bodies = [b for b in _role_texts(item, "bodies") if b[1]]
    if not bodies:
        return []
    readable = [b for b in bodies if _content_type(b[2], "bodies") in ("text/html", "text/plain")]
    chosen = _by_role(bodies, "main") or (readable[0] if readable else bodies[0])
    content_type = _content_type(chosen[2], "bodies")
    if content_type == "text/html":
        check_closed(chosen[1], "bodies", sanitise_html)
        return html_to_blocks(chosen[1])
    if content_type == "text/plain":
        return text_to_blocks(chosen[1])
    raise NinjsError("bodies", f"unsupported contenttype {content_type!r}")


def _summary(item: dict) -> list[str]:
    descriptions = [d for d in _role_texts(item, "descriptions") if d[1]]
    chosen = _main_or_first(descriptions, "summary")
    if chosen is None:
        return []
    text = chosen[1]
    if _content_type(chosen[2], "descriptions") == "text/html":
        check_closed(text, "descriptions", html_to_text)
        text = html_to_text(text)
    lines = [_squash(line) for line in text.splitlines()]
    return [_truncate(line, MAX_POINT_CHARS) for line in lines if line][:MAX_SUMMARY_POINTS]


def _locale(item: dict) -> Locale:
    value = _string(item.get("language"), "language").replace("_", "-").casefold()
    if not value:
        try:
            return Locale.get_default()
        except Locale.DoesNotExist:
            raise NinjsError("language", "no language given and no default edition") from None
    if not _LANGUAGE.match(value):
        raise NinjsError("language", f"not a language tag: {value[:20]!r}")
    # "en-GB" files into the "en" edition unless a regional one exists.
    for code in (value, value.split("-")[0]):
        if locale := Locale.objects.filter(language_code=code).first():
            return locale
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
            if isinstance(subject.get(key), str) and subject[key].strip():
                keys.add(subject[key].strip().casefold())
        if isinstance(subject.get("name"), str) and (slug := slugify(subject["name"])):
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
    byline = re.sub(r"^by\s+", "", _string(item.get("by"), "by"), flags=re.IGNORECASE)
    authors: list[Author] = []
    others: list[str] = []
    for name in _BYLINE_SEPARATORS.split(byline):
        name = _squash(name)
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
    return authors, _truncate(", ".join(others), 255)


# ninjs item fields that credit the agency, and the article fields they fill.
RIGHTS_FIELDS = {
    "copyrightholder": ("copyright_holder", 255),
    "copyrightnotice": ("copyright_notice", 500),
    "usageterms": ("usage_terms", 500),
}


def _rights(item: dict) -> dict[str, str]:
    return {
        field: _truncate(_squash(_string(item.get(key), key)), limit)
        for key, (field, limit) in RIGHTS_FIELDS.items()
    }


def _tags(item: dict, subjects: list[dict], warnings: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for field_name, kind in TAG_FIELDS:
        entries = subjects if field_name == "subjects" else _objects(item, field_name)
        for number, entry in enumerate(entries, 1):
            name = _string(entry.get("name"), field_name, f"entry {number} name")
            found.append((_squash(name), kind))
        if field_name == "subjects":
            keywords = item.get("keywords") or []
            if not isinstance(keywords, list):
                raise NinjsError("keywords", "must be a list of strings")
            for number, keyword in enumerate(keywords, 1):
                found.append((_squash(_string(keyword, "keywords", f"entry {number}")), kind))
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


# --- Pictures -----------------------------------------------------------------------


def _associations(item: dict) -> list[dict]:
    value = item.get("associations")
    if value is None:
        return []
    if isinstance(value, dict):  # ninjs 2.0: {name: item}
        entries = list(value.values())
    elif isinstance(value, list):  # ninjs 2.1: [{name, ...}]
        entries = value
    else:
        raise NinjsError("associations", "must be an object or a list")
    if not all(isinstance(entry, dict) for entry in entries):
        raise NinjsError("associations", "every association must be an object")
    return entries


def _rendition_href(picture: dict) -> str:
    renditions = picture.get("renditions")
    if isinstance(renditions, dict):
        named = [(name, r) for name, r in renditions.items()]
    elif isinstance(renditions, list):
        named = [(r.get("name") if isinstance(r, dict) else None, r) for r in renditions]
    elif renditions is None:
        return ""
    else:
        raise NinjsError("associations", "renditions must be an object or a list")
    usable = [
        (name, r) for name, r in named if isinstance(r, dict) and isinstance(r.get("href"), str)
    ]
    usable = [(name, r) for name, r in usable if r["href"].strip()]
    for name, rendition in usable:
        if name == "original":
            return rendition["href"].strip()

    def area(rendition: dict) -> float:
        width, height = rendition.get("width"), rendition.get("height")
        numbers = all(
            isinstance(n, int | float) and not isinstance(n, bool) for n in (width, height)
        )
        return width * height if numbers else 0

    best = max(usable, key=lambda pair: area(pair[1]), default=None)
    return best[1]["href"].strip() if best else ""


def _picture(
    item: dict, base_dir: Path | None, title: str, warnings: list[str]
) -> PicturePlan | None:
    picture = next((a for a in _associations(item) if a.get("type") == "picture"), None)
    if picture is None:
        return None
    href = _rendition_href(picture)
    if not href:
        warnings.append("the picture has no rendition with an href; imported without it")
        return None
    headlines = [h for h in _role_texts(picture, "headlines") if h[1]]
    descriptions = [d for d in _role_texts(picture, "descriptions") if d[1]]
    headline = _squash(_main_or_first(headlines, "main")[1]) if headlines else ""
    caption_entry = _by_role(descriptions, "caption") or next(
        (d for d in descriptions if d[0] != "alt"), None
    )
    caption = _squash(caption_entry[1]) if caption_entry else headline
    alt_entry = _by_role(descriptions, "alt")
    alt = _squash(alt_entry[1]) if alt_entry else headline or caption
    credit = ""
    for key in ("creditline", "copyrightholder", "by"):
        if credit := _squash(_string(picture.get(key), "associations", key)):
            break
    if not alt:
        # A lead photo must be described for readers who cannot see it.
        warnings.append("the picture has no alt text, headline or caption; imported without it")
        return None
    data = _read_href(href, base_dir)
    extension, width, height = _check_image(data)
    stem = slugify(Path(unquote(urlsplit(href).path)).stem)[:60] or "ninjs-picture"
    return PicturePlan(
        data=data,
        digest=hash_filelike(io.BytesIO(data)),
        filename=f"{stem}.{extension}",
        width=width,
        height=height,
        title=_truncate(headline or caption or title, 255),
        caption=_truncate(caption, 500),
        credit=_truncate(credit, 255),
        alt=_truncate(alt, 255),  # Wagtail's Image.description; the article allows 400
    )


def _read_href(href: str, base_dir: Path | None) -> bytes:
    parts = urlsplit(href)
    scheme = parts.scheme.casefold()
    try:
        if scheme in ("http", "https"):
            return _download(href)
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise NinjsError("associations", f"file:// URL on another host: {href[:100]}")
            path = Path(url2pathname(parts.path))
        elif scheme and len(scheme) > 1:  # one letter is a Windows drive, not a scheme
            raise NinjsError("associations", f"unsupported picture URL scheme {scheme!r}")
        else:
            path = (base_dir or Path.cwd()) / href
        with path.open("rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise NinjsError("associations", f"cannot read picture {href[:100]!r}: {exc}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise NinjsError("associations", "the picture is larger than 20 MB")
    return data


def _download(url: str) -> bytes:
    request = Request(url, headers={"User-Agent": "Dateline ninjs importer"})
    try:
        with urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_IMAGE_BYTES:
                raise NinjsError("associations", "the picture is larger than 20 MB")
            data = response.read(MAX_IMAGE_BYTES + 1)
    except (URLError, OSError, ValueError) as exc:
        raise NinjsError("associations", f"cannot download picture {url[:100]!r}: {exc}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise NinjsError("associations", "the picture is larger than 20 MB")
    return data


def _check_image(data: bytes) -> tuple[str, int, int]:
    """Extension, width and height of a picture Wagtail can use, or a NinjsError."""
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    # Pillow reports damaged files with many exception types; all mean "not a picture".
    except Exception as exc:
        raise NinjsError("associations", f"the picture is not a readable image: {exc}") from None
    if image_format not in IMAGE_FORMATS:
        raise NinjsError("associations", f"unsupported picture format {image_format}")
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise NinjsError("associations", "the picture has too many pixels")
    return IMAGE_FORMATS[image_format], width, height


# --- Writing ----------------------------------------------------------------------------

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


# --- Files, folders and stdin ----------------------------------------------------------------


@dataclass
class ItemOutcome:
    """What became of one item (or of a whole file that could not be read)."""

    source: str
    index: int | None
    uri: str | None
    result: ImportResult | None = None
    error: NinjsError | None = None

    def describe(self) -> str:
        where = self.source if self.index is None else f"{self.source} item {self.index}"
        if self.uri:
            where += f" (uri {self.uri})"
        if self.error is None:
            return where
        if self.error.field == "file":
            return f"{where}: {self.error.message}"
        return f"{where}: {self.error}"


def _sources(paths: Sequence[str], stdin: TextIO) -> Iterator[tuple[str, Path | None, Any]]:
    """(label, folder for relative picture paths, parsed JSON or a NinjsError)."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", None, _parse("<stdin>", stdin.read)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.glob("*.json") if p.is_file())
            if not files:
                yield raw, None, NinjsError("file", "no *.json files in this folder")
            for file in files:
                yield str(file), file.parent, _parse(str(file), file.read_bytes)
        else:
            yield raw, path.parent, _parse(raw, path.read_bytes)


def _parse(label: str, read: Callable[[], str | bytes]) -> Any:
    try:
        return json.loads(read())
    except OSError as exc:
        return NinjsError("file", f"cannot read {label}: {exc.strerror or exc}")
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and bad UTF-8 are ValueErrors
        return NinjsError("file", f"{label} is not valid JSON: {exc}")


def import_paths(
    paths: Sequence[str],
    *,
    section_path: str | None = None,
    publish: bool = False,
    stdin: TextIO | None = None,
) -> Iterator[ItemOutcome]:
    """Import every item in the given files, folders (their *.json files, sorted)
    and "-" (stdin). A file holds one item or a JSON list of items; a bad item is
    reported and the rest go on."""
    for label, base_dir, parsed in _sources(paths, stdin or sys.stdin):
        if isinstance(parsed, NinjsError):
            yield ItemOutcome(source=label, index=None, uri=None, error=parsed)
            continue
        items: Iterable[Any] = parsed if isinstance(parsed, list) else [parsed]
        for index, item in enumerate(items, 1):
            uri = item.get("uri") if isinstance(item, dict) else None
            outcome = ItemOutcome(
                source=label, index=index, uri=uri if isinstance(uri, str) else None
            )
            try:
                outcome.result = import_item(
                    item,
                    base_dir=base_dir,
                    section_path=section_path,
                    publish=publish,
                    source=label,
                )
            except NinjsError as exc:
                outcome.error = exc
            yield outcome


# --- Export -----------------------------------------------------------------------------------


def _absolutizer(article: ArticlePage, request: HttpRequest | None) -> Callable[[str], str]:
    if request is not None:
        return request.build_absolute_uri
    site = article.get_site()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return lambda url: urljoin(base.rstrip("/") + "/", url)


def _absolute_links(html: str, absolute: Callable[[str], str]) -> str:
    """Syndicated HTML leaves our site, so page and media links must carry the host."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(href=True) + soup.find_all(src=True):
        for attr in ("href", "src"):
            value = node.get(attr)
            if value and not urlsplit(value).scheme and not value.startswith("#"):
                node[attr] = absolute(value)
    return str(soup)


def _tag_uri(article: ArticlePage, what: str, pk: int) -> str:
    site = article.get_site()
    host = site.hostname if site else urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname
    when = article.first_published_at or article.latest_revision_created_at
    year = when.year if when else datetime.now(UTC).year
    return f"tag:{host},{year}:dateline/{what}/{pk}"


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def body_html(article: ArticlePage, absolute: Callable[[str], str]) -> str:
    """The body blocks as plain HTML for other sites: rich text expanded, links absolute."""
    parts = []
    for block in article.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            parts.append(expand_db_html(value.source))
        elif kind == "subheading":
            parts.append(f"<h2>{escape(value)}</h2>")
        elif kind == "quote":
            lines = "".join(
                f"<p>{escape(line)}</p>" for line in value["quote"].splitlines() if line
            )
            if value["attribution"]:
                lines += f"<p>— {escape(value['attribution'])}</p>"
            parts.append(f"<blockquote>{lines}</blockquote>")
        elif kind == "image" and value["image"]:
            image = value["image"]
            alt = value["alt"] or image.description
            credit = value["credit"] or image.credit
            caption = " ".join(escape(t) for t in (value["caption"], credit) if t)
            parts.append(
                f'<figure><img src="{escape(image.file.url)}" alt="{escape(alt)}">'
                + (f"<figcaption>{caption}</figcaption>" if caption else "")
                + "</figure>"
            )
        elif kind == "related_article" and value["article"] and value["article"].live:
            related = value["article"]
            label = value["label"] or related.title
            parts.append(f'<p><a href="{escape(related.url or "")}">{escape(label)}</a></p>')
        elif kind == "audio" and value["audio"]:
            parts.append(
                f'<p><a href="{escape(value["audio"].url)}">{escape(value["title"])}</a></p>'
            )
        elif kind == "embed":
            label = value["description"] or value["source"] or value["url"]
            parts.append(f'<p><a href="{escape(value["url"])}">{escape(label)}</a></p>')
    return _absolute_links("".join(parts), absolute)


def article_to_ninjs(article: ArticlePage, request: HttpRequest | None = None) -> dict[str, Any]:
    """An article as a ninjs 2.0 text item."""
    absolute = _absolutizer(article, request)
    version_created = (
        article.updated_at
        if article.is_updated
        else article.last_published_at or article.first_published_at
    )
    item: dict[str, Any] = {
        "standard": NINJS_STANDARD,
        "uri": article.ninjs_uri or _tag_uri(article, "article", article.pk),
        "type": "text",
        "version": str(article.live_revision_id or article.latest_revision_id or 1),
        "firstcreated": _iso(article.first_published_at),
        "versioncreated": _iso(version_created),
        "language": article.locale.language_code,
        "pubstatus": "usable" if article.live else "withheld",
        "headlines": [{"role": "main", "value": article.title}],
        "descriptions": [
            {
                "role": "summary",
                "contenttype": "text/plain",
                "value": "\n".join(article.summary_points),
            }
        ],
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": body_html(article, absolute)}
        ],
    }
    if article.under_embargo:
        item["embargoed"] = _iso(article.embargo_until)
    if article.social_headline:
        item["headlines"].append({"role": "short", "value": article.social_headline})
    if names := [author.name for author in article.authors.all()] + article.byline_names:
        item["by"] = ", ".join(names)
    for key, (name, _limit) in RIGHTS_FIELDS.items():
        if value := getattr(article, name):
            item[key] = value
    by_kind: dict[str, list[dict[str, str]]] = {}
    for tag in article.tags.all():
        by_kind.setdefault(tag.kind, []).append({"name": tag.name})
    for field_name, kind in TAG_FIELDS:
        if by_kind.get(kind):
            item[field_name] = by_kind[kind]
    if photo := article.lead_image:
        picture: dict[str, Any] = {
            "uri": _tag_uri(article, "photo", photo.pk),
            "type": "picture",
            "headlines": [{"role": "main", "value": photo.title}],
            "renditions": {
                "original": {
                    "href": absolute(photo.file.url),
                    "width": photo.width,
                    "height": photo.height,
                }
            },
        }
        descriptions = []
        if caption := article.display_caption:
            descriptions.append({"role": "caption", "value": caption})
        if alt := article.display_alt:
            descriptions.append({"role": "alt", "value": alt})
        if descriptions:
            picture["descriptions"] = descriptions
        if credit := article.display_credit:
            picture["creditline"] = credit
        item["associations"] = {"featureimage": picture}
    return {key: value for key, value in item.items() if value is not None}


def ninjs_response(article: ArticlePage, request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        article_to_ninjs(article, request),
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
