"""Publishing rewrites the mirror: every purge batch (dateline.caching.purge)
names the URLs a publish, unpublish or move changed, and the configured mirror
gets those files rewritten, at once (DATELINE_MIRROR_ON_PUBLISH) or by the next
`python -m dateline mirror sync`, which reads the journal kept here."""

import fcntl
import logging
import os
import shlex
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

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
    mirror.on_written = reload_server
    return mirror


def reload_server() -> None:
    """Run DATELINE_MIRROR_RELOAD_COMMAND (e.g. `nginx -s reload`): the static
    tier's nginx keeps files open for up to a second, and a reload makes it
    serve the new ones at once. A failure is logged; nginx still sees the new
    files within its open_file_cache_valid."""
    command = settings.DATELINE_MIRROR_RELOAD_COMMAND
    if not command:
        return
    try:
        subprocess.run(shlex.split(command), check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        logger.warning("%s failed: %s %s", command, error, detail.decode(errors="replace"))


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


@contextmanager
def one_at_a_time():
    """One rewrite at a time on this machine (every worker process): a batch
    that starts later renders later, so its copies are never overwritten by an
    earlier batch's older ones."""
    path = Path(settings.DATELINE_MIRROR_JOURNAL).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _threads_lock, open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


_threads_lock = threading.Lock()
_running: list[threading.Thread] = []


def _rewrite(urls) -> None:
    try:
        with one_at_a_time():
            mirror = configured_mirror()
            if mirror.exported:
                mirror.sync(urls)
    except Exception:
        # The publish stands; the next `mirror sync` rewrites what failed here.
        logger.exception("The mirror could not be rewritten; kept for `mirror sync`")
        remember(urls)


def _rewrite_in_background(urls) -> None:
    try:
        _rewrite(urls)
    finally:
        connections.close_all()  # this thread's own


def rewrite_after_purge(urls) -> None:
    if not configured_target():
        return
    if not settings.DATELINE_MIRROR_ON_PUBLISH:
        if configured_mirror().exported:  # nothing to keep current before an export
            remember(urls)
        return
    if not settings.DATELINE_MIRROR_IN_BACKGROUND:
        _rewrite(urls)
        return
    # The editor's publish returns now; the story's own page is rewritten
    # first, its fronts, feeds and sitemaps after it. Not a daemon: a command
    # that publishes (the scheduler, a shell) waits for it before exiting.
    thread = threading.Thread(target=_rewrite_in_background, args=(list(urls),))
    _running[:] = [t for t in _running if t.is_alive()] + [thread]
    thread.start()


def wait() -> None:
    """Until the rewrites started so far are done."""
    for thread in list(_running):
        thread.join()
