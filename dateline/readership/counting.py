"""Counting page views in memory and writing them out in batches.

Each process counts the beacons it answers in two dicts under a lock:
(hour, page id) -> views and (hour, page id, referring host) -> views. Every
DATELINE_READERSHIP_FLUSH_SECONDS the first beacon that finds the interval
passed hands the counts to a background thread (the beacon itself returns at
once), and whatever is left is written when the process exits.

Where the counts go:

- the embedded default (no REDIS_URL): straight to the database, one upsert
  per row that adds to what is there (`INSERT ... ON CONFLICT DO UPDATE SET
  views = views + excluded.views`, in SQLite 3.24+ and PostgreSQL alike);
- with REDIS_URL: into Redis hashes per hour (HINCRBY, one pipeline per batch),
  so every app server adds to the same counts; the scheduler's
  `readership-flush` job drains them into the database (`drain_redis`).

Only articles an anonymous reader may read are written: page ids of drafts,
private pages or pages that do not exist are dropped at the write.
"""

import atexit
import datetime
import logging
import multiprocessing.util
import threading
import time
import uuid

from django.conf import settings
from django.db import connection, transaction

from dateline.base.invalidation import cache_key, register_prefix
from dateline.newsroom.models import ArticlePage
from dateline.newsroom.visibility import readable

from .models import HourlyReferrers, HourlyViews

logger = logging.getLogger(__name__)

HOUR = 3600
# A process keeps at most this many keys of each kind between flushes: junk
# page ids or hosts sent on purpose cannot grow a worker without bound.
MAX_KEYS = 50_000
# Rows per query when checking page ids against readable articles.
CHUNK = 500

# Redis keys (not Django's cache): hours with counts, and per hour a hash of
# views and one of referrers, all under one registered prefix.
REDIS_PREFIX = cache_key(
    register_prefix("readership", "page views and referrers counted in Redis, per hour")
)
REDIS_HOURS = f"{REDIS_PREFIX}:hours"


