"""`python -m dateline db status` and `db promote`: the databases' roles, and
making the replica the primary when the primary is lost."""

import time
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections

from dateline.replicas.lag import lsn_bytes
from dateline.replicas.routers import REPLICA

STATE = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END,
       pg_last_wal_receive_lsn()::text,
       pg_last_wal_replay_lsn()::text,
       CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END,
       coalesce(host(inet_server_addr()), 'socket') || ':' || current_setting('port')
"""


@contextmanager
def _cursor(alias: str | None, url: str | None):
    if url:
        # libpq reads the URL itself, host lists included.
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            yield conn.cursor()
    else:
        with connections[alias].cursor() as cursor:
            yield cursor


def _state(alias, url) -> dict:
    with _cursor(alias, url) as cursor:
        cursor.execute(STATE)
        standby, current, received, replayed, paused, where = cursor.fetchone()
    return {
        "standby": standby,
        "current": current,
        "received": received,
        "replayed": replayed,
        "paused": paused,
        "where": where,
    }


class Command(BaseCommand):
    help = (
        "status: each database's role (primary or standby), WAL positions and the "
        "replica's lag. promote: make the replica (DATABASE_REPLICA_URL, or --url) "
        "the primary, once the primary is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "promote"])
        parser.add_argument("--url", help="a postgres:// URL instead of DATABASE_REPLICA_URL")
        parser.add_argument(
            "--wait", type=int, default=60, help="seconds to wait for the promotion (60)"
        )

    def handle(self, *args, action, url, wait, **options):
        if action == "status":
            self.status(url)
        else:
            self.promote(url, wait)

    def status(self, url):
        primary_at = None
        rows = []
        targets = [(alias, None) for alias in settings.DATABASES] + ([(url, url)] * bool(url))
        for name, target_url in targets:
            alias = None if target_url else name
            if alias and connections[alias].vendor != "postgresql":
                self.stdout.write(f"{alias}: {connections[alias].vendor}, no replication")
                continue
            try:
                state = _state(alias, target_url)
            except (DatabaseError, psycopg.Error) as exc:
                self.stdout.write(f"{name}: unreachable ({str(exc).strip()})")
                continue
            if not state["standby"]:
                primary_at = primary_at or state["current"]
            rows.append((name, state))
        for name, state in rows:
            if not state["standby"]:
                self.stdout.write(
                    f"{name}: primary at {state['where']}, WAL written to {state['current']}"
                )
                continue
            line = (
                f"{name}: standby at {state['where']}, received {state['received']}, "
                f"replayed {state['replayed']}"
            )
            if primary_at and state["replayed"]:
                behind = max(lsn_bytes(primary_at) - lsn_bytes(state["replayed"]), 0)
                line += f", {behind} bytes behind the primary"
            if state["paused"]:
                line += " (replay paused)"
            self.stdout.write(line)

    def promote(self, url, wait):
        if not url and REPLICA not in settings.DATABASES:
            raise CommandError("No replica to promote: set DATABASE_REPLICA_URL or pass --url.")
        alias = None if url else REPLICA
        try:
            before = _state(alias, url)
        except (DatabaseError, psycopg.Error) as exc:
            raise CommandError(f"The replica cannot be reached: {str(exc).strip()}") from exc
        if not before["standby"]:
            raise CommandError(
                f"{before['where']} is already a primary (not in recovery): nothing to promote."
            )
        started = time.monotonic()
        try:
            with _cursor(alias, url) as cursor:
                # Waits until the server has left recovery and takes writes.
                cursor.execute("SELECT pg_promote(true, %s)", [wait])
                promoted = cursor.fetchone()[0]
            after = _state(alias, url)
        except (DatabaseError, psycopg.Error) as exc:
            raise CommandError(f"Promotion failed: {str(exc).strip()}") from exc
        if not promoted or after["standby"]:
            raise CommandError(f"{before['where']} did not leave recovery within {wait} s.")
        self.stdout.write(
            f"Promoted {after['where']} to primary in {time.monotonic() - started:.1f} s "
            f"(it had replayed the WAL to {before['replayed']}; it now writes from "
            f"{after['current']}). Apps whose DATABASE_URL lists it with "
            "target_session_attrs=read-write use it from their next connection; "
            "rebuild the old primary as a replica of it before starting it again."
        )
