"""Issue 5's benchmarks in one run: `make bench` (or `.venv/bin/python bench/run.py`).

Starts everything it measures on 127.0.0.1 in a temporary folder, measures,
stops exactly what it started (also on Ctrl-C or an error) and writes
BENCHMARKS.md:

1. nginx serving the article's HTML as a static file: the ceiling.
2. Varnish in front of the production stack (`stack up --demo 12`), cache hit.
3. The embedded default (`serve --workers 2`, SQLite, file cache), page cache hit.
4. The same app with DATELINE_PAGE_CACHE= : every request renders.
5. A stock Wagtail site (bench/peer.py), uncached and with Django's cache middleware.
6. Uncached render times and SQL query counts in-process (bench/render_times.py).
7. Publish-to-visible through Varnish (bench/publish.py).
8. The spike: a cold article and 500 connections through Varnish.
9. Every page of the embedded default's demo visited once (its page cache full),
   then the peak resident memory of its processes (bench/memory.py).
10. Optionally (--scale N) N articles bulk-loaded into the stack's PostgreSQL
   (`python -m dateline bench-data`) and the render times again. The "At scale"
   section (10k, 100k and a million articles) comes from bench/scale.py's saved
   results (bench/scale-results.json, `make bench-scale`).

Throughput targets are measured in interleaved rounds (every target once per
round; the median round is reported, ratios are medians of per-round ratios)
so that a noisy neighbour on a shared machine slows both sides of a ratio
alike instead of skewing it. --report-only rewrites BENCHMARKS.md from a kept
run's results.json without measuring again.
"""

import argparse
import contextlib
import datetime
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from memory import process_tree_memory, with_roles
from report import write_report

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


def _json_default(value):
    if isinstance(value, Wrk):
        return {"__wrk__": asdict(value)}
    if isinstance(value, datetime.datetime):
        return {"__datetime__": value.isoformat()}
    raise TypeError(f"{type(value)} is not JSON serializable")


def _json_hook(data: dict):
    if "__wrk__" in data:
        return Wrk(**data["__wrk__"])
    if "__datetime__" in data:
        return datetime.datetime.fromisoformat(data["__datetime__"])
    return data


