"""Run publish_and_hang.py against a database and kill it mid-publish."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("publish_and_hang.py")
REPO = Path(__file__).resolve().parents[3]


def publish_and_kill(env: dict[str, str], page_id: int, new_title: str) -> int:
    """Save `new_title` as a new revision, start publishing it, SIGKILL the
    process inside the publish transaction; return the new revision's id."""
    child = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(page_id), new_title],
        env={**os.environ, **env, "PYTHONPATH": str(REPO)},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    try:
        for line in child.stdout:  # the script sleeps at most 120 s
            lines.append(line)
            if line.startswith("publishing"):
                break
        assert lines and lines[-1].strip() == "publishing in_transaction=True", (
            "".join(lines) + child.stderr.read() if child.poll() is not None else lines
        )
        child.send_signal(signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return int(re.search(r"saved revision (\d+)", "".join(lines)).group(1))
