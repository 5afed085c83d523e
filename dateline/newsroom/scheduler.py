"""The scheduler's periodic jobs: a registry that apps add their jobs to.

The newsroom registers scheduled publishing (every pass); features register
their own housekeeping from their AppConfig.ready(), so the content core needs
to know none of them. `run_scheduler` and the scheduler thread inside `serve`
both run whatever is registered here.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    every: float  # seconds between runs; 0: every pass


_jobs: dict[str, Job] = {}


def register_job(name: str, run: Callable[[], object], *, every: float = 0) -> None:
    """Run `run()` on the scheduler's first pass, then once `every` seconds have
    passed. Registering a name again replaces its job (ready() may run twice)."""
    _jobs[name] = Job(name, run, every)


def registered_jobs() -> list[Job]:
    return list(_jobs.values())


class Runner:
    """Remembers when each job last ran, and runs those that are due."""

    def __init__(self, jobs: list[Job] | None = None):
        self.jobs = registered_jobs() if jobs is None else jobs
        self.last_run: dict[str, float] = {}
        self.failed: list[str] = []  # the jobs that failed on the last pass

    def run_due(self, now: float | None = None) -> list[str]:
        """Run the jobs that are due, in the order they were registered; return
        their names. A job that fails is logged and does not stop the others:
        one broken clean-up must not hold back scheduled stories."""
        now = time.monotonic() if now is None else now
        ran, self.failed = [], []
        for job in self.jobs:
            last = self.last_run.get(job.name)
            if last is not None and now - last < job.every:
                continue
            try:
                job.run()
            except Exception:
                logger.exception("Scheduler job %s failed", job.name)
                self.failed.append(job.name)
            self.last_run[job.name] = now
            ran.append(job.name)
        return ran


def run(interval: float, *, once: bool = False) -> list[str]:
    """Run due jobs now and every `interval` seconds; with `once`, one pass,
    returning the names of the jobs that failed in it."""
    runner = Runner()
    while True:
        runner.run_due()
        if once:
            return runner.failed
        time.sleep(interval)
