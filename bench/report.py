"""BENCHMARKS.md from one bench/run.py run: the numbers, the machine, the date,
the targets of issue 5 and the exact commands. Notes on a missed target are
written only when it is missed, so the file never claims what the run did not
show."""

import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

from memory import table as memory_table

PAGE_LABELS = {
    "home": "Home page `/en/`",
    "section": "Section front `/en/news/afghanistan/`",
    "tag": "Tag page `/en/tags/afghanistan/`",
    "article": "Article",
    "search": "Search `/en/search/?q=road`",
    "news_sitemap": "News sitemap `/news-sitemap.xml`",
}


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


def _ms(value: float) -> str:
    digits = 2 if value < 10 else 1 if value < 100 else 0
    return f"{value:.{digits}f} ms"


def _ok(met: bool) -> str:
    return "met" if met else "**missed**"


def _medians(bench) -> dict:
    return {key: target.median for key, target in bench.targets.items()}


def _ratio(bench, key: str, to: str = "nginx") -> float:
    """The median of the per-round ratios: each round measured both setups
    within seconds of each other, under the same neighbours."""
    pairs = zip(bench.targets[key].runs, bench.targets[to].runs, strict=True)
    return statistics.median(run.rps / base.rps for run, base in pairs)


def _judge(bench) -> dict[str, bool]:
    r = bench.results
    return {
        "varnish": _ratio(bench, "varnish") >= 0.8,
        "embedded": _ratio(bench, "embedded_cached") >= 0.1,
        "render": max(r[k]["article"]["median_ms"] for k in ("render_sqlite", "render_postgres"))
        < 15,
        "peer": _ratio(bench, "embedded_uncached", "peer_uncached") >= 2,
        "publish": r["publish"]["max_visible_ms"] < 1000,
        "spike_errors": r["spike"]["wrk"].errors == 0,
        "spike_renders": r["spike"]["url_fetches"] <= 2,
        **({"memory": _memory_total(r["memory"]) < MEMORY_BUDGET_MB} if r.get("memory") else {}),
    }


# Issue 13: the embedded default's serving processes and scheduler together.
MEMORY_BUDGET_MB = 500


def _memory_total(memory: dict) -> float:
    """The sum of each process's peak resident memory, in MB: the strictest
    count (pages the workers share with the main process count once per process)."""
    return sum(p["peak_kb"] for p in memory["processes"]) / 1024


def _targets(bench, met: dict[str, bool]) -> list[str]:
    t, r = _medians(bench), bench.results
    nginx = t["nginx"].rps
    sqlite, postgres = r["render_sqlite"]["article"], r["render_postgres"]["article"]
    spike = r["spike"]
    return [
        "| Target (issue 5) | Measured | |",
        "|---|---|---|",
        f"| Varnish hit ≥ 0.8 × nginx static | {_ratio(bench, 'varnish'):.2f} × "
        f"({t['varnish'].rps:,.0f} vs {nginx:,.0f} req/s) | {_ok(met['varnish'])} |",
        f"| Embedded default, cached ≥ 0.1 × nginx static | "
        f"{_ratio(bench, 'embedded_cached'):.3f} × ({t['embedded_cached'].rps:,.0f} req/s) "
        f"| {_ok(met['embedded'])} |",
        f"| Uncached article render, median < 15 ms | {_ms(sqlite['median_ms'])} on SQLite "
        f"(CPU {_ms(sqlite['cpu_median_ms'])}), {_ms(postgres['median_ms'])} on PostgreSQL + "
        f"Redis (CPU {_ms(postgres['cpu_median_ms'])}) | {_ok(met['render'])} |",
        f"| Uncached app ≥ 2 × stock Wagtail uncached rate | "
        f"{_ratio(bench, 'embedded_uncached', 'peer_uncached'):.2f} × "
        f"({t['embedded_uncached'].rps:,.0f} vs {t['peer_uncached'].rps:,.0f} req/s) "
        f"| {_ok(met['peer'])} |",
        f"| Publish-to-visible < 1 s | median {_ms(r['publish']['median_visible_ms'])}, "
        f"worst {_ms(r['publish']['max_visible_ms'])} | {_ok(met['publish'])} |",
        f"| Spike: zero errors | {spike['wrk'].errors} "
        f"({spike['wrk'].non_2xx} non-2xx, {spike['wrk'].socket_errors} socket) "
        f"| {_ok(met['spike_errors'])} |",
        f"| Spike: ≤ 2 backend renders | {spike['url_fetches']} | {_ok(met['spike_renders'])} |",
    ] + (
        [
            f"| Embedded default (issue 13): serving processes and scheduler < "
            f"{MEMORY_BUDGET_MB} MB, peak | {_memory_total(r['memory']):,.0f} MB "
            f"| {_ok(met['memory'])} |"
        ]
        if r.get("memory")
        else []
    )