def load_saved(path: Path):
    """A finished run's numbers, shaped as write_report expects (--report-only)."""
    data = json.loads(path.read_text(), object_hook=_json_hook)
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


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
        # nginx's workers and PostgreSQL run as other users and must read in here.
        self.tmp.chmod(0o755)
        self.commands: list[str] = []
        self.cleanups: list[tuple[str, object]] = []
        self.targets: dict[str, Target] = {}
        self.results: dict = {}

    # --- processes -----------------------------------------------------------

    def env(self, **extra) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
        env = {k: v for k, v in env.items() if not k.startswith(("DATELINE_", "PEER_"))}
        env.update(extra)
        return env

    def note(self, argv, env_shown: dict | None = None) -> None:
        """Keep the command for BENCHMARKS.md, with the temp folder as $TMP."""
        words = [str(a) for a in argv]
        words[0] = {PY: ".venv/bin/python"}.get(words[0], words[0])
        shown = " ".join(
            k if k.startswith("<") else f"{k}={v}" for k, v in (env_shown or {}).items()
        )
        line = (shown + " " if shown else "") + " ".join(
            w if re.fullmatch(r"[\w@%+=:,./$-]+", w) else repr(w) for w in words
        )
        self.commands.append(line.replace(str(self.tmp), "$TMP").replace(str(REPO) + "/", ""))

    def run(self, argv, *, env=None, env_shown=None, cwd=REPO, timeout=600) -> str:
        self.note(argv, env_shown)
        done = subprocess.run(
            [str(a) for a in argv],
            cwd=cwd,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise BenchError(f"{argv} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def spawn(self, name: str, argv, *, env, env_shown=None, cwd=REPO) -> subprocess.Popen:
        """A server in its own session, stopped (the whole group) at the end."""
        self.note(argv, env_shown)
        with open(self.tmp / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                [str(a) for a in argv],
                cwd=cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.cleanups.append((name, lambda: self.stop_group(process)))
        return process

    @staticmethod
    def stop_group(process: subprocess.Popen) -> None:
        # The whole group even if its leader has gone: granian's workers and the
        # scheduler are its children.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def cleanup(self) -> None:
        while self.cleanups:
            name, stop = self.cleanups.pop()
            try:
                stop()
            except Exception as exc:  # keep stopping the rest
                print(f"  could not stop {name}: {exc}", file=sys.stderr)

    def save(self) -> Path:
        """The raw numbers, so a report can be rewritten without measuring again."""
        data = {
            "args": vars(self.args) | {"out": str(self.args.out)},
            "targets": [
                {"key": t.key, "label": t.label, "url": t.url, "runs": [asdict(r) for r in t.runs]}
                for t in self.targets.values()
            ],
            "results": self.results,
            "commands": self.commands,
        }
        path = self.tmp / "results.json"
        path.write_text(json.dumps(data, indent=1, default=_json_default))
        return path

    def log(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    # --- the setups ----------------------------------------------------------

    def start_stack(self) -> subprocess.Popen:
        """`stack up` in the background: it takes half a minute, the embedded
        demo loads meanwhile."""
        self.stack_dir = self.tmp / "stack"
        self.varnish_port = free_port(pair=True)
        self.stack_ports = {
            "--app-port": free_port(),
            "--varnish-port": self.varnish_port,
            "--pg-port": free_port(),
            "--redis-port": free_port(),
        }
        argv = [PY, "-m", "dateline", "stack", "up", "--dir", self.stack_dir]
        argv += ["--demo", STACK_DEMO_ARTICLES]
        for option, port in self.stack_ports.items():
            argv += [option, port]
        # The stack command itself loads settings: keep it out of the repo's data/.
        env = self.env(DATELINE_DATA_DIR=str(self.tmp / "stack-cli"))
        self.note(argv)
        with open(self.tmp / "stack-up.log", "wb") as log:
            process = subprocess.Popen(
                [str(a) for a in argv], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.cleanups.append(("stack", self.stop_stack))
        return process

    def stop_stack(self) -> None:
        argv = [PY, "-m", "dateline", "stack", "down", "--dir", self.stack_dir]
        self.run(argv, env=self.env(DATELINE_DATA_DIR=str(self.tmp / "stack-cli")))

    def stack_env(self, **extra) -> dict[str, str]:
        values = dict(
            line.split("=", 1) for line in (self.stack_dir / "env").read_text().splitlines()
        )
        return self.env(**values, **extra)

    def setup_embedded(self) -> None:
        """What `make demo` does, in a temporary data folder."""
        data = self.tmp / "embedded"
        self.embedded_env = {"DATELINE_DATA_DIR": str(data)}
        env = self.env(**self.embedded_env)
        shown = {"DATELINE_DATA_DIR": "$TMP/embedded"}
        for step in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["load-demo"],
            ["live", "demo-channel"],
        ):
            self.run([PY, "-m", "dateline", *step], env=env, env_shown=shown)

    def start_embedded(self, key: str, label: str, page_cache: bool) -> None:
        port = free_port()
        extra = {} if page_cache else {"DATELINE_PAGE_CACHE": ""}
        env = self.env(**self.embedded_env, **extra)
        shown = {"DATELINE_DATA_DIR": "$TMP/embedded", **extra}
        argv = [PY, "-m", "dateline", "serve", "--workers", "2", "--port", port]
        process = self.spawn(key, argv, env=env, env_shown=shown)
        url = f"http://127.0.0.1:{port}{ARTICLE}"
        self.targets[key] = Target(key, label, url, process, process.pid)

    def start_nginx(self, html: bytes) -> None:
        prefix = self.tmp / "nginx"
        root = prefix / "root"
        page = root / ARTICLE.strip("/") / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(html)
        port = free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(
            (BENCH / "nginx.conf.template")
            .read_text()
            .replace("@PREFIX@", str(prefix))
            .replace("@ROOT@", str(root))
            .replace("@PORT@", str(port))
        )
        for folder in (prefix, *root.rglob("*")):
            if folder.is_dir():
                folder.chmod(0o755)
        self.run([shutil.which("nginx") or "/usr/sbin/nginx", "-c", conf, "-p", prefix])
        self.cleanups.append(("nginx", lambda: self.stop_pidfile(prefix / "nginx.pid")))
        self.targets["nginx"] = Target(
            "nginx",
            "nginx, static file (the limit)",
            f"http://127.0.0.1:{port}{ARTICLE}",
            pid=read_pid(prefix / "nginx.pid"),
        )

    @staticmethod
    def stop_pidfile(pidfile: Path) -> None:
        if not pidfile.exists():
            return
        pid = int(pidfile.read_text())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)  # nginx: graceful stop
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def setup_peer(self) -> None:
        article = self.tmp / "article.json"
        shown = {"DATELINE_DATA_DIR": "$TMP/embedded"}
        env = self.env(**self.embedded_env)
        out = self.run(
            [PY, "bench/peer.py", "export", "--slug", ARTICLE_SLUG], env=env, env_shown=shown
        )
        article.write_text(out)
        self.peer_dir = self.tmp / "peer"
        out = self.run([PY, "bench/peer.py", "generate", self.peer_dir, "--article", article])
        self.peer_path = out.strip().splitlines()[-1]

    def start_peer(self, key: str, label: str, cached: bool) -> None:
        port = free_port()
        extra = {"DJANGO_SETTINGS_MODULE": "peer.settings.production"}
        if cached:
            extra["PEER_CACHE"] = "1"
        # The same server and worker settings as `dateline serve` uses.
        argv = [Path(PY).parent / "granian", "--interface", "wsgi", "--workers", "2"]
        argv += ["--blocking-threads", "4", "--host", "127.0.0.1", "--port", port]
        argv += ["--working-dir", self.peer_dir, "peer.wsgi:application"]
        process = self.spawn(key, argv, env=self.env(**extra), env_shown=extra, cwd=self.peer_dir)
        url = f"http://127.0.0.1:{port}{self.peer_path}"
        self.targets[key] = Target(key, label, url, process, process.pid)

    # --- measurements ----------------------------------------------------------

    def wrk(self, url: str, connections: int, seconds: int, pid: int | None = None) -> Wrk:
        argv = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
        command = " ".join(argv)
        server_before = tree_cpu_seconds(pid) if pid else 0.0
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30)
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_after = tree_cpu_seconds(pid) if pid else 0.0
        if done.returncode != 0:
            raise BenchError(f"{command} failed:\n{done.stderr}")
        result = parse_wrk(done.stdout, command)
        result.server_cpu_s = server_after - server_before
        result.wrk_cpu_s = (wrk_after.ru_utime + wrk_after.ru_stime) - (
            wrk_before.ru_utime + wrk_before.ru_stime
        )
        return result

    def throughput(self) -> None:
        for target in self.targets.values():
            for _ in range(20):  # warm: workers imported, caches filled
                status, headers, _ = fetch(target.url)
                if status != 200:
                    raise BenchError(f"{target.url} answered {status}")
            cache = headers.get("X-Cache", headers.get("x-cache", ""))
            expected = {"varnish": "HIT", "embedded_cached": "HIT", "embedded_uncached": ""}
            if target.key in expected and cache != expected[target.key]:
                raise BenchError(f"{target.label}: X-Cache {cache!r}, not {expected[target.key]!r}")
        for n in range(self.args.rounds):
            for target in self.targets.values():
                self.log(f"round {n + 1}/{self.args.rounds}: {target.label}")
                run = self.wrk(target.url, WRK_CONNECTIONS, self.args.duration, target.pid)
                target.runs.append(run)
                self.log(
                    f"  {run.rps:,.0f} req/s, server {run.server_us_per_request:,.0f} µs CPU "
                    f"and wrk {run.wrk_us_per_request:,.0f} µs CPU per request"
                )

    def visit_every_page(self, base: str) -> int:
        """Every page in the sitemaps and EXTRA_PAGES, and every photo they show,
        once: the page cache full, as a site that readers have browsed."""

        def locs(url: str) -> list[str]:
            _, _, body = fetch(url)
            found = re.findall(r"<loc>([^<]+)</loc>", body.decode())
            return [re.sub(r"^https?://[^/]+", base, loc) for loc in found]

        pages = [page for sitemap in locs(base + "/sitemap.xml") for page in locs(sitemap)]
        pages += [base + path for path in EXTRA_PAGES]
        for url in pages:
            status, _, body = fetch(url, timeout=60)
            if status != 200:
                raise BenchError(f"{url} answered {status}")
            for photo in sorted(set(re.findall(r'/media/[^"\s,<]+', body.decode()))):
                fetch(base + photo, timeout=60)
        return len(pages)

    def memory(self, key: str) -> dict:
        """After the throughput runs and a visit to every page: each process of
        the embedded default's tree, peak (VmHWM) and now (VmRSS, PSS, USS)."""
        target = self.targets[key]
        base = re.match(r"http://[^/]+", target.url).group(0)
        visited = self.visit_every_page(base)
        return {"pages": visited, "processes": with_roles(process_tree_memory(target.pid))}

    def render_times(self, env, shown, pages=PAGES, project=None) -> dict:
        argv = [PY, "bench/render_times.py", "--runs", self.args.render_runs]
        if project:
            argv += ["--project", project]
        argv += [f"{name}={url}" for name, url in pages.items()]
        return json.loads(self.run(argv, env=env, env_shown=shown))

    def publish_to_visible(self) -> dict:
        argv = [PY, "bench/publish.py", "--slug", ARTICLE_SLUG]
        argv += ["--varnish", f"http://127.0.0.1:{self.varnish_port}", "--rounds", "5"]
        return json.loads(self.run(argv, env=self.stack_env(), env_shown={"<stack env>": ""}))

    def spike(self) -> dict:
        varnish_dir = str(self.stack_dir / "varnish")
        url = f"http://127.0.0.1:{self.varnish_port}{ARTICLE}"

        def backend_requests() -> int:
            out = self.run(["varnishstat", "-n", varnish_dir, "-1", "-f", "MAIN.backend_req"])
            return int(out.split()[1])

        # varnishlog counts the backend fetches of this one URL; backend_req
        # (every fetch) cross-checks it.
        log_file = self.tmp / "spike-varnishlog.txt"
        query = f'BereqURL eq "{ARTICLE}"'
        argv = ["varnishlog", "-n", varnish_dir, "-b", "-i", "BereqURL", "-q", query]
        self.note(argv)
        with open(log_file, "wb") as out:
            varnishlog = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        self.cleanups.append(("varnishlog", lambda: self.stop_varnishlog(varnishlog)))
        time.sleep(1)  # varnishlog attaches to the shared memory log
        before = backend_requests()
        publish = [PY, "bench/publish.py", "--slug", ARTICLE_SLUG, "--rounds", "0"]
        publish += ["--varnish", f"http://127.0.0.1:{self.varnish_port}"]
        self.run(publish, env=self.stack_env(), env_shown={"<stack env>": ""})
        result = self.wrk(url, SPIKE_CONNECTIONS, SPIKE_SECONDS)
        self.note(result.command.split())
        after = backend_requests()
        time.sleep(1)
        self.stop_varnishlog(varnishlog)
        fetches = log_file.read_text().count("BereqURL")
        return {"wrk": result, "backend_req": after - before, "url_fetches": fetches}

    @staticmethod
    def stop_varnishlog(process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # varnishlog flushes on SIGINT
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def scale(self, articles: int) -> dict:
        started = time.monotonic()
        argv = [PY, "-m", "dateline", "bench-data", "--articles", articles]
        self.run(argv, env=self.stack_env(), env_shown={"<stack env>": ""}, timeout=1800)
        load_seconds = time.monotonic() - started
        times = self.render_times(
            self.stack_env(DATELINE_PAGE_CACHE=""), {"<stack env>": "", "DATELINE_PAGE_CACHE": ""}
        )
        return {"articles": articles, "load_seconds": load_seconds, "times": times}

    # --- the run -----------------------------------------------------------

    def main(self) -> None:
        started = time.monotonic()
        self.results["load_before"] = os.getloadavg()
        self.results["date"] = datetime.datetime.now(datetime.UTC)
        self.log(f"working in {self.tmp}")
        stack = self.start_stack()
        self.log("embedded default: migrate, collectstatic, load-demo (like make demo)")
        self.setup_embedded()
        self.start_embedded("embedded_cached", "Embedded default, page cache hit", True)
        self.start_embedded(
            "embedded_uncached", "Embedded default, uncached (`DATELINE_PAGE_CACHE=`)", False
        )
        self.log("stock Wagtail peer: wagtail start, migrate, one article")
        self.setup_peer()
        self.start_peer("peer_uncached", "Stock Wagtail, uncached", cached=False)
        self.start_peer("peer_cached", "Stock Wagtail + Django cache middleware", cached=True)
        for target in list(self.targets.values()):
            wait_for(target.url, target.process)
        status, _, html = fetch(self.targets["embedded_uncached"].url)
        self.start_nginx(html)
        self.results["article_bytes"] = len(html)
        self.log("waiting for the stack (PostgreSQL, Redis, app, Varnish)")
        if stack.wait(timeout=300) != 0:
            raise BenchError(f"stack up failed: see {self.tmp / 'stack-up.log'}")
        self.targets["varnish"] = Target(
            "varnish",
            "Varnish, cache hit (production stack)",
            f"http://127.0.0.1:{self.varnish_port}{ARTICLE}",
            pid=read_pid(self.stack_dir / "varnish.pid"),
        )
        order = ["nginx", "varnish", "embedded_cached", "embedded_uncached"]
        order += ["peer_cached", "peer_uncached"]
        self.targets = {key: self.targets[key] for key in order}

        self.throughput()
        self.log("embedded default: every page once, then its processes' memory")
        self.results["memory"] = self.memory("embedded_cached")
        self.log("render times and queries, in-process")
        uncached = {"DATELINE_PAGE_CACHE": ""}
        self.results["render_sqlite"] = self.render_times(
            self.env(**self.embedded_env, **uncached),
            {"DATELINE_DATA_DIR": "$TMP/embedded", **uncached},
        )
        self.results["render_postgres"] = self.render_times(
            self.stack_env(**uncached), {"<stack env>": "", **uncached}
        )
        self.results["render_peer"] = self.render_times(
            self.env(DJANGO_SETTINGS_MODULE="peer.settings.production"),
            {"DJANGO_SETTINGS_MODULE": "peer.settings.production"},
            pages={"article": self.peer_path},
            project=self.peer_dir,
        )["article"]
        self.log("publish to visible through Varnish")
        self.results["publish"] = self.publish_to_visible()
        self.log(f"spike: cold article, {SPIKE_CONNECTIONS} connections")
        self.results["spike"] = self.spike()
        if self.args.scale:
            self.log(f"scale: {self.args.scale:,} articles into PostgreSQL")
            self.results["scale"] = self.scale(self.args.scale)
        self.results["load_after"] = os.getloadavg()
        self.results["seconds"] = time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--duration", type=int, default=5, help="Seconds per wrk run (≤ 10).")
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per target.")
    parser.add_argument("--render-runs", type=int, default=50)
    parser.add_argument(
        "--scale", type=int, default=0, help="Also bulk-load N articles into PostgreSQL."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the temp folder (logs).")
    parser.add_argument(
        "--report-only", type=Path, help="Rewrite the report from a run's results.json."
    )
    args = parser.parse_args()
    if args.report_only:
        write_report(args.out, load_saved(args.report_only))
        return
    if not 1 <= args.duration <= 10:
        parser.error("--duration must be 1-10 seconds")
    for tool in ("wrk", "varnishd", "varnishstat", "varnishlog", "nginx"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            raise SystemExit(f"{tool} is missing: apt-get install wrk nginx varnish")
    # 500 connections need file descriptors, in wrk and in Varnish.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin"

    bench = Bench(args)
    # A TERM (make's Ctrl-C, a CI timeout) must still stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        bench.main()
    except BaseException:
        bench.log(f"failed: logs are kept in {bench.tmp}")
        raise
    finally:
        bench.log("stopping everything this run started")
        bench.cleanup()
    saved = bench.save()
    try:
        write_report(args.out, bench)
    except Exception:
        bench.log(f"the report failed; the numbers are in {saved} (--report-only {saved})")
        raise
    if not args.keep:
        shutil.rmtree(bench.tmp, ignore_errors=True)
    bench.log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
