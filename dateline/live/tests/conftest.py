"""A real site serving a real stream: granian on 127.0.0.1 with its own data folder,
and ffmpeg writing live HLS into that folder's media. Every process started here
is bounded and stopped in teardown."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from dateline.conftest import own_site_env, running_site

# Channels besides the demo one, each with its own stream folder, so a test that
# stops or replaces a stream never disturbs another test's.
EXTRA_CHANNELS = """
from datetime import time
from dateline.live.models import Channel, WeeklySlot
for slug, name in [("stoppable", "Stoppable"), ("packaged", "Packaged feed")]:
    channel = Channel.objects.create(name=name, slug=slug, time_zone="UTC")
    WeeklySlot.objects.create(
        channel=channel, start_time=time(0), end_time=time(0), title="All day"
    )
"""


@dataclass
class LiveSite:
    url: str
    data_dir: Path
    env: dict

    @property
    def media(self) -> Path:
        return self.data_dir / "media"

    def folder(self, slug: str) -> Path:
        return self.media / "live" / slug

    def command(self, *args) -> list[str]:
        return [sys.executable, "-m", "dateline", *args]


def needs_ffmpeg():
    if not Path("/usr/bin/ffmpeg").exists() and not os.environ.get("FFMPEG"):
        pytest.fail("ffmpeg is missing: run `apt-get install ffmpeg` (.ci/run does)")


def _vendor_check():
    vendor = Path(__file__).resolve().parents[1] / "static" / "live" / "vendor" / "hls.min.js"
    if not vendor.exists():
        pytest.fail("hls.js is not in dateline/live/static/live/vendor/: run `make test`")


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    _vendor_check()
    data_dir = tmp_path_factory.mktemp("live-site")
    env = own_site_env(data_dir, TIME_ZONE="UTC")
    site = LiveSite("", data_dir, env)
    steps = [["live", "demo-channel"], ["shell", "-c", EXTRA_CHANNELS]]
    with running_site(
        data_dir, env, steps, serve_options=["--no-scheduler"], ready_path="/en/live/"
    ) as url:
        site.url = url
        yield site


def wait_for_segments(folder: Path, playlist: str, count: int, timeout: float = 30) -> None:
    path = folder / playlist
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text() if path.exists() else ""
        # An earlier run's playlist is marked ended; the new run's is not.
        if text.count("#EXTINF") >= count and "#EXT-X-ENDLIST" not in text:
            return
        time.sleep(0.25)
    raise TimeoutError(f"no {count} segments in {path} after {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the command's process group (it and its ffmpeg), then make sure."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def running_stream(site: LiveSite, slug: str, *, duration: int = 300):
    """`live test-stream` for one channel, stopped when the block ends (or after
    ``duration`` seconds whatever happens)."""
    needs_ffmpeg()
    process = subprocess.Popen(
        site.command(
            "live", "test-stream", "--channel", slug, "--duration", str(duration), "--quiet"
        ),
        env=site.env,
        start_new_session=True,
    )
    try:
        wait_for_segments(site.folder(slug), "video/index.m3u8", 3)
        yield process
    finally:
        stop(process)


@pytest.fixture(scope="session")
def demo_stream(live_site):
    """The demo channel's test stream, running for the whole session."""
    with running_stream(live_site, "dateline-tv", duration=900) as process:
        yield process
