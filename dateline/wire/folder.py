"""A drop folder agencies (or their FTP accounts) write ninjs files into.

DIR/*.json are items of no known agency; DIR/<agency-slug>/*.json are that
agency's (made on first sight). Each file taken in moves to `received/` beside
it; a refused one to `failed/`, with a `.error.txt` that names the field. A
file changed in the last second may still be being written: it waits for the
next pass. Pictures the items refer to by relative path stay where they are.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from .models import Agency
from .receive import NinjsError, receive

logger = logging.getLogger(__name__)

SETTLE_SECONDS = 1.0
DONE, FAILED = "received", "failed"


@dataclass
class Pass:
    taken: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def take_in_folder(root, *, settle: float = SETTLE_SECONDS) -> Pass:
    root = Path(root)
    done = Pass()
    if not root.is_dir():
        logger.warning("Wire folder %s does not exist", root)
        return done
    folders = [(root, None)] + [
        (sub, sub.name)
        for sub in sorted(root.iterdir())
        if sub.is_dir() and sub.name not in (DONE, FAILED) and not sub.name.startswith(".")
    ]
    now = time.time()
    for folder, slug in folders:
        files = sorted(p for p in folder.glob("*.json") if p.is_file())
        ready = [p for p in files if now - p.stat().st_mtime >= settle]
        if not ready:
            continue
        agency = _agency(slug) if slug else None
        for path in ready:
            _take(path, agency, done)
    return done


def _agency(slug: str) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        slug=slugify(slug)[:100] or "agency",
        # Renamed under Snippets > Agencies if the folder's name is not the agency's.
        defaults={"name": slug.replace("-", " ").replace("_", " ").title()},
    )
    return agency


def _take(path: Path, agency: Agency | None, done: Pass) -> None:
    try:
        payload = json.loads(path.read_bytes())
        received = receive(
            payload, agency=agency, source=f"folder {path.name}", base_dir=path.parent
        )
    except (ValueError, NinjsError) as error:
        reason = (
            f"{error.path}: {error.message}"
            if isinstance(error, NinjsError)
            else f"not JSON: {error}"
        )
        _move(path, FAILED, note=reason)
        done.failed.append(f"{path.name}: {reason}")
        return
    _move(path, DONE)
    (done.taken if received.created else done.duplicates).append(path.name)


def _move(path: Path, where: str, note: str = "") -> None:
    target = path.parent / where
    target.mkdir(exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    name = f"{stamp}-{path.name}"
    path.rename(target / name)
    if note:
        (target / f"{name}.error.txt").write_text(note + "\n")


def watch(root, *, interval: float = 2.0, once: bool = False) -> None:
    while True:
        result = take_in_folder(root)
        for name in result.taken:
            logger.info("wire: took in %s", name)
        for line in result.failed:
            logger.warning("wire: refused %s", line)
        if once:
            return
        time.sleep(interval)
