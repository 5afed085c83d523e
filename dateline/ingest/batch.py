"""Files, folders and stdin: every item they hold imported, each failure reported."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .fields import NinjsError
from .ninjs import ImportResult, import_item


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
