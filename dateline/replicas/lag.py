"""How far the replica is behind the primary, and waiting for it to catch up.

Positions are PostgreSQL WAL positions (LSNs, "0/3000148"): the replica has
replayed a commit once its replay position is at or past the position the
primary had reached when the commit returned.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .routers import REPLICA

logger = logging.getLogger("dateline.replicas")

POLL_SECONDS = 0.005

# The position a wait gave up on; None: the replica keeps up.
_stuck_at: str | None = None


def lsn_bytes(lsn: str) -> int:
    """A WAL position as a number of bytes: "16/B374D848" -> 0x16B374D848."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def primary_position(alias: str = DEFAULT_DB_ALIAS) -> str:
    with connections[alias].cursor() as cursor:
        # The insert position rather than pg_current_wal_lsn(): with
        # synchronous_commit off, a commit's record may still be in memory,
        # after the position written out so far.
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


def replica_caught_up(position: str, alias: str = REPLICA) -> tuple[bool, int]:
    """(whether `alias` has replayed up to `position`, bytes still to replay).
    A server out of recovery (promoted) has nothing left to replay."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT NOT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text",
        )
        promoted, replayed = cursor.fetchone()
    if promoted:
        return True, 0
    behind = lsn_bytes(position) - lsn_bytes(replayed or "0/0")
    return behind <= 0, max(behind, 0)


def wait_for_replica(seconds: float | None = None) -> float | None:
    """Return once the replica has replayed everything committed on the
    primary so far, or after `seconds` (DATELINE_REPLICA_WAIT_SECONDS), with a
    warning: the caller goes on anyway, a purge late being worse than a page
    that may be stale for its cache time. Returns the seconds waited; None
    when either server could not be asked."""
    limit = settings.DATELINE_REPLICA_WAIT_SECONDS if seconds is None else seconds
    started = time.monotonic()
    try:
        position = primary_position()
    except DatabaseError as exc:
        # No primary, no new commit to wait for.
        logger.warning("Purging without waiting for the replica: primary unreachable (%s)", exc)
        return None
    global _stuck_at
    try:
        if _stuck_at:
            # A replica that kept one wait to the limit is not waited for again
            # until it has replayed that far: one publish makes several waits
            # (its purge, its stamps), and each would take the whole limit.
            if not replica_caught_up(_stuck_at)[0]:
                return 0.0
            _stuck_at = None
        while True:
            done, behind = replica_caught_up(position)
            waited = time.monotonic() - started
            if done:
                logger.info("Replica replayed %s in %.1f ms", position, waited * 1000)
                return waited
            if waited >= limit:
                _stuck_at = position
                logger.warning(
                    "Replica still %d bytes behind %s after %.1f s: purging anyway; "
                    "pages re-rendered from it may be stale until their cache time ends",
                    behind,
                    position,
                    waited,
                )
                return waited
            time.sleep(POLL_SECONDS)
    except DatabaseError as exc:
        with contextlib.suppress(DatabaseError):
            connections[REPLICA].close()
        logger.warning("Purging without waiting for the replica: replica unreachable (%s)", exc)
        return None
