"""BENCHMARKS.md from one bench/run.py run: the numbers, the machine, the date,
the targets of issue 5 and the exact commands. Notes on a missed target are
written only when it is missed, so the file never claims what the run did not
show."""

import importlib.metadata
import os
import platform
import re
import subprocess
from pathlib import Path

from report_notes import _notes
from report_saved import (
    _ab_embedded,
    _audio_rungs,
    _capacity,
    _dashboard,
    _lighthouse,
    _lite_weights,
    _mirror_export,
    _newsletter_send,
    _readership,
    _scale,
)
from report_tables import (
    _judge,
    _memory,
    _ms,
    _render,
    _targets,
    _throughput,
)
from static_tier import report_lines as _static_tier


def _version(argv, pattern: str) -> str:
    """A tool's version from its banner (some print it on stderr, wrk exits 1)."""
    try:
        done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    match = re.search(pattern, done.stdout + done.stderr)
    return match.group(1) if match else "?"


def machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    os_name = re.search(r'PRETTY_NAME="(.+)"', Path("/etc/os-release").read_text())
    postgres = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), reverse=True)
    versions = {
        "Python": platform.python_version(),
        **{name: importlib.metadata.version(name) for name in ("Django", "wagtail", "granian")},
        "nginx": _version(["nginx", "-v"], r"nginx/(\S+)"),
        "Varnish": _version(["varnishd", "-V"], r"varnish-(\S+)"),
        "PostgreSQL": _version([postgres[0], "--version"], r"(\d+\.\d+)") if postgres else "?",
        "Redis": _version(["redis-server", "--version"], r"v=(\S+)"),
        "wrk": _version(["wrk", "-v"], r"wrk (\S+)"),
    }
    return [
        f"- CPU: {model.group(1) if model else platform.processor()}, "
        f"{os.cpu_count()} logical CPUs (shared by the servers and wrk)",
        f"- Memory: {int(mem.group(1)) / 1024 / 1024:.0f} GiB" if mem else "- Memory: ?",
        f"- OS: {os_name.group(1) if os_name else platform.system()}, kernel {platform.release()}",
        "- " + ", ".join(f"{name} {version}" for name, version in versions.items()),
    ]


