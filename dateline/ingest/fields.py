"""The error an item is refused with, and readers for ninjs values whose shape
the schema (`schema.py`) has already checked."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

RoleText = tuple[str, str, dict]  # (role, value, the entry itself)


class NinjsError(Exception):
    """One ninjs item (or file) cannot be imported.

    `field` is the item's top-level field to blame (or "item", "file", "section");
    `path` is where inside it, e.g. "headlines[0].value", when it says more.
    """

    def __init__(self, field: str, message: str, path: str | None = None) -> None:
        super().__init__(f"field '{path or field}': {message}")
        self.field = field
        self.message = message
        self.path = path or field


def clean_text(value: str | None) -> str:
    return _CONTROL_CHARS.sub("", value or "").strip()


def squash(value: str) -> str:
    return " ".join(value.split())


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def objects(item: dict, field: str) -> list[dict]:
    return item.get(field) or []


def role_texts(item: dict, field: str) -> list[RoleText]:
    """ninjs 2.x headlines/descriptions/bodies: [{role, value, contenttype?}]."""
    return [
        (clean_text(entry.get("role")).casefold(), clean_text(entry.get("value")), entry)
        for entry in objects(item, field)
    ]


def by_role(entries: list[RoleText], *roles: str) -> RoleText | None:
    for role in roles:
        for entry in entries:
            if entry[0] == role:
                return entry
    return None


def main_or_first(entries: list[RoleText], role: str) -> RoleText | None:
    return by_role(entries, role) or (entries[0] if entries else None)


def date(item: dict, field: str) -> datetime | None:
    value = item.get(field)
    if value is None:
        return None
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


def content_type(entry: dict) -> str:
    value = clean_text(entry.get("contenttype"))
    return value.split(";")[0].strip().casefold() or "text/plain"
