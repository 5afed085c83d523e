"""The capacity plan (issue 18): what each tier of the cluster spends per
request, how far the replica falls behind a burst of publishes, and how long
each fault takes to recover; saved to bench/results/cluster.json, from which
bench/report.py writes BENCHMARKS.md's "Capacity plan" with its model.

    .venv/bin/python bench/cluster.py [--dir DIR] [--seconds 10]    (as root)

Without --dir it starts a cluster of its own (`python -m dateline cluster up`)
in a temporary folder and removes it at the end. Every host shares this
machine's two cores, so the numbers are CPU time per request of each tier's
processes (from /proc, summed over the processes in its network namespace),
not throughput; wrk runs on the control host and is counted nowhere.
"""

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results" / "cluster.json"
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from harness import parse_wrk  # noqa: E402

from dateline.cluster import cluster as cluster_tools  # noqa: E402
from dateline.cluster import netns, traffic  # noqa: E402

TIERS = {
    "front (Varnish)": ["front"],
    "app hosts (granian + Django)": ["app1", "app2"],
    "PostgreSQL primary": ["db1"],
    "PostgreSQL replica": ["db2"],
    "Redis": ["redis"],
}
CLK = os.sysconf("SC_CLK_TCK")


def tier_cpu(cluster) -> dict[str, float]:
    """CPU seconds so far of every process in each tier's namespaces."""
    seconds = {}
    for tier, hosts in TIERS.items():
        total = 0
        for host in hosts:
            for pid in netns.pids_in(cluster.network.namespace(host)):
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                total += int(fields[11]) + int(fields[12])
        seconds[tier] = total / CLK
    return seconds


def paths(cluster) -> list[str]:
    code = """
import json
from dateline.newsroom.models import ArticlePage
print(json.dumps([a.url for a in ArticlePage.objects.live().order_by("pk")]))
"""
    env = {**os.environ, **cluster.env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1]) + ["/en/", "/es/", "/ar/"]


def wrk(cluster, script: Path, seconds: int, connections: int = 16):
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
        cluster.front_url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    return parse_wrk(out, " ".join(command))


def lua(paths: list[str], unique: bool) -> str:
    listed = ", ".join(json.dumps(p) for p in paths)
    query = ' .. "?cold=" .. math.random(1, 1000000000)' if unique else ""
    return f"""
local paths = {{{listed}}}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1]{query}, {{["Accept-Encoding"] = "gzip"}})
end
"""


def per_request(cluster, name: str, script_text: str, seconds: int) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(script_text)
    before = tier_cpu(cluster)
    run = wrk(cluster, script, seconds)
    after = tier_cpu(cluster)
    script.unlink()
    return {
        "load": name,
        "requests": run.requests,
        "rps": run.rps,
        "p50_ms": run.p50_ms,
        "p99_ms": run.p99_ms,
        "errors": run.non_2xx + run.socket_errors,
        "cpu_ms": {
            tier: (after[tier] - before[tier]) * 1000 / max(run.requests, 1) for tier in TIERS
        },
        "command": run.command,
    }


