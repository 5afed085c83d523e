"""Issue 15's static serving tier beside Varnish and nginx's plain static file.

The same article three ways, in interleaved wrk rounds at 16 and at 64
connections: nginx serving the page as a plain file (the ceiling), the static
tier (deploy/nginx/dateline-static.conf serving the stack's mirror, the app
behind it for the rest) and Varnish in front of the production stack. Then
publish-to-visible through the tier (bench/publish.py polling the tier: the
publish rewrites the mirror's files), and the time and size of a mirror export.

A mixin of bench/run.py's Bench (`make bench` runs it after the other
throughput rounds); alone, with the stack of its own:

    .venv/bin/python bench/static_tier.py --duration 3 --rounds 2
"""

import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import ARTICLE, ARTICLE_SLUG, PY, REPO, BenchError, Target, fetch, free_port, read_pid

sys.path.insert(0, str(REPO))
from dateline.mirror import nginx as static_nginx  # noqa: E402

CONNECTIONS = (16, 64)
TIER_TARGETS = ("nginx", "static_tier", "varnish")


def _size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


class StaticTier:
    def mirror_export(self) -> dict:
        """`mirror export` of the stack's demo, timed, for the tier to serve."""
        self.tier_port = free_port()
        self.mirror_dir = self.tmp / "mirror"
        base = f"http://127.0.0.1:{self.tier_port}"
        argv = [PY, "-m", "dateline", "mirror", "export", "--output", self.mirror_dir]
        argv += ["--base-url", base]
        started = time.monotonic()
        self.run(argv, env=self.stack_env(), env_shown={"<stack env>": ""}, timeout=1800)
        seconds = time.monotonic() - started
        files, size = _size(self.mirror_dir)
        for folder in (self.mirror_dir, *self.mirror_dir.rglob("*")):
            if folder.is_dir():
                folder.chmod(0o755)
        return {"seconds": seconds, "files": files, "bytes": size, "base": base}

    def start_static_tier(self) -> None:
        prefix = self.tmp / "static-tier"
        app_port = self.stack_ports["--app-port"]
        static_nginx.start(
            prefix,
            port=self.tier_port,
            mirror=self.mirror_dir,
            app_port=app_port,
            media=self.stack_dir / "app" / "media",
        )
        self.note(["nginx", "-c", prefix / "nginx.conf", "-p", prefix])
        self.cleanups.append(("static tier", lambda: static_nginx.stop(prefix)))
        self.targets["static_tier"] = Target(
            "static_tier",
            "Static tier: nginx serving the mirror (deploy/nginx/dateline-static.conf)",
            f"http://127.0.0.1:{self.tier_port}{ARTICLE}",
            pid=read_pid(prefix / "nginx.pid"),
        )
        status, headers, _ = fetch(self.targets["static_tier"].url)
        served = {k.lower(): v for k, v in headers.items()}.get("x-served-from")
        if status != 200 or served != "mirror":
            raise BenchError(f"the static tier answered {status}, from {served or 'the app'}")

    def static_tier_throughput(self) -> dict:
        """Interleaved rounds: each target once per round, at each concurrency."""
        results: dict = {}
        for connections in CONNECTIONS:
            runs: dict[str, list] = {key: [] for key in TIER_TARGETS}
            for n in range(self.args.rounds):
                for key in TIER_TARGETS:
                    target = self.targets[key]
                    run = self.wrk(target.url, connections, self.args.duration, target.pid)
                    runs[key].append(run)
                    self.log(
                        f"static tier, {connections} connections, round {n + 1}: "
                        f"{target.label}: {run.rps:,.0f} req/s"
                    )
            results[str(connections)] = runs
        return results

    def static_tier_publish(self) -> dict:
        """bench/publish.py with the mirror configured: each publish rewrites
        the files its purge list names; it polls the tier for the headline."""
        argv = [PY, "bench/publish.py", "--slug", ARTICLE_SLUG, "--rounds", "5"]
        argv += ["--varnish", f"http://127.0.0.1:{self.tier_port}"]
        extra = {
            "DATELINE_MIRROR_DIR": str(self.mirror_dir),
            "DATELINE_MIRROR_BASE_URL": f"http://127.0.0.1:{self.tier_port}",
            "DATELINE_MIRROR_RELOAD_COMMAND": static_nginx.reload_command(self.tmp / "static-tier"),
        }
        shown = {"<stack env>": "", "DATELINE_MIRROR_DIR": "$TMP/mirror"}
        return json.loads(self.run(argv, env=self.stack_env(**extra), env_shown=shown))

    def static_tier(self) -> dict:
        """Everything above, once the stack and the plain nginx are up."""
        self.log("static tier: mirror export of the stack's demo")
        export = self.mirror_export()
        self.start_static_tier()
        for key in TIER_TARGETS:
            for _ in range(20):  # warm
                fetch(self.targets[key].url)
        throughput = self.static_tier_throughput()
        self.log("static tier: publish to visible")
        publish = self.static_tier_publish()
        return {"export": export, "throughput": throughput, "publish": publish}


