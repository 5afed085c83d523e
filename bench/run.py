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
7. Publish-to-visible through Varnish (bench/publish.py); the static tier
   (bench/static_tier.py) beside nginx and Varnish at 16 and 64 connections,
   publish-to-visible through it, and the mirror export's time and size.
8. The spike: a cold article and 500 connections through Varnish.
9. Every page of the embedded default's demo visited once (its page cache full),
   then the peak resident memory of its processes (bench/memory.py).
10. Readership beacons a second beside the article (bench/beacons.py) and a
   newsletter sent to 100,000 subscribers into a local SMTP server
   (bench/newsletter_send.py); their results are kept in bench/results/.
11. Optionally (--scale N) N articles bulk-loaded into the stack's PostgreSQL
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
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from harness import (
    ARTICLE,
    FOREIGN_ENV,
    PY,
    REPO,
    SPIKE_CONNECTIONS,
    BenchError,
    Target,
    fetch,
    json_default,
    load_saved,
    read_pid,
    wait_for,
)
from measurements import Measurements
from report import write_report
from setups import Setups
from static_tier import StaticTier


class Bench(Setups, Measurements, StaticTier):
    """One run: its temp folder, what it started, its numbers. What it starts and
    measures is in bench/setups.py and bench/measurements.py."""

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
        path.write_text(json.dumps(data, indent=1, default=json_default))
        return path

    def log(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

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
        self.log("static tier (issue 15) beside nginx and Varnish, at 16 and 64 connections")
        self.results["static_tier"] = self.static_tier()
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
        # Issue 16: each writes its results into bench/results/ for the report.
        self.log("readership beacons on an embedded default of their own (bench/beacons.py)")
        self.run([PY, "bench/beacons.py", "--duration", str(self.args.duration)], timeout=900)
        self.log("a newsletter to 100,000 subscribers into a local SMTP server")
        self.run([PY, "bench/newsletter_send.py", "--subscribers", "100000"], timeout=2400)
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