def write_report(path: Path, bench) -> None:
    # The static tier's rounds are kept with its own results (its section below).
    bench.targets = {key: target for key, target in bench.targets.items() if target.runs}
    r = bench.results
    met = _judge(bench)
    spike = r["spike"]
    wrk_command = re.sub(r"http://\S+", "URL", next(iter(bench.targets.values())).runs[0].command)
    run_command = ".venv/bin/python bench/run.py" + (
        f" --scale {bench.args.scale}" if bench.args.scale else ""
    )
    publish_rounds = ", ".join(_ms(x["visible_ms"]) for x in r["publish"]["rounds"])
    publish_only = ", ".join(_ms(x["publish_ms"]) for x in r["publish"]["rounds"])
    lines = [
        "# Benchmarks",
        "",
        "Issue 5's measurements, all from one run of `make bench` "
        f"(`{run_command}`), everything on 127.0.0.1, every server started and stopped by "
        "the run. This file is written by that run: regenerate it rather than edit it.",
        "",
        f"- Date: {r['date']:%Y-%m-%d %H:%M} UTC; the run took {r['seconds'] / 60:.1f} min",
        *machine(),
        "",
        "## Targets",
        "",
        *_targets(bench, met),
        "",
        "## Throughput: the same article, keep-alive",
        "",
        f"`{wrk_command}` per setup, {bench.args.rounds} interleaved rounds of "
        f"{bench.args.duration} s; the table shows the median round. The article is the demo's "
        "showcase story, *Valley towns reopen mountain road as winter nears*. nginx serves the "
        "HTML fetched from the app as a static file. *Server CPU / req* is the user + system "
        "time of the server's processes over the run divided by the requests served; "
        "*wrk CPU / req* the same for the load generator.",
        "",
        *_throughput(bench),
        "",
        "- nginx: bench/nginx.conf.template (2 workers, sendfile, open_file_cache, no access log).",
        "- Varnish: `python -m dateline stack up --demo 12` (PostgreSQL, Redis, granian with 2 "
        "workers, Varnish with deploy/varnish/dateline.vcl); every request a hit.",
        "- Embedded default: `python -m dateline serve --workers 2` on SQLite with the "
        "default settings after `migrate`, `collectstatic`, `load-demo`, `live demo-channel` "
        "(what `make demo` does); repeat views come from the file-based page cache. "
        "Uncached: the same app and data with `DATELINE_PAGE_CACHE=`.",
        "- Stock Wagtail: `wagtail start` project code plus an ArticlePage (title + "
        "RichTextField body) with the same headline and paragraphs, its production settings "
        "(DEBUG off), SQLite with Django's default `CONN_MAX_AGE=0` (a new connection per "
        "request, as a stock site has; Dateline keeps one per worker thread), granian with "
        "the same 2 workers and 4 blocking threads; cached: "
        "Django's UpdateCacheMiddleware/FetchFromCacheMiddleware, locmem, "
        "CACHE_MIDDLEWARE_SECONDS=300 (bench/peer.py).",
        "",
        "## Uncached render time and SQL queries",
        "",
        f"In-process with Django's test Client, `DATELINE_PAGE_CACHE=` "
        f"({bench.args.render_runs} timed requests per page after a warm-up): middleware, "
        "routing, queries and templates, no HTTP. *CPU* is the process's CPU time, *DB* the "
        "time spent in database calls (medians). Queries counted with CaptureQueriesContext "
        "on a warm process; *(cold)* is the first request of the process. *After a publish* "
        "is the median of views each made right after the content version moved (as every "
        "publish does), with their queries: the page's parts are all rendered again.",
        "",
        *_render(bench),
        "",
    ]
    if r.get("scale"):
        scale = r["scale"]
        lines += [
            f"The {scale['articles']:,}-article columns: `python -m dateline bench-data --articles "
            f"{scale['articles']}` bulk-loaded them into the stack's PostgreSQL in "
            f"{scale['load_seconds']:.0f} s (pages, articles, tags, authors, search index "
            "entries), on top of the 12 demo articles, one every 15 minutes back from an hour "
            "ago, copying the demo articles' words and photos.",
            "",
        ]
    lines += [
        *_memory(bench),
        "## Publish to visible",
        "",
        "On the stack: `bench/publish.py` changes the headline and publishes a revision "
        "in-process (the same path as the admin's Publish: Wagtail signals, the purge list, "
        "PURGE to Varnish after the commit), then polls the article through Varnish every "
        "2 ms until the new headline is served. Five rounds:",
        "",
        f"- the publish call: {publish_only}",
        f"- from the start of the publish to the new headline served: {publish_rounds}",
        "",
        *(_static_tier(r["static_tier"]) if r.get("static_tier") else []),
        "## The spike",
        "",
        "The article is published again (its URLs purged, so Varnish holds no copy), then "
        f"`{re.sub(r'http://[^/]+', '', spike['wrk'].command)}` hits it through Varnish at "
        "once, with the file limit raised to the hard limit.",
        "",
        f"- {spike['wrk'].requests:,} requests, {spike['wrk'].rps:,.0f} req/s, "
        f"p50 {_ms(spike['wrk'].p50_ms)}, p99 {_ms(spike['wrk'].p99_ms)}",
        f"- errors: {spike['wrk'].non_2xx} non-2xx, {spike['wrk'].socket_errors} socket errors",
        f"- backend renders of the article: {spike['url_fetches']} (varnishlog, backend "
        f"requests for that URL); Varnish's MAIN.backend_req rose by {spike['backend_req']}",
        "",
        "## Notes",
        "",
        *_notes(bench, met),
        "",
        *_ab_embedded(),
        *_scale(),
        *_lighthouse(),
        *_lite_weights(),
        *_mirror_export(),
        *_readership(),
        *_newsletter_send(),
        *_audio_rungs(),
        *_dashboard(),
        *_capacity(),
        "## Commands",
        "",
        "What the run executed, in order (`$TMP` is its temporary folder; `<stack env>` is "
        "the variables in `$TMP/stack/env`: DATABASE_URL, REDIS_URL, VARNISH_URL, "
        "DATELINE_DATA_DIR, DATELINE_TRUST_X_FORWARDED_FOR). Each throughput target was "
        f"measured with `{wrk_command}`, the file limit raised to the hard limit.",
        "",
        "```sh",
        *bench.commands,
        "```",
        "",
    ]
    path.write_text("\n".join(lines))
