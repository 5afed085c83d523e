"""IPTC ninjs 2.x (news in JSON) out: an article as a ninjs item, for the
article's `ninjs/` address, the export command and the feeds' HTML.

Agency copy coming in is `dateline.ingest`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from wagtail.rich_text import expand_db_html

from dateline.newsroom.models import ArticlePage

from .ninjs_fields import RIGHTS_FIELDS, TAG_FIELDS

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "2.0",
    "schema": "https://iptc.org/std/ninjs/ninjs-schema_2.0.json",
}


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
