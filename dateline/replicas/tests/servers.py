"""A PostgreSQL primary and a hot-standby streaming replica of it (made by
`pg_basebackup -R`), on 127.0.0.1, in a folder of their own."""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from dateline.caching.stack import _as_postgres, _pg_bin

START_SECONDS = 60


@dataclass
class Pair:
    root: Path
    primary_port: int
    replica_port: int

    def url(self, port: int, **options: str) -> str:
        query = "&".join(f"{key}={value}" for key, value in options.items())
        return f"postgres://postgres@127.0.0.1:{port}/dateline" + (f"?{query}" if query else "")

    @property
    def database_url(self) -> str:
        """Both servers, the one taking writes chosen by libpq."""
        return (
            f"postgres://postgres@127.0.0.1:{self.primary_port},127.0.0.1:{self.replica_port}"
            "/dateline?target_session_attrs=read-write"
        )

    @property
    def replica_url(self) -> str:
        return self.url(self.replica_port)

    def sql(self, port: int, query: str) -> str:
        result = subprocess.run(
            [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
             "-d", "dateline", "-tAc", query],
            capture_output=True, text=True, check=True, timeout=30,
        )  # fmt: skip
        return result.stdout.strip()

    def pg_ctl(self, name: str, action: str) -> None:
        port = self.primary_port if name == "primary" else self.replica_port
        options = f"-o '-p {port} -k {self.root / 'run'}'" if action == "start" else "-m fast"
        log = self.root / f"{name}.log"
        _as_postgres(
            f"{_pg_bin('pg_ctl')} -D {self.root / name} -l {log} -w -t {START_SECONDS} "
            f"{options} {action}"
        )

    def wait_until_replayed(self, seconds: float = 30) -> None:
        """Until the replica has replayed everything the primary wrote."""
        target = self.sql(self.primary_port, "SELECT pg_current_wal_insert_lsn()")
        deadline = time.monotonic() + seconds
        query = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        while self.sql(self.replica_port, query) != "t":
            if time.monotonic() > deadline:
                raise TimeoutError(f"the replica did not replay {target} in {seconds} s")
            time.sleep(0.1)


# Settings both servers share; the rest go in postgresql.conf, which the
# replica's copy inherits from the primary.
CONF = """
listen_addresses = '127.0.0.1'
fsync = off
wal_level = replica
max_wal_senders = 4
hot_standby = on
hot_standby_feedback = on
"""


@contextmanager
def primary_and_replica(root: Path, primary_port: int, replica_port: int) -> Iterator[Pair]:
    pair = Pair(root, primary_port, replica_port)
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    (root / "run").mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(root / "run", "postgres")
    started = []
    try:
        _as_postgres(f"{_pg_bin('initdb')} -D {root / 'primary'} -U postgres -A trust --no-sync")
        with open(root / "primary" / "postgresql.conf", "a") as conf:
            conf.write(CONF)
        pair.pg_ctl("primary", "start")
        started.append("primary")
        subprocess.run(
            [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres",
             "dateline"],
            check=True, timeout=30,
        )  # fmt: skip
        # -R writes standby.signal and primary_conninfo: it starts as a hot standby.
        _as_postgres(
            f"{_pg_bin('pg_basebackup')} -h 127.0.0.1 -p {primary_port} -U postgres "
            f"-D {root / 'replica'} -R -X stream -c fast --no-sync"
        )
        pair.pg_ctl("replica", "start")
        started.append("replica")
        yield pair
    finally:
        for name in reversed(started):
            with suppress(subprocess.CalledProcessError):
                _as_postgres(
                    f"{_pg_bin('pg_ctl')} -D {root / name} -m immediate -w stop 2>/dev/null || true"
                )
        shutil.rmtree(root, ignore_errors=True)