def _memory(bench) -> list[str]:
    memory = bench.results.get("memory")
    if not memory:
        return []
    return [
        "## Memory: the embedded default after the throughput runs",
        "",
        "The page-cache-hit server of the throughput table (`serve --workers 2`, what "
        "`make demo` runs; the scheduler is a thread of the main process) after its throughput "
        f"runs and one visit to each of its {memory['pages']} pages (every page in the "
        "sitemaps, search, feeds, the live page) and every photo they show, so its page cache "
        "is full. Read from /proc (bench/memory.py): *peak* is VmHWM, the most the process "
        "ever held resident; *RSS now* is VmRSS; *PSS* divides the pages the workers share "
        "with the main process (they are forked from it with Django loaded) among them, so "
        "PSS adds up to what the tree really holds; *USS* is what each holds alone. The "
        f"{MEMORY_BUDGET_MB} MB target is compared with the sum of the peaks, which counts "
        "shared pages once per process.",
        "",
        *memory_table(memory["processes"]),
        "",
    ]


def _throughput(bench) -> list[str]:
    rows = [
        "| Setup | req/s | × nginx | p50 | p99 | errors | server CPU / req | wrk CPU / req "
        "| all rounds (req/s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for target in bench.targets.values():
        m = target.median
        rounds = ", ".join(f"{run.rps:,.0f}" for run in target.runs)
        errors = sum(run.errors for run in target.runs)
        rows.append(
            f"| {target.label} | {m.rps:,.0f} | {_ratio(bench, target.key):.3f} "
            f"| {_ms(m.p50_ms)} "
            f"| {_ms(m.p99_ms)} | {errors} | {m.server_us_per_request:,.0f} µs "
            f"| {m.wrk_us_per_request:,.0f} µs | {rounds} |"
        )
    return rows


def _render_cells(page: dict) -> list[str]:
    after = page.get("after_publish_median_ms")
    return [
        f"{_ms(page['median_ms'])} / {_ms(page['p95_ms'])}",
        f"{_ms(page['cpu_median_ms'])} / {_ms(page['db_median_ms'])}",
        f"{page['queries']} ({page['queries_cold']})",
        f"{_ms(after)} ({page['after_publish_queries']} q)" if after is not None else "",
    ]


def _render(bench) -> list[str]:
    r = bench.results
    columns = [("SQLite (embedded)", r["render_sqlite"])]
    columns.append(("PostgreSQL + Redis", r["render_postgres"]))
    if r.get("scale"):
        columns.append((f"{r['scale']['articles']:,} articles, PostgreSQL", r["scale"]["times"]))
    head = "| Page |"
    for name, _ in columns:
        head += f" {name}: median / p95 | CPU / DB | queries (cold) | after a publish |"
    rows = [head, "|---|" + "---:|" * 4 * len(columns)]
    for key, label in PAGE_LABELS.items():
        cells = [cell for _, data in columns for cell in _render_cells(data[key])]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    peer = _render_cells(r["render_peer"]) + [""] * 4 * (len(columns) - 1)
    rows.append("| Stock Wagtail article (peer, SQLite) | " + " | ".join(peer) + " |")
    return rows


def _notes(bench, met: dict[str, bool]) -> list[str]:
    t, r = _medians(bench), bench.results
    sqlite = r["render_sqlite"]["article"]
    postgres = r["render_postgres"]["article"]
    contention = sqlite["median_ms"] / max(sqlite["cpu_median_ms"], 0.001)
    notes = [
        f"- **A small, shared machine.** {os.cpu_count()} logical CPUs carry wrk, the server "
        "under test and the idle servers beside it, and other jobs ran on the host: the load "
        f"average was {r['load_before'][0]:.1f} before the run and {r['load_after'][0]:.1f} "
        "after. "
        + (
            f"The in-process article render took {contention:.1f} × as long in wall time as "
            "in CPU time: it waited for a CPU the neighbours held. "
            if contention > 1.2
            else "The in-process renders got their CPU (wall time ≈ CPU time); the "
            "throughput runs, which need both CPUs at once, felt the neighbours more. "
        )
        + "Absolute numbers move between runs (see the rounds). The rounds are interleaved "
        "and each ratio is the median of per-round ratios, so a busy neighbour slows both "
        "sides of a ratio alike; the CPU columns say what a request costs whatever the "
        "neighbours do.",
        f"- **Pages differ in size.** Dateline's article is {r['article_bytes']:,} bytes of "
        "HTML (lead photo with srcset, byline, tags, related stories, notes, JSON-LD, "
        f"comments); the stock Wagtail article is {r['render_peer']['bytes']:,} bytes: the "
        "headline and the same paragraphs in Wagtail's bare template. The peer comparison "
        "flatters the peer.",
    ]
    notes.append(
        "- **What an uncached article view does.** No page cache answers it: every view "
        "routes the request (one indexed query for the live article at that path, its SQL "
        "compiled once per process; the site, the edition's front page and whether any "
        "page has view restrictions are remembered per process), checks view restrictions, "
        "and assembles the page. What the article shows is rendered once per live revision "
        "and *content version* (dateline/base/invalidation.py): every publish, "
        "unpublish, move or delete of a page and every save of a photo, author, tag, site "
        "or setting moves the version, and comments have a stamp of their own, so an edit "
        "is never shown late (dateline/newsroom/tests/test_article_freshness.py). Those "
        "parts are kept in the shared cache and in each process's memory. The *after a "
        "publish* column is the view right after such a change (bench/render_times.py "
        "moves the version before each timed request), when everything is rendered again: "
        f"the article then costs {_ms(sqlite.get('after_publish_median_ms') or 0)} and "
        f"{sqlite.get('after_publish_queries', '?')} queries on SQLite, once per change.",
    )
    if not met["varnish"]:
        varnish, nginx = t["varnish"], t["nginx"]
        notes.append(
            f"- **Varnish reached {varnish.rps / nginx.rps:.2f} × nginx, not 0.8 ×.** Both "
            "answer from memory, but a Varnish hit cost "
            f"{varnish.server_us_per_request:,.0f} µs of CPU against nginx's "
            f"{nginx.server_us_per_request:,.0f} µs "
            f"({varnish.server_us_per_request / max(nginx.server_us_per_request, 0.1):.1f} ×), "
            "and wrk needs "
            f"{varnish.wrk_us_per_request:,.0f} / {nginx.wrk_us_per_request:,.0f} µs per "
            "response on the same two CPUs. With both CPUs busy the ratio follows the CPU "
            "costs: Varnish does more per hit (a worker thread per connection, VCL, "
            "Age/X-Cache headers, the object's 15 response headers against nginx's 8) than "
            "nginx's sendfile() of a cached file. What was tried (dateline/caching/stack.py, "
            "deploy/varnish/dateline.vcl), measured as varnishd CPU per hit with "
            "`wrk -t2 -c64 -d5s`, 3 rounds each, interleaved with nginx: the stack's varnishd "
            "logs only the backend side and transaction bounds (`-p vsl_mask=…`: 25 → 19 µs, "
            "the one change that mattered, kept); the VCL's tracking-parameter rewrites run "
            "only when the URL has one (−1 µs, kept); one thread pool and "
            "`http_gzip_support=off` (≈ −1 µs, within noise, not kept: the latter would "
            "change what is cached). nginx stayed at 7–8 µs. Where the rest goes (a stack "
            "on 127.0.0.1, `perf record -g -p <varnishd child>` and `strace -c -f` during "
            "`wrk -t2 -c64`): a hit makes only three system calls (one read, one writev, one "
            "poll), but 43 % of varnishd's samples are the kernel switching threads "
            "(finish_task_switch, mostly returning from poll). Varnish gives each connection "
            "its own worker thread, which waits in poll for that connection's next keep-alive "
            "request, so every request wakes a thread; nginx's two event-loop workers take "
            "many ready connections per epoll_wait. 0.8 × needs a hit to cost about what an "
            "nginx one does; the gap is that threading model, not configuration. A new "
            "connection per request (`Connection: close`, as readers arriving from a link "
            "open one) does not close it: `bench/connections.sh` measured 0.47–0.48 × "
            "(about 18,000 against 38,000 req/s, 3 interleaved rounds; keep-alive 0.51–0.54 × "
            "in the same run). A load generator on another machine would not close it "
            "either: with wrk's CPU gone the ratio follows the servers' own costs per hit, "
            "about 0.4 ×."
        )
    if not met["embedded"]:
        embedded = t["embedded_cached"]
        notes.append(
            f"- **The embedded page cache is below 0.1 × nginx.** A hit costs "
            f"{embedded.server_us_per_request:,.0f} µs of CPU: granian's WSGI bridge into "
            "Python, the security middleware, reading and unpickling a cache file "
            "(FileBasedCache) and building a Django response, on 2 workers."
        )
    if not met["render"]:
        under = max(sqlite["cpu_median_ms"], postgres["cpu_median_ms"]) < 15
        notes.append(
            f"- **The uncached article median is {_ms(sqlite['median_ms'])} (SQLite) / "
            f"{_ms(postgres['median_ms'])} (PostgreSQL), not under 15 ms.** Of that, the "
            f"process's CPU time is {_ms(sqlite['cpu_median_ms'])} / "
            f"{_ms(postgres['cpu_median_ms'])} and the database {_ms(sqlite['db_median_ms'])} / "
            f"{_ms(postgres['db_median_ms'])} ({sqlite['queries']} queries). "
            + (
                "The CPU cost alone is under 15 ms: on this run the rest was waiting for a "
                "CPU the host's other jobs held. "
                if under
                else "Even the CPU cost alone is over 15 ms. "
            )
            + "See the note on what an uncached article view does for where its time goes."
        )
    if not met["peer"]:
        ours, peer = t["embedded_uncached"], t["peer_uncached"]
        notes.append(
            f"- **Uncached, Dateline serves "
            f"{_ratio(bench, 'embedded_uncached', 'peer_uncached'):.2f} × the stock Wagtail "
            "rate, not 2 ×.** An uncached Dateline article cost "
            f"{ours.server_us_per_request / 1000:,.1f} ms of server CPU against the peer's "
            f"{peer.server_us_per_request / 1000:,.1f} ms: the peer renders "
            f"{r['render_peer']['bytes']:,} bytes from one small template with "
            f"{r['render_peer']['queries']} queries, Dateline {r['article_bytes']:,} bytes "
            f"with {sqlite['queries']} queries, the article's blocks and photos. In-process "
            f"the peer renders in {_ms(r['render_peer']['median_ms'])}, Dateline in "
            f"{_ms(sqlite['median_ms'])}. The target needs a Dateline article to cost at most "
            "half of what the peer's does; it costs "
            f"{ours.server_us_per_request / max(peer.server_us_per_request, 1):.1f} × as much."
        )
    timeouts = [
        target.label
        for target in bench.targets.values()
        if any(run.socket_errors for run in target.runs)
    ]
    if timeouts:
        notes.append(
            f"- **Errors in the throughput table** ({', '.join(timeouts)}) are wrk's 2 s "
            "request timeout: 64 connections queue on 2 workers that manage a few dozen "
            "renders a second, so the last in the queue wait over 2 s. No request failed "
            "with an error status."
        )
    if not met["publish"]:
        notes.append(
            "- **Publish-to-visible exceeded 1 s.** Most of it is the publish call (see the "
            "rounds): the revision, Wagtail's signals and the purge list sent to Varnish one "
            "URL at a time after the commit."
        )
    if not met["spike_errors"]:
        notes.append(
            "- **The spike had errors**: 500 connections on a 2-CPU host; socket timeouts "
            "are wrk's 2 s limit on requests queued while the one backend fetch renders."
        )
    if not met["spike_renders"]:
        notes.append(
            "- **The spike rendered the article more than twice**: Varnish's request "
            "coalescing did not hold (hit-for-miss, or an uncacheable first response)."
        )
    if r.get("scale"):
        base, big = r["render_postgres"], r["scale"]["times"]
        grew = [
            f"{PAGE_LABELS[k].split(' `')[0].lower()} {big[k]['median_ms'] / v['median_ms']:.1f} ×"
            for k, v in base.items()
            if big[k]["median_ms"] > 1.5 * v["median_ms"]
        ]
        database_bound = [
            f"{PAGE_LABELS[k].split(' `')[0].lower()} ({_ms(v['db_median_ms'])} of "
            f"{_ms(v['median_ms'])})"
            for k, v in big.items()
            if v["db_median_ms"] > 0.5 * v["median_ms"]
        ]
        if grew:
            notes.append(
                f"- **At {r['scale']['articles']:,} articles** the pages that read many "
                f"articles got slower: {', '.join(grew)} (PostgreSQL, uncached). "
                + (
                    f"The database is most of the time for {', '.join(database_bound)}. "
                    if database_bound
                    else ""
                )
                + "The article itself is found by one indexed url_path lookup and stays flat."
            )
    return notes


def write_report(path: Path, bench) -> None:
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
        *_scale(),
        *_lighthouse(),
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


SCALE_RESULTS = Path(__file__).resolve().parent / "scale-results.json"
LIGHTHOUSE_RESULTS = Path(__file__).resolve().parent / "results" / "lighthouse.json"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def _lighthouse(path: Path = LIGHTHOUSE_RESULTS) -> list[str]:
    """The "Lighthouse" section, from bench/lighthouse.py's saved results."""
    if not path.exists():
        return ["## Lighthouse", "", "No saved results: run bench/lighthouse.py.", ""]
    data = json.loads(path.read_text())
    lines = [
        "## Lighthouse",
        "",
        f"Lighthouse {data['lighthouse_version']}, {data['settings']}, measured "
        f"{data['date'][:16].replace('T', ' ')} UTC with `{data['script']}` "
        f"(results in bench/results/{path.name}). Each cell is the median "
        "of the page's runs, the runs in brackets. `make test` checks the same four pages "
        "(dateline/newsroom/tests/test_lighthouse.py): accessibility, best practices and SEO "
        "must be 100, performance at least 95.",
        "",
        "| Page | " + " | ".join(LIGHTHOUSE_CATEGORIES) + " |",
        "|---|" + "---:|" * len(LIGHTHOUSE_CATEGORIES),
    ]
    for name, page in data["pages"].items():
        cells = []
        for category in LIGHTHOUSE_CATEGORIES:
            runs = ", ".join(str(run["scores"][category]) for run in page["runs"])
            cells.append(f"{page['scores'][category]} ({runs})")
        lines.append(f"| {name} `{page['path']}` | " + " | ".join(cells) + " |")
    lines += ["", f"The Lighthouse command per page: `{data['command']}`", ""]
    return lines


SCALE_PAGES = {
    "home": "Home `/en/`",
    "section_p1": "Section front, page 1 `/en/news/afghanistan/`",
    "section_p500": "Section front, page 500 `?page=500`",
    "tag": "Tag page `/en/tags/afghanistan/`",
    "search": "Search `/en/search/?q=road`",
}
PUBLIC_MS, ADMIN_MS, SITEMAP_S, MAX_QUERIES = 100, 1000, 3, 12


def _scale_judge(steps: dict) -> dict[str, bool]:
    sizes = sorted(steps, key=int)
    big, small = steps[sizes[-1]], steps[sizes[0]]
    queries = {k: [steps[n]["pages"][k]["queries"] for n in sizes] for k in SCALE_PAGES}
    return {
        "public": all(big["pages"][k]["p95_ms"] < PUBLIC_MS for k in SCALE_PAGES),
        "admin": big["pages"]["admin_listing"]["p95_ms"] < ADMIN_MS,
        "sitemap": big["sitemap"]["seconds"] < SITEMAP_S,
        "queries": all(max(q) <= MAX_QUERIES for q in queries.values()),
        "flat": all(
            big["pages"][k]["queries"] == small["pages"][k]["queries"] for k in SCALE_PAGES
        ),
    }


def _scale(path: Path = SCALE_RESULTS) -> list[str]:
    """The "At scale" section, from bench/scale.py's saved results when present."""
    if not path.exists():
        return [
            "## At scale",
            "",
            "No saved results: run `make bench-scale` (bench/scale.py) to add them here.",
            "",
        ]
    data = json.loads(path.read_text())
    steps = data["steps"]
    sizes = sorted(steps, key=int)
    met = _scale_judge(steps)
    big = steps[sizes[-1]]
    head = "| | " + " | ".join(f"{int(n):,} articles" for n in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)

    def row(label, cell):
        return f"| {label} | " + " | ".join(cell(steps[n]) for n in sizes) + " |"

    def page(key):
        return lambda s: f"{_ms(s['pages'][key]['p95_ms'])} ({s['pages'][key]['queries']} q)"

    # The biggest step's data, as one stack was filled (the steps may come from
    # different stacks).
    loads = [steps[n].get("load") for n in sizes]
    built = big.get("built") or {
        "articles": sum(x["added"] for x in loads if x),
        "seconds": sum(x["seconds"] for x in loads if x),
    }
    load_total, added_total = built["seconds"], built["articles"]
    lines = [
        "## At scale",
        "",
        f"Measured {data['date'][:16].replace('T', ' ')} UTC by `make bench-scale` "
        f"(bench/scale.py; results kept in bench/{path.name}); load average "
        f"{', '.join(f'{x:.1f}' for x in data['load_average'])} at the end. Articles are "
        "added with `python -m dateline bench-data --section news/afghanistan` to a stack of "
        "its own (`stack up --demo 12`: PostgreSQL 15, Redis, 12 demo articles), all in one "
        "section, so that section, its front page and its admin listing hold them all. "
        "Pages are rendered in-process with `DATELINE_PAGE_CACHE=` (every request renders), "
        f"{data['runs']} timed requests each after a warm-up; cells are p95 and SQL queries "
        "per warm request.",
        "",
        "| Target (issue 5) | Measured | |",
        "|---|---|---|",
        f"| Every public page < {PUBLIC_MS} ms p95 at {int(sizes[-1]):,} | worst "
        f"{_ms(max(big['pages'][k]['p95_ms'] for k in SCALE_PAGES))} | {_ok(met['public'])} |",
        f"| Admin listing of the section < 1 s | "
        f"{_ms(big['pages']['admin_listing']['p95_ms'])} p95 | {_ok(met['admin'])} |",
        f"| 50,000-URL sitemap file < 3 s, memory flat | "
        f"{big['sitemap']['seconds']:.2f} s, peak RSS "
        + ", ".join(f"{steps[n]['sitemap']['rss_peak_mb']:.0f}" for n in sizes)
        + f" MB | {_ok(met['sitemap'])} |",
        f"| Every public page ≤ {MAX_QUERIES} queries | worst "
        f"{max(steps[n]['pages'][k]['queries'] for n in sizes for k in SCALE_PAGES)} "
        f"| {_ok(met['queries'])} |",
        f"| The same queries at {int(sizes[0]):,} and {int(sizes[-1]):,} | "
        + ("same" if met["flat"] else "differ")
        + f" | {_ok(met['flat'])} |",
        f"| A million articles loaded in < 30 min | {added_total:,} in {load_total / 60:.1f} "
        f"min | {_ok(added_total >= 990_000 and load_total < 1800)} |",
        "",
        head,
        rule,
        *[row(label, page(key)) for key, label in SCALE_PAGES.items()],
        row(
            "Admin: the section's listing `/admin/pages/<id>/`",
            lambda s: (
                f"{_ms(s['pages']['admin_listing']['p95_ms'])} "
                f"({s['pages']['admin_listing']['queries']} q)"
            ),
        ),
        row(
            "Sitemap file `/sitemap-articles.xml?p=1`",
            lambda s: (
                f"{s['sitemap']['seconds']:.2f} s, again "
                f"{s['sitemap'].get('seconds_again', float('nan')):.2f} s; "
                f"{s['sitemap']['urls']:,} URLs"
            ),
        ),
        row(
            "Sitemap: process RSS before → peak",
            lambda s: f"{s['sitemap']['rss_before_mb']:.0f} → {s['sitemap']['rss_peak_mb']:.0f} MB",
        ),
        row(
            "Load (bench-data, added since the step before)",
            lambda s: (
                f"{s['load']['added']:,} in {s['load']['seconds']:.0f} s" if s.get("load") else "–"
            ),
        ),
        row(
            "Load average when measured (2 CPUs, shared)",
            lambda s: (
                ", ".join(f"{x:.1f}" for x in s["load_average"]) if s.get("load_average") else "–"
            ),
        ),
        "",
        f"At {int(sizes[-1]):,} articles, medians: wall time, the process's CPU time and the "
        "time spent waiting on PostgreSQL. On a busy shared host the p95 above is mostly "
        "waiting for a CPU; CPU and DB show what a page costs.",
        "",
        "| | median | CPU | DB |",
        "|---|---|---|---|",
        *[
            f"| {label} | {_ms(big['pages'][key]['median_ms'])} | "
            f"{_ms(big['pages'][key]['cpu_median_ms'])} | "
            f"{_ms(big['pages'][key]['db_median_ms'])} |"
            for key, label in [*SCALE_PAGES.items(), ("admin_listing", "Admin listing")]
        ],
        "",
        'The section and tag pages\' counts ("Page 1 of N") are kept in the shared cache '
        "per content version, which every publish moves (dateline/newsroom/pagination.py); "
        "*queries* counts a warm request, like the app's other caches, which hold parts of "
        'pages per revision and content version (see "What an uncached article view does" '
        "above). Search on PostgreSQL ranks the 200 newest matches "
        "(dateline/search/recent.py).",
        "",
        "What was slow at a million and what changed (the database side):",
        "",
        '- Section and tag fronts counted every article for "Page N of M" (about a second) '
        "and computed every skipped card's columns for `?page=500`: the count is cached, "
        "the page's rows are picked by key first (dateline/newsroom/pagination.py).",
        "- Search read and ranked every article (`(title || body) @@ query` cannot use an "
        "index). On PostgreSQL it now takes the 200 newest matches and ranks those with "
        "Wagtail's weights, in the same query (dateline/search/recent.py): for a common word "
        "it walks the newest 4,000 articles by publication time, probing each one's search "
        "entry, as a LIMITed subquery (so PostgreSQL does not hand the probes to parallel "
        "workers); when fewer than 200 of those match, the GIN indexes on the search entries "
        "list every match (up to 5,000) and those are ordered; past that, the walk goes on. "
        "A word found nowhere used to walk every article (seconds); it now costs about "
        "100 ms. Relevance: older matches beyond the 200 are found by narrowing (section, "
        "dates, more words), and the page says so. `bench/search_words.py` times the search "
        "page for chosen words on this stack.",
        "- The admin explorer counted a million children, semi-joined every page for a "
        "superuser's permissions, listed owners with DISTINCT over every page, sorted every "
        "child by edit time, and (as every admin page does) found the tree's root with a "
        "sequential scan: the count comes from the tree's numchild, the other filters are "
        "skipped or asked per user (dateline/newsroom/explorer.py, Wagtail's documented "
        "PageViewSet `parent_models`), two indexes (newsroom migration 0006).",
        "- The sitemap file counted a million articles and rendered 50,000 URLs through a "
        "template loop: the count is cached, the URLs are written by one filter; memory "
        "stays at about 80 MB over the process's start whatever the archive's size.",
        "- The front page, section and tag fronts render their cards once per revision, "
        "content version and comment count, and the front page works out which articles it "
        "shows once per content version; a warm view reads the cards' rows (with comment "
        "counts) in one query. Query counts do not grow with the archive.",
        "",
        "How each column's database was built (`bench/scale.py` ran these, then measured):",
        "",
        "```sh",
        *[
            line
            for n in sizes
            for line in [f"# {int(n):,} articles", *steps[n].get("commands", [])]
        ],
        "```",
        "",
    ]
    return lines
