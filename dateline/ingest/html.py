"""Agency HTML made safe and turned into an article's body blocks."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from typing import Any

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from .fields import NinjsError, squash

ALLOWED_TAGS = set("p h2 h3 h4 blockquote ul ol li a strong b em i br".split())
# Dropped with their contents, not just unwrapped: script and style, plus what
# agencies wrap whole documents or pictures in, whose text would otherwise leak
# into the story (the <title> repeats the headline, a <figure> holds a caption).
DROPPED_WITH_CONTENT = set(
    "script style title template noscript iframe object svg math figure textarea select".split()
)
LINK_SCHEMES = {"http", "https", "mailto"}
_END_OF_BODY = "dateline-end-of-agency-html"
_DROPPED_NAMES = "|".join(sorted(DROPPED_WITH_CONTENT))
_DROPPED_TAGS = re.compile(rf"<({_DROPPED_NAMES})\b", re.IGNORECASE)
_DASHES = "—–―-"

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
    return squash("".join(parts))


def _has_text(html: str) -> bool:
    return bool(BeautifulSoup(html, "html.parser").get_text().strip())


def _quote(node: Tag) -> tuple[str, str]:
    """A blockquote's text, with a trailing "— Name" line taken as the attribution."""
    parts, inline = [], []
    for child in node.children:
        if isinstance(child, Tag) and child.name in _BLOCK_LEVEL:
            parts.append(squash("".join(inline)))
            inline = []
            parts.append(_text_of(child))
        elif isinstance(child, Tag) and child.name == "br":
            parts.append(squash("".join(inline)))
            inline = []
        elif isinstance(child, Tag | NavigableString):
            inline.append(child.get_text() if isinstance(child, Tag) else str(child))
    parts.append(squash("".join(inline)))
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


def block_text(block: tuple[str, Any]) -> str:
    kind, value = block
    if kind == "quote":
        return value["quote"]
    if kind == "paragraph":
        soup = BeautifulSoup(value, "html.parser")
        return "\n".join(_text_of(p) for p in soup.find_all(["p", "li"]))
    return str(value)
