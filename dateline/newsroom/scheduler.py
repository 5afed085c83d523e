"""The scheduler's periodic jobs: a registry that apps add their jobs to.

The newsroom registers scheduled publishing (every pass); features register
their own housekeeping from their AppConfig.ready(), so the content core needs
to know none of them. `run_scheduler` and the scheduler thread inside `serve`
both run whatever is registered here.

Every host of a cluster runs a scheduler (inside `serve`): a pass is taken by
one of them at a time (`one_at_a_time`: a PostgreSQL advisory lock, or a file
lock on the embedded default), and when each job last ran is kept in the
database (`JobRun`), so a job runs once per interval across the cluster,
never twice at once.
"""

import contextlib
import fcntl
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection

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
        now = time.time() if now is None else now
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


# The advisory lock every Dateline scheduler sharing a PostgreSQL database takes
# for a pass ("Dateline" in ASCII, as a 64-bit key).
LOCK_KEY = 0x446174656C696E65


@contextmanager
def one_at_a_time() -> Iterator[bool]:
    """Whether this scheduler holds the cluster's scheduler lock, held until the
    block ends. Never waits: a scheduler that finds it taken skips its pass.
    On PostgreSQL the lock belongs to this thread's database session, so a
    host that dies mid-pass gives it up with its connection."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    # The embedded default: one host, one database file; the lock file beside it.
    with open(settings.DATA_DIR / "scheduler.lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def run_pass(runner: Runner, now: float | None = None) -> list[str] | None:
    """One pass if this scheduler gets the lock: the jobs it ran, or None when
    another scheduler is in a pass. Jobs' last runs come from, and go to, the
    database, so another host's run counts here."""
    from .models import JobRun

    now = time.time() if now is None else now
    with one_at_a_time() as held:
        if not held:
            logger.debug("Another scheduler is running a pass: skipped.")
            return None
        runner.last_run.update(JobRun.objects.values_list("name", "ran_at"))
        ran = runner.run_due(now)
        for name in ran:
            JobRun.objects.update_or_create(name=name, defaults={"ran_at": runner.last_run[name]})
        return ran


def run(interval: float, *, once: bool = False) -> list[str]:
    """Run due jobs now and every `interval` seconds; with `once`, one pass,
    returning the names of the jobs that failed in it."""
    runner = Runner()
    while True:
        try:
            ran = run_pass(runner)
        except DatabaseError as exc:
            if once:
                raise
            # The database down or read-only (a primary lost, its replica not
            # promoted yet): the next pass tries again, on a new connection.
            logger.error("Scheduler pass skipped, the database refused it: %s", exc)
            with contextlib.suppress(DatabaseError):
                connection.close()
            ran = None
        if once:
            return runner.failed if ran is not None else []
        time.sleep(interval)