def lsn(connection, query: str) -> int:
    value = connection.execute(query).fetchone()[0]
    high, low = value.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def publish_burst(cluster, count: int = 50) -> dict:
    """50 publishes as fast as one editor's process makes them, on app1; the
    replica's replay lag sampled every 10 ms from the control host."""
    primary = psycopg.connect(cluster.db_url("db1"), autocommit=True)
    replica = psycopg.connect(cluster.db_url("db2"), autocommit=True)
    samples, waits, done = [], [], threading.Event()

    def sample():
        pending = []  # (primary LSN, when it was read)
        while not done.is_set() or pending:
            now = time.monotonic()
            written = lsn(primary, "SELECT pg_current_wal_lsn()::text")
            replayed = lsn(replica, "SELECT pg_last_wal_replay_lsn()::text")
            samples.append(max(written - replayed, 0))
            pending.append((written, now))
            while pending and pending[0][0] <= replayed:
                waits.append(now - pending.pop(0)[1])
            if done.is_set() and time.monotonic() - now > 5:
                break
            time.sleep(0.01)

    code = f"""
import json, time
from dateline.newsroom.models import ArticlePage
pages = list(ArticlePage.objects.live().order_by("pk")[:{count}])
started = time.monotonic()
for n in range({count}):
    a = pages[n % len(pages)].get_latest_revision_as_object()
    a.title = a.title.split(" · burst")[0] + f" · burst {{n}}"
    a.save_revision().publish()
print(json.dumps({{"seconds": time.monotonic() - started}}))
"""
    sampler = threading.Thread(target=sample)
    sampler.start()
    env = {**os.environ, **cluster.host_env("app1")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = cluster.run_in(
        "app1", [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    done.set()
    sampler.join(timeout=30)
    waits.sort()
    return {
        "publishes": count,
        "seconds": json.loads(out.strip().splitlines()[-1])["seconds"],
        "max_lag_bytes": max(samples),
        "replay_wait_ms_p50": waits[len(waits) // 2] * 1000,
        "replay_wait_ms_p99": waits[int(len(waits) * 0.99)] * 1000,
        "replay_wait_ms_max": waits[-1] * 1000,
        "samples": len(samples),
    }


def reader_traffic(cluster, seconds: float, paths: list[str], during=None) -> dict:
    outcomes = traffic.readers(cluster, seconds, paths, during)
    times = sorted(o[1] for o in outcomes)
    return {
        "requests": len(outcomes),
        "failed": sum(1 for o in outcomes if o[0] != 200),
        "p50_ms": times[len(times) // 2] * 1000,
        "max_ms": times[-1] * 1000,
    }


backend_health = traffic.backend_health


def until(predicate, seconds: float = 120) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > seconds:
            raise TimeoutError
        time.sleep(0.1)
    return time.monotonic() - started


def fault_app_host(cluster, paths) -> dict:
    killed = {}

    def kill():
        killed["at"] = time.monotonic()
        cluster_tools.stop(cluster, "app1", sig=signal.SIGKILL)
        until(lambda: backend_health(cluster).get("app1") == "sick", 30)
        killed["sick_s"] = time.monotonic() - killed["at"]

    traffic = reader_traffic(cluster, 12, paths, during=kill)
    restarted = time.monotonic()
    cluster_tools.start_app(cluster, "app1")
    until(lambda: backend_health(cluster).get("app1") == "healthy")
    return {
        "fault": "app host killed (SIGKILL) under reader traffic",
        "readers": traffic,
        "marked_sick_s": killed.get("sick_s"),
        "back_in_service_s": time.monotonic() - restarted,
    }


def fault_redis(cluster, paths) -> dict:
    normal = reader_traffic(cluster, 5, paths)
    cluster_tools.stop(cluster, "redis")
    stopped = reader_traffic(cluster, 5, paths)
    started = time.monotonic()
    cluster_tools.start_redis(cluster)
    after = reader_traffic(cluster, 5, paths)
    return {
        "fault": "Redis stopped",
        "readers_before": normal,
        "readers": stopped,
        "readers_after": after,
        "restart_s": time.monotonic() - started - 5,
    }


def fault_primary(cluster, paths) -> dict:
    """The primary stopped; readers keep reading; `db promote` makes the
    replica the primary and a write succeeds again through the same URL."""
    env = {**os.environ, **cluster.env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    write = """
import json
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.live().order_by("pk").first().get_latest_revision_as_object()
a.title = a.title.split(" · after")[0] + " · after promotion"
a.save_revision().publish()
print(json.dumps({}))
"""
    stopped_at = time.monotonic()
    cluster_tools.stop(cluster, "postgres-db1")
    readers = reader_traffic(cluster, 5, paths)
    promoted_at = time.monotonic()
    promote = subprocess.run(
        [sys.executable, "-m", "dateline", "db", "promote"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if promote.returncode:
        return {"fault": "primary stopped", "readers": readers, "error": promote.stderr[-500:]}

    def writes():
        return (
            subprocess.run(
                [sys.executable, "-m", "dateline", "shell", "-c", write],
                env=env, capture_output=True, text=True, timeout=60,
            ).returncode
            == 0
        )  # fmt: skip

    until(writes, 120)
    return {
        "fault": "PostgreSQL primary stopped, replica promoted",
        "readers": readers,
        "writes_back_s": time.monotonic() - stopped_at,
        "writes_back_after_promote_s": time.monotonic() - promoted_at,
        "promote_output": promote.stdout.strip().splitlines()[-1:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--articles", type=int, default=40)
    args = parser.parse_args()
    own = args.dir is None
    root = args.dir or Path(tempfile.mkdtemp(prefix="dateline-cluster-bench-"))
    if own:
        print(f"Starting a cluster in {root} ...", flush=True)
        cluster = cluster_tools.up(root, demo_articles=args.articles, workers=2)
    else:
        cluster = cluster_tools.Cluster.load(root.resolve())
    try:
        site = paths(cluster)
        sizes = []
        for path in site:  # warm the front (the hit load must be all hits); page sizes
            request = urllib.request.Request(
                cluster.front_url + path, headers={"Accept-Encoding": "gzip"}
            )
            sizes.append(len(urllib.request.urlopen(request, timeout=30).read()))
        loads = [
            per_request(cluster, "cache hits (front)", lua(site, unique=False), args.seconds),
            per_request(cluster, "cache misses (rendered)", lua(site, unique=True), args.seconds),
        ]
        for load in loads:
            print(json.dumps(load), flush=True)
        burst = publish_burst(cluster)
        print(json.dumps(burst), flush=True)
        faults = [fault_app_host(cluster, site), fault_redis(cluster, site)]
        faults.append(fault_primary(cluster, site))
        for fault in faults:
            print(json.dumps(fault), flush=True)
    finally:
        if own:
            cluster_tools.down(root)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "command": ".venv/bin/python bench/cluster.py"
                + ("" if own else " --dir DIR")
                + f" --seconds {args.seconds}",
                "articles": args.articles,
                "workers_per_app_host": cluster.workers,
                "cores": os.cpu_count(),
                "page_bytes_gzip": sum(sizes) / len(sizes),
                "loads": loads,
                "burst": burst,
                "faults": faults,
            },
            indent=2,
        )
    )
    print(f"Saved {RESULTS}")


if __name__ == "__main__":
    main()
