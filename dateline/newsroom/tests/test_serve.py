"""`python -m dateline serve` as `make demo` runs it: granian and the scheduler."""

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dateline.conftest import own_site_env, running_site

# A stack or site of its own: the same whatever database the run uses.
pytestmark = pytest.mark.once

SCHEDULE_AN_ARTICLE = """
from datetime import timedelta
from django.utils import timezone
from dateline.newsroom.models import ArticlePage, HomePage, SectionPage
home = HomePage.objects.get()
section = home.add_child(instance=SectionPage(title="News", slug="news"))
section.save_revision().publish()
article = section.add_child(instance=ArticlePage(
    title="Scheduled story", slug="scheduled-story", live=False,
    summary=[("point", "It goes live by itself.")],
))
article.go_live_at = timezone.now() + timedelta(seconds=8)
article.save_revision().publish()
"""


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _processes_of(data_dir: Path) -> list[str]:
    """The command lines of the processes running on `data_dir`."""
    marker = f"DATELINE_DATA_DIR={data_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ValueError):
            continue
    return found


def test_serve_publishes_on_schedule_without_a_scheduler_process(tmp_path):
    env = own_site_env(tmp_path, DATELINE_SCHEDULER_INTERVAL="1")
    with running_site(tmp_path, env, [["shell", "-c", SCHEDULE_AN_ARTICLE]]) as base:
        url = base + "/en/news/scheduled-story/"
        assert _status(url) == 404
        processes = _processes_of(tmp_path)
        assert any(" serve " in line for line in processes), processes
        # The scheduler is a thread of granian's main process: a process of
        # its own held 130 MB more.
        assert not any("scheduler" in line for line in processes), processes
        deadline = time.monotonic() + 40
        while _status(url) != 200:
            assert time.monotonic() < deadline, "the scheduled article never went live"
            time.sleep(0.5)
