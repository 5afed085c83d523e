"""The structural checks of a ninjs item: `schemas/ninjs-2.json`, run by jsonschema.

Each schema error becomes a NinjsError naming the item's field and the path
inside it that failed ("field 'headlines[0].value': must be a string").
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from .fields import NinjsError

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "ninjs-2.json"
MORE_ERRORS_SHOWN = 3

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TYPE_NAMES = {
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def without_nulls(value: Any) -> Any:
    """Object members that are null dropped, at any depth: exporters write
    absent fields as null, and the importer has always read them as absent."""
    if isinstance(value, dict):
        return {key: without_nulls(v) for key, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def path_of(parts: list[str | int]) -> str:
    """["headlines", 0, "value"] -> "headlines[0].value"."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text or "item"


def _located(error: ValidationError) -> tuple[list[str | int], str]:
    """Where an error is, and what is wrong there, in the importer's words."""
    parts = list(error.absolute_path)
    if error.validator == "required":
        # The message holds the missing name; the path is the object that lacks it.
        missing = next((name for name in error.validator_value if name in error.message), "")
        return [*parts, missing], "is required"
    if error.validator == "type":
        types = error.validator_value
        types = types if isinstance(types, list) else [types]
        return parts, "must be " + " or ".join(_TYPE_NAMES.get(t, t) for t in types)
    if error.validator == "enum":
        return parts, "must be one of " + ", ".join(map(str, error.validator_value))
    return parts, error.message


def check_structure(item: dict) -> None:
    """Refuse an item whose fields do not have the shape ninjs 2.x gives them."""
    found = [_located(error) for error in _validator().iter_errors(item)]
    if not found:
        return
    order = list(schema()["properties"])

    def rank(entry: tuple[list[str | int], str]) -> tuple[int, str]:
        top = entry[0][0] if entry[0] else ""
        return (order.index(top) if top in order else len(order), path_of(entry[0]))

    found.sort(key=rank)
    parts, message = found[0]
    others = [f"{path_of(p)} {m}" for p, m in found[1 : 1 + MORE_ERRORS_SHOWN]]
    if others:
        more = len(found) - 1 - len(others)
        message += "; also " + ", ".join(others) + (f" and {more} more" if more else "")
    field = parts[0] if parts and isinstance(parts[0], str) else "item"
    raise NinjsError(field, message, path_of(parts))