def ratios(runs: dict, key: str) -> float:
    """Median over rounds of key's req/s / nginx's in the same round."""
    return statistics.median(
        mine.rps / ceiling.rps for mine, ceiling in zip(runs[key], runs["nginx"], strict=True)
    )


def cpu(runs: list) -> float:
    """Median server CPU time per request over the rounds, in µs."""
    return statistics.median(r.server_us_per_request for r in runs)


def report_lines(result: dict) -> list[str]:
    """BENCHMARKS.md's section on the static tier."""
    export, publish = result["export"], result["publish"]
    lines = [
        "## Static serving tier (issue 15)",
        "",
        "The same article from nginx's plain static file, from the static tier "
        "(`deploy/nginx/dateline-static.conf` serving the mirror, the app behind it) and "
        "through Varnish, in interleaved rounds; the ratio is the median of each round's "
        "ratio to nginx.",
        "",
        "| Connections | nginx static req/s | static tier req/s | × nginx | "
        "Varnish req/s | × nginx | tier p99 ms | Varnish p99 ms | server CPU µs/request: "
        "nginx, tier, Varnish |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for connections, runs in result["throughput"].items():

        def median(key, runs=runs):
            return sorted(runs[key], key=lambda r: r.rps)[len(runs[key]) // 2]

        lines.append(
            f"| {connections} | {median('nginx').rps:,.0f} | {median('static_tier').rps:,.0f} | "
            f"{ratios(runs, 'static_tier'):.2f} | {median('varnish').rps:,.0f} | "
            f"{ratios(runs, 'varnish'):.2f} | {median('static_tier').p99_ms:.1f} | "
            f"{median('varnish').p99_ms:.1f} | "
            + ", ".join(f"{cpu(runs[key]):.0f}" for key in TIER_TARGETS)
            + " |"
        )
    lines += [
        "",
        "- Publish to visible through the tier, from the start of the publish to the new "
        f"headline served: median {publish['median_visible_ms']:.0f} ms, max "
        f"{publish['max_visible_ms']:.0f} ms (the publish call: median "
        f"{publish['median_publish_ms']:.0f} ms; the mirror's files are rewritten after its "
        "commit, in a thread, the story's page first; each round waits for the rewrite to end).",
        f"- Mirror export of the stack's demo: {export['files']:,} files, "
        f"{export['bytes'] / 1_000_000:.1f} MB in {export['seconds']:.1f} s "
        '(renditions made on first view included; on PostgreSQL). The section "Mirror '
        'export" below times whole exports on the embedded default.',
        "",
    ]
    return lines


def main() -> None:
    import argparse

    import run

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    for tool in ("wrk", "varnishd", "nginx"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            raise SystemExit(f"{tool} is missing: apt-get install wrk nginx varnish")
    bench = run.Bench(args)
    try:
        bench.log(f"working in {bench.tmp}; stack up")
        stack = bench.start_stack()
        if stack.wait(timeout=900) != 0:
            raise BenchError(f"stack up failed: see {bench.tmp / 'stack-up.log'}")
        varnish = f"http://127.0.0.1:{bench.varnish_port}{ARTICLE}"
        bench.targets["varnish"] = Target(
            "varnish",
            "Varnish, cache hit (production stack)",
            varnish,
            pid=read_pid(bench.stack_dir / "varnish.pid"),
        )
        _, _, html = fetch(varnish)
        bench.start_nginx(html)
        bench.results["static_tier"] = bench.static_tier()
    finally:
        bench.cleanup()
    print("\n".join(report_lines(bench.results["static_tier"])))
    if not args.keep:
        shutil.rmtree(bench.tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        raise SystemExit(str(exc)) from exc