def hour_of(now: float) -> int:
    return int(now // HOUR) * HOUR


class Counter:
    """A process's counts since its last flush."""

    def __init__(self, *, background: bool = True, at_exit: bool = False):
        self.lock = threading.Lock()
        self.views: dict[tuple[int, int], int] = {}
        self.referrers: dict[tuple[int, int, str], int] = {}
        self.background = background
        self.next_flush = 0.0  # time.monotonic() of the next flush; 0: none planned
        self.flushing = False
        self.at_exit = at_exit

    def add(self, page_id: int, host: str, now: float | None = None) -> None:
        hour = hour_of(time.time() if now is None else now)
        with self.lock:
            views = self.views
            key = (hour, page_id)
            counted = True
            if key in views:
                views[key] += 1
            elif len(views) < MAX_KEYS:
                views[key] = 1
            else:
                counted = False  # full until the next flush
            if host and counted:
                referrers = self.referrers
                ref_key = (hour, page_id, host)
                if ref_key in referrers:
                    referrers[ref_key] += 1
                elif len(referrers) < MAX_KEYS:
                    referrers[ref_key] = 1
            due = self._due()
        if due:
            self._start_flush()

    def _due(self) -> bool:
        """Under the lock: whether this beacon should start a flush."""
        clock = time.monotonic()
        if not self.next_flush:
            self.next_flush = clock + settings.DATELINE_READERSHIP_FLUSH_SECONDS
            if self.at_exit:
                self._flush_at_exit()
            return False
        if clock < self.next_flush or self.flushing:
            return False
        self.flushing = True
        self.next_flush = clock + settings.DATELINE_READERSHIP_FLUSH_SECONDS
        return True

    def _flush_at_exit(self) -> None:
        """Registered by the process that counts (a granian worker, not the
        process that forked it): atexit for a plain process, and a
        multiprocessing finalizer for a worker process, which leaves through
        os._exit() and so runs no atexit handlers. A second flush finds nothing."""
        atexit.register(self.flush)
        multiprocessing.util.Finalize(None, self.flush, exitpriority=10)

    def _start_flush(self) -> None:
        if not self.background:
            self._flush_in_thread()
            return
        threading.Thread(target=self._flush_in_thread, name="readership-flush", daemon=True).start()

    def _flush_in_thread(self) -> None:
        try:
            self.flush()
        finally:
            self.flushing = False
            # The thread's own database connection: closed, not left behind.
            if self.background:
                connection.close()

    def take(self) -> tuple[dict, dict]:
        with self.lock:
            views, self.views = self.views, {}
            referrers, self.referrers = self.referrers, {}
        return views, referrers

    def put_back(self, views: dict, referrers: dict) -> None:
        with self.lock:
            for key, n in views.items():
                self.views[key] = self.views.get(key, 0) + n
            for key, n in referrers.items():
                self.referrers[key] = self.referrers.get(key, 0) + n

    def flush(self) -> int:
        """Write the counts out (the database, or Redis with REDIS_URL); kept
        for the next try if that fails. Returns the views handed on."""
        views, referrers = self.take()
        if not views:
            return 0
        try:
            if settings.REDIS_URL:
                push_to_redis(redis_client(), views, referrers)
            else:
                write_counts(views, referrers)
        except Exception:
            logger.exception("Readership counts could not be written; kept for the next flush")
            self.put_back(views, referrers)
            return 0
        return sum(views.values())


# The counts of this process (one per granian worker); what is left of them
# is written when it exits.
counter = Counter(at_exit=True)


# --- The database ----------------------------------------------------------------


def readable_article_ids(page_ids) -> set[int]:
    ids = sorted(set(page_ids))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found.update(
            readable(ArticlePage.objects).filter(pk__in=chunk).values_list("pk", flat=True)
        )
    return found


def _upsert(model, conflict: list[str], rows: list[tuple]) -> None:
    """Add rows' views to the stored ones, inserting the rows that are new."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*conflict, "views"]
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(c) for c in conflict)}) "
        f"DO UPDATE SET {quote('views')} = {table}.{quote('views')} + excluded.{quote('views')}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _hour_value(hour: int):
    moment = datetime.datetime.fromtimestamp(hour, tz=datetime.UTC)
    return connection.ops.adapt_datetimefield_value(moment)


def write_counts(views: dict, referrers: dict) -> int:
    """Add counts to the hourly tables in one transaction; counts of pages that
    are not readable articles are dropped. Returns the views written."""
    keep = readable_article_ids(page_id for _hour, page_id in views)
    view_rows = [
        (_hour_value(hour), page_id, n) for (hour, page_id), n in views.items() if page_id in keep
    ]
    referrer_rows = [
        (_hour_value(hour), page_id, host, n)
        for (hour, page_id, host), n in referrers.items()
        if page_id in keep
    ]
    with transaction.atomic():
        _upsert(HourlyViews, ["hour", "page_id"], view_rows)
        _upsert(HourlyReferrers, ["hour", "page_id", "host"], referrer_rows)
    return sum(row[-1] for row in view_rows)


# --- Redis: counts from every app server -------------------------------------------

_redis = None


def redis_client():
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=2.0
        )
    return _redis


def push_to_redis(client, views: dict, referrers: dict) -> None:
    pipe = client.pipeline(transaction=False)
    hours = set()
    for (hour, page_id), n in views.items():
        pipe.hincrby(f"{REDIS_PREFIX}:views:{hour}", str(page_id), n)
        hours.add(hour)
    for (hour, page_id, host), n in referrers.items():
        pipe.hincrby(f"{REDIS_PREFIX}:referrers:{hour}", f"{page_id} {host}", n)
    if hours:
        pipe.sadd(REDIS_HOURS, *hours)
    pipe.execute()


def _take_hash(client, key: str) -> tuple[str | None, dict]:
    """Move a hash aside (RENAME is atomic: beacons after it start a new one)
    and read it."""
    aside = f"{key}:draining:{uuid.uuid4().hex}"
    try:
        client.rename(key, aside)
    except Exception:  # no such key: nothing counted there since the last drain
        return None, {}
    return aside, client.hgetall(aside)


def drain_redis(client=None, now: float | None = None) -> int:
    """Move the counts every app server pushed to Redis into the database."""
    client = client or redis_client()
    current = hour_of(time.time() if now is None else now)
    drained = 0
    for raw in client.smembers(REDIS_HOURS):
        hour = int(raw)
        views_key, raw_views = _take_hash(client, f"{REDIS_PREFIX}:views:{hour}")
        refs_key, raw_refs = _take_hash(client, f"{REDIS_PREFIX}:referrers:{hour}")
        views = {(hour, int(page)): int(n) for page, n in raw_views.items()}
        referrers = {}
        for field, n in raw_refs.items():
            page, host = field.decode().split(" ", 1)
            referrers[(hour, int(page), host)] = int(n)
        try:
            drained += write_counts(views, referrers) if views else 0
        except Exception:
            push_to_redis(client, views, referrers)  # back, for the next drain
            raise
        finally:
            if taken := [key for key in (views_key, refs_key) if key]:
                client.delete(*taken)
        if hour < current:
            client.srem(REDIS_HOURS, raw)
    return drained


def flush_job() -> None:
    """The scheduler's job: this process's own counts, then Redis's."""
    counter.flush()
    if settings.REDIS_URL:
        drain_redis()
