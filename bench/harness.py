"""What bench/run.py shares: the pages it measures, wrk's numbers, the targets,
and the small helpers for ports, pids, CPU time and HTTP; the saved results' JSON."""

import argparse
import datetime
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PY = sys.executable

# The demo's showcase article (its newest, every body block), its section and one
# of its tags: the same story on every setup.
ARTICLE_SLUG = "valley-towns-reopen-mountain-road-as-winter-nears"
ARTICLE = f"/en/news/afghanistan/{ARTICLE_SLUG}/"
PAGES = {
    "home": "/en/",
    "section": "/en/news/afghanistan/",
    "tag": "/en/tags/afghanistan/",
    "article": ARTICLE,
    "search": "/en/search/?q=road",
    "news_sitemap": "/news-sitemap.xml",
    # The Spanish and Arabic editions (issue 14): the showcase's translations.
    "es_home": "/es/",
    "es_section": "/es/noticias/afganistan/",
    "es_article": "/es/noticias/afganistan/reabren-carretera-kotal-khana/",
    "es_search": "/es/search/?q=carreteras",
    "ar_home": "/ar/",
    "ar_section": "/ar/akhbar/afghanistan/",
    "ar_article": "/ar/akhbar/afghanistan/iadat-fath-tariq-kotal-khana/",
    "ar_search": "/ar/search/?q=%D8%A7%D9%84%D8%B7%D8%B1%D9%8A%D9%82",
}
STACK_DEMO_ARTICLES = 12
WRK_THREADS, WRK_CONNECTIONS = 2, 64
SPIKE_CONNECTIONS, SPIKE_SECONDS = 500, 5
# Visited (besides every page in the sitemaps) before the memory is read.
EXTRA_PAGES = (
    "/en/search/?q=road",
    "/en/search/?q=election",
    "/news-sitemap.xml",
    "/en/feeds/rss/",
    "/en/feeds/atom/",
    "/en/feeds/rss/?full=1",
    "/en/live/dateline-tv/",
)
# Variables that would point a child at someone else's database or cache.
FOREIGN_ENV = ("DATABASE_URL", "REDIS_URL", "VARNISH_URL", "DJANGO_SETTINGS_MODULE", "S3_BUCKET")


class BenchError(RuntimeError):
    pass


@dataclass
class Wrk:
    """What one wrk run reported."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    command: str
    # CPU time the server (all its processes) and wrk used during the run:
    # on a small machine they share, it says where the time went.
    server_cpu_s: float = 0.0
    wrk_cpu_s: float = 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors

    @property
    def server_us_per_request(self) -> float:
        return self.server_cpu_s * 1e6 / max(self.requests, 1)

    @property
    def wrk_us_per_request(self) -> float:
        return self.wrk_cpu_s * 1e6 / max(self.requests, 1)


@dataclass
class Target:
    key: str
    label: str
    url: str
    process: subprocess.Popen | None = None
    pid: int | None = None  # the server's root process, for CPU accounting
    runs: list[Wrk] = field(default_factory=list)

    @property
    def median(self) -> Wrk:
        return sorted(self.runs, key=lambda run: run.rps)[len(self.runs) // 2]


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str, command: str) -> Wrk:
    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output)
        if match:
            return match.group(1)
        if default is None:
            raise BenchError(f"unexpected wrk output:\n{output}")
        return default

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Wrk(
        rps=float(number(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(number(r"\s50%\s+([\d.]+\w+)")),
        p99_ms=_ms(number(r"\s99%\s+([\d.]+\w+)")),
        requests=int(number(r"(\d+) requests in")),
        non_2xx=int(number(r"Non-2xx or 3xx responses: (\d+)", "0")),
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
        command=command,
    )


def read_pid(pidfile: Path, seconds: float = 10) -> int:
    """A daemon's pid; it writes the file just after the start command returns."""
    deadline = time.monotonic() + seconds
    while not pidfile.exists() or not pidfile.read_text().strip():
        if time.monotonic() > deadline:
            raise BenchError(f"{pidfile} was not written")
        time.sleep(0.05)
    return int(pidfile.read_text())


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU of a process and all its descendants, from /proc."""
    parents, times = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = int(fields[11]) + int(fields[12])
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree.update(children)
        frontier = children
    return sum(times.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def free_port(*, pair: bool = False) -> int:
    """A port nobody listens on (and the next one, for Varnish's admin port).
    granian binds with SO_REUSEPORT, so a busy fixed port would silently share
    its traffic with someone else's server: always ask the kernel."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if not pair:
            return port
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise BenchError("no free port pair")


def fetch(url: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def wait_for(url: str, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process is not None and process.poll() is not None:
            raise BenchError(f"the server for {url} exited: see its log in the temp folder")
        try:
            status, _, _ = fetch(url, timeout=3)
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise BenchError(f"{url} did not answer 200 in {seconds:.0f} s")
        time.sleep(0.3)


def json_default(value):
    if isinstance(value, Wrk):
        return {"__wrk__": asdict(value)}
    if isinstance(value, datetime.datetime):
        return {"__datetime__": value.isoformat()}
    raise TypeError(f"{type(value)} is not JSON serializable")


def json_hook(data: dict):
    if "__wrk__" in data:
        return Wrk(**data["__wrk__"])
    if "__datetime__" in data:
        return datetime.datetime.fromisoformat(data["__datetime__"])
    return data


def load_saved(path: Path):
    """A finished run's numbers, shaped as write_report expects (--report-only)."""
    data = json.loads(path.read_text(), object_hook=json_hook)
    targets = {}
    for t in data["targets"]:
        runs = [r if isinstance(r, Wrk) else Wrk(**r) for r in t["runs"]]
        targets[t["key"]] = Target(t["key"], t["label"], t["url"], runs=runs)
    return argparse.Namespace(
        args=argparse.Namespace(**data["args"]),
        targets=targets,
        results=data["results"],
        commands=data["commands"],
    )
