"""Publishing rewrites the mirror: every purge batch (dateline.caching.purge)
names the URLs a publish, unpublish or move changed, and the configured mirror
gets those files rewritten, at once (DATELINE_MIRROR_ON_PUBLISH) or by the next
`python -m dateline mirror sync`, which reads the journal kept here."""

import logging
import os
from pathlib import Path

from django.conf import settings

from .build import Mirror
from .targets import target_from

logger = logging.getLogger(__name__)


def configured_target() -> str:
    """The mirror's target: a folder, or storage:ALIAS; empty when there is none."""
    if settings.DATELINE_MIRROR_DIR:
        return str(settings.DATELINE_MIRROR_DIR)
    if settings.DATELINE_MIRROR_STORAGE:
        return "storage:" + settings.DATELINE_MIRROR_STORAGE
    return ""


def configured_mirror() -> Mirror:
    base_url = settings.DATELINE_MIRROR_BASE_URL
    mirror = Mirror(target_from(configured_target()), base_url or "")
    if not base_url:  # the static tier: the mirror is the site itself
        mirror.base_url = mirror.root
    return mirror


def journal() -> Path:
    return Path(settings.DATELINE_MIRROR_JOURNAL)


def remember(urls) -> None:
    """Add urls to the journal that the next `mirror sync` reads. One write in
    append mode per batch: batches from several processes do not interleave."""
    path = journal()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as file:
        file.write("".join(url + "\n" for url in urls))


def take_journal() -> list[str]:
    """The URLs purged since the last sync, removed from the journal."""
    path = journal()
    taken = path.with_name(path.name + f".{os.getpid()}")
    try:
        os.replace(path, taken)  # later batches start a new journal
    except FileNotFoundError:
        return []
    urls = taken.read_text(encoding="utf-8").split()
    taken.unlink()
    return list(dict.fromkeys(urls))


def rewrite_after_purge(urls) -> None:
    if not configured_target():
        return
    mirror = configured_mirror()
    if not mirror.exported:
        return  # nothing to keep current until the first export
    if not settings.DATELINE_MIRROR_ON_PUBLISH:
        remember(urls)
        return
    try:
        mirror.sync(urls)
    except Exception:
        # The publish stands; the next `mirror sync` rewrites what failed here.
        logger.exception("The mirror could not be rewritten; kept for `mirror sync`")
        remember(urls)
