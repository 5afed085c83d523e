"""The "At scale" and "Lighthouse" sections of BENCHMARKS.md, from the results
bench/scale.py and bench/lighthouse.py save, when present."""

import json
from pathlib import Path

from report_tables import (
    _ms,
    _ok,
)

SCALE_RESULTS = Path(__file__).resolve().parent / "scale-results.json"
LIGHTHOUSE_RESULTS = Path(__file__).resolve().parent / "results" / "lighthouse.json"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
AB_RESULTS = Path(__file__).resolve().parent / "results" / "ab-embedded.json"
LITE_RESULTS = Path(__file__).resolve().parent / "results" / "lite-weights.json"
AUDIO_RUNGS_RESULTS = Path(__file__).resolve().parent / "results" / "audio-rungs.json"
MIRROR_EXPORT_RESULTS = Path(__file__).resolve().parent / "results" / "mirror-export.json"


def _audio_rungs(path: Path = AUDIO_RUNGS_RESULTS) -> list[str]:
    """Bytes per hour of each audio-only rung, from bench/audio_rungs.py's saved result."""
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    lines = [
        "## Audio rungs",
        "",
        "Each audio-only rung of the live channel's HLS, as `live package` encodes it (and "
        "`live test-stream`, in 2-second segments): every segment of a "
        f"{data['rows'][0]['seconds']:.0f}-second source summed over the time its playlist "
        "lists, scaled to an hour (MB = 10⁶ bytes). *Listed* is the master playlist's "
        "BANDWIDTH (ffmpeg writes the AAC rate plus a tenth, without the transport stream); "
        "*page says* is the cost per hour the Audio Only page shows, from the AAC rate plus "
        "8 kbit/s for ADTS and MPEG-TS. Debian 12's ffmpeg has only its own AAC encoder "
        "(`ffmpeg -encoders`), which makes no HE-AAC, so the low rung is AAC-LC. Measured "
        f"{data['date'][:16].replace('T', ' ')} UTC with `{data['command']}`.",
        "",
        "| Source | Segments | Rung | Listed (kbit/s) | On the wire (kbit/s) | MB per hour "
        "| Page says |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for row in data["rows"]:
        rate = row["bytes"] * 8 / row["seconds"] / 1000
        per_hour = row["bytes"] / row["seconds"] * 3600 / 1e6
        rung = (
            f"{row['rung']}: AAC-LC {row['kbps']} kbit/s, "
            f"{'mono' if row['channels'] == 1 else 'stereo'}, {row['sample_rate'] / 1000:g} kHz"
        )
        lines.append(
            f"| {row['source']} | {row['segment']} s | {rung} | {row['bandwidth'] / 1000:.1f} "
            f"| {rate:.1f} | {per_hour:.1f} | about {round(row['page_megabytes_per_hour'])} MB |"
        )
    lines.append("")
    return lines


def _ab_embedded(path: Path = AB_RESULTS) -> list[str]:
    """The A/B of the embedded cache hits against an earlier commit, from
    bench/ab_embedded.py's saved result."""
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    rounds = data["rounds"]
    lines = [
        "## Embedded cache hits against an earlier commit (A/B)",
        "",
        "The ratios above move by about a tenth between runs of the same code on this shared "
        "machine, so whether a change made the embedded default's cache hits slower is "
        "measured side by side: both trees served at once, interleaved wrk rounds "
        f"(`wrk -t2 -c64 -d5s`, {data['path']}). Measured "
        f"{data['date'][:16].replace('T', ' ')} UTC with `{data['command']}`.",
        "",
        "| Tree | median req/s | rounds (req/s) |",
        "|---|---:|---|",
    ]
    for name in ("old", "new"):
        values = ", ".join(f"{value:,.0f}" for value in rounds[name])
        median = data["medians"][name]
        lines.append(f"| {name}: {data['commits'][name]} | {median:,.0f} | {values} |")
    lines += [
        "",
        f"New / old: **{data['ratio']:.3f} ×**; the new tree was ahead in {data['wins']} of "
        f"{len(rounds['new'])} rounds.",
        "",
    ]
    return lines


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


def _lite_weights(path: Path = LITE_RESULTS) -> list[str]:
    """The text-only edition's page weights, from bench/lite_weights.py's saved result."""
    if not path.exists():
        return []
    rows = json.loads(path.read_text())
    lines = [
        "## Text-only edition: page weights",
        "",
        "Every page type of every edition at its text-only address, on the wire: status "
        "line, headers and compressed body, as a browser taking brotli (or only gzip) receives "
        "it from the embedded default (`make demo`). The limit is 8 KB (8,192 B). The full "
        "page's column is its HTML alone; it also loads a stylesheet, scripts and photos. "
        "Measured with `.venv/bin/python bench/lite_weights.py --base <the demo's URL>` "
        "(results in bench/results/lite-weights.json).",
        "",
        "| Edition | Page | Text-only, br | Text-only, gzip | Full page (HTML only), br |",
        "|---|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['edition']} | {row['page']} | {row['br']:,} B | {row['gzip']:,} B "
            f"| {row['full br']:,} B |"
        )
    heaviest = max(rows, key=lambda row: row["gzip"])
    lines += [
        "",
        f"Heaviest: {heaviest['edition']} {heaviest['page']}, {heaviest['gzip']:,} B with gzip.",
        "",
    ]
    return lines


def _size(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


def _mirror_export(path: Path = MIRROR_EXPORT_RESULTS) -> list[str]:
    """Time and size of full mirror exports, from bench/mirror_export.py's saved results."""
    if not path.exists():
        return []
    runs = json.loads(path.read_text())
    lines = [
        "## Mirror export",
        "",
        "`python -m dateline mirror export` of the whole public site (every edition, full and "
        "text-only pages, feeds, sitemaps, static files, renditions) on the embedded default "
        "(SQLite), measured with `.venv/bin/python bench/mirror_export.py --dir DIR "
        "--articles N` (`--demo-only` for the demo; results in "
        "bench/results/mirror-export.json). A site of N articles is the demo topped up "
        "with `bench-data` in one section, so that section, its tags and its authors list "
        "them all, a listing page of 20 per `~page=N` file. *Peak memory* is the largest "
        "process's (the export or one of its workers).",
        "",
        "| Site | Articles | Files | of them pages | Size | Time | Files per second | Jobs "
        "| Peak memory | Load after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key in sorted(runs, key=lambda k: runs[k]["articles"]):
        run = runs[key]
        minutes = run["seconds"] / 60
        took = f"{run['seconds']:.0f} s" if minutes < 2 else f"{minutes:.1f} min"
        lines.append(
            f"| {'the demo' if key == 'demo' else f'{int(key):,} articles'} "
            f"| {run['articles']:,} | {run['files']:,} | {run['html_pages']:,} "
            f"| {_size(run['bytes'])} | {took} | {run['files'] / run['seconds']:.0f} "
            f"| {run['jobs']} of {run['cpus']} CPUs | {run['peak_rss_mb']:.0f} MB "
            f"| {', '.join(f'{x:.1f}' for x in run['load'])} |"
        )
    lines.append("")
    notes = [(key, runs[key]["note"]) for key in runs if runs[key].get("note")]
    for key, note in notes:
        lines.append(f"- {'The demo' if key == 'demo' else f'{int(key):,} articles'}: {note}")
    if notes:
        lines.append("")
    return lines


READERSHIP_RESULTS = Path(__file__).resolve().parent / "results" / "readership.json"
NEWSLETTER_RESULTS = Path(__file__).resolve().parent / "results" / "newsletter-send.json"


def _rps(run: dict) -> str:
    return f"{run['requests_per_second']:,.0f}"


def _readership(path: Path = READERSHIP_RESULTS) -> list[str]:
    """Beacons a second on the embedded default, from bench/beacons.py's saved results."""
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    targets = r["targets"]
    beside = r["article_with_beacons_beside"]
    return [
        "## Readership beacons",
        "",
        f"`.venv/bin/python {r['command']}` (commit {r['commit']}, {r['date'][:16]} UTC, "
        f"{r['cpus']} CPUs): the embedded default (`serve --workers {r['workers']}`, SQLite, "
        "file page cache), wrk with 2 threads on the same CPUs, "
        f"{r['duration_seconds']} s per run, {r['connections']} connections, "
        f"{r.get('rounds', 1)} interleaved rounds (the table shows the median round). A beacon is "
        "`POST /_r` with a browser's User-Agent, answered before Django (a count in memory, "
        "written in batches).",
        "",
        "| Run | Requests/s | p99 |",
        "|---|---:|---:|",
        f"| The article alone (page-cache hit) | {_rps(r['article_alone'])} "
        f"| {r['article_alone']['p99']} |",
        f"| Beacons alone | {_rps(r['beacons_alone'])} | {r['beacons_alone']['p99']} |",
        f"| The article, with {_rps(beside['beacons'])} beacons/s beside it "
        f"| {_rps(beside['article'])} | {beside['article']['p99']} |",
        f"| Both flat out: the article | {_rps(r['both_flat_out']['article'])} "
        f"| {r['both_flat_out']['article']['p99']} |",
        f"| Both flat out: beacons | {_rps(r['both_flat_out']['beacons'])} "
        f"| {r['both_flat_out']['beacons']['p99']} |",
        "",
        f"- Beacons a second: {_rps(r['beacons_alone'])} (target at least 10,000: "
        f"{'met' if targets['beacons_per_second_at_least_10000'] else 'not met'}).",
        f"- The article with beacons beside it: {r['article_with_beacons_ratio']:.0%} of its "
        "rate alone in the median round (target within 10 %: "
        f"{'met' if targets['article_within_10_percent'] else 'not met'}); every round: "
        + ", ".join(f"{x:.0%}" for x in r.get("ratios", [r["article_with_beacons_ratio"]]))
        + ".",
        f"- Counted: {r['views_counted']:,} views in the database for {r['beacons_sent']:,} "
        "beacons sent (wrk's count leaves out requests still in flight when it stops).",
        "",
    ]


def _newsletter_send(path: Path = NEWSLETTER_RESULTS) -> list[str]:
    """A send to 100,000 subscribers, from bench/newsletter_send.py's saved results."""
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    rss = r["rss_kib"]
    copies = ", ".join(f"{n:,} got {k}" for k, n in r["copies_per_recipient"].items())
    return [
        "## Newsletter send",
        "",
        f"`.venv/bin/python {r['command']}` (commit {r['commit']}, {r['date'][:16]} UTC, "
        f"{r['cpus']} CPUs, {r['database']}): `{r['sender']}` to {r['subscribers']:,} confirmed "
        "subscribers, into an SMTP server on 127.0.0.1 (aiosmtpd in the bench's process, "
        "counting what it accepts). One row per recipient is marked sent as the server "
        "accepts each message (the resumable sender, decision 0013).",
        "",
        f"- Time: {r['seconds'] / 60:.1f} min, {r['messages_per_second']:,.0f} messages a second; "
        f"{r['messages_received']:,} messages to {r['recipients']:,} recipients ({copies}), "
        f"{r['message_bytes_average'] / 1024:.1f} KB each on average.",
        f"- The sender's memory (VmRSS): {rss['at_10_percent'] / 1024:.0f} MiB at 10 % of the "
        f"messages, {rss['at_50_percent'] / 1024:.0f} MiB at half, "
        f"{rss['at_100_percent'] / 1024:.0f} MiB at the end; peak {rss['peak'] / 1024:.0f} MiB.",
        f"- Deliveries: {r['deliveries']}",
        f"- Load average when it ended: {', '.join(map(str, r.get('load_after', [])))} "
        f"on {r['cpus']} CPUs.",
        "",
    ]


DASHBOARD_RESULTS = Path(__file__).resolve().parent / "results" / "dashboard.json"


def _dashboard(path: Path = DASHBOARD_RESULTS) -> list[str]:
    """The newsroom dashboard's time and queries, from bench/dashboard.py's saved
    runs (one per size of site)."""
    if not path.exists():
        return []
    saved = json.loads(path.read_text())
    runs = sorted(saved.get("runs", {}).values(), key=lambda run: run["articles"])
    if not runs:
        return []
    lines = [
        "## Newsroom dashboard",
        "",
        f"`{runs[0]['command']}`: /admin/ requested in-process with Django's test Client as "
        "each role, after a desk's worth of work was added (200 drafts, 50 stories in review, "
        "20 scheduled, 500 pending comments, 2,000 agency items). *Desk panels* are the "
        "queries of every panel of the desk together (core, comments, wire, live blogs, "
        "banners, embargoes, budget, translations out of date), rendered on a request of their "
        "own: the union of their rows, and the user's page permissions, which the whole page "
        "reads once for its menus anyway; the rest of the request is the "
        "admin's own work on every page (session, user, permissions, menus, the user's "
        "preferences).",
        "",
        "| Articles | database | role | median | p95 | queries, whole request "
        "| of them desk panels | measured (load) |",
        "|---:|---|---|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        load = ", ".join(f"{x:.1f}" for x in run["load"])
        for role, numbers in run["roles"].items():
            lines.append(
                f"| {run['articles']:,} | {run['database']} | {role} "
                f"| {numbers['median_ms']:.0f} ms | {numbers['p95_ms']:.0f} ms "
                f"| {numbers['queries']} | {numbers['panel_queries']} "
                f"| {run['date'][:16]} ({load}) |"
            )
    lines.append("")
    notes = [run["note"] for run in runs if run.get("note")]
    lines += [*notes, ""] if notes else []
    return lines


CLUSTER_RESULTS = Path(__file__).resolve().parent / "results" / "cluster.json"
# The model's assumptions, stated in the section.
PEAK_TO_AVERAGE = 3
TARGET_UTILISATION = 0.6
CORES_PER_HOST = 4


def _hosts(cores: float) -> int:
    """Hosts of CORES_PER_HOST cores for the load, plus one spare, never fewer than two."""
    return max(2, -(-cores // CORES_PER_HOST) + 1)


def _capacity(path: Path = CLUSTER_RESULTS) -> list[str]:
    """The capacity plan: bench/cluster.py's numbers and the model built on them."""
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    hits, misses = data["loads"]
    lines = [
        "## Capacity plan",
        "",
        f"`{data['command']}` (as root) on the cluster of `python -m dateline cluster up` "
        f"({data['articles']} demo articles; {data['workers_per_app_host']} workers per app "
        f"host; every host shares this machine's {data['cores']} cores, so what counts is CPU "
        "time per request of each tier's processes, summed from /proc over its network "
        f"namespace; wrk runs outside all of them). Measured {data['date'][:16]} UTC.",
        "",
        "### CPU per request, by tier",
        "",
        "*Cache hits*: the demo's pages through the front, all cached. *Cache misses*: the "
        "same pages, each with a query string never asked before, so Varnish and the app's "
        "page cache both miss and the page is rendered (the fragment caches and Redis help, "
        "as they do after a real purge).",
        "",
        "| Load | requests | req/s (one machine) | p50 | p99 | errors | "
        + " | ".join(hits["cpu_ms"])
        + " |",
        "|---|---:|---:|---:|---:|---:|" + "---:|" * len(hits["cpu_ms"]),
    ]
    for load in (hits, misses):
        cells = " | ".join(f"{value:.3f} ms" for value in load["cpu_ms"].values())
        lines.append(
            f"| {load['load']} | {load['requests']:,} | {load['rps']:,.0f} "
            f"| {load['p50_ms']:.1f} ms | {load['p99_ms']:.1f} ms | {load['errors']} | {cells} |"
        )
    burst = data["burst"]
    lines += [
        "",
        "### Replica lag during a burst of publishes",
        "",
        f"{burst['publishes']} publishes, one after another as fast as one process on app1 "
        f"makes them ({burst['seconds']:.1f} s, with their purges), while the control host "
        f"read both servers' WAL positions every 10 ms ({burst['samples']:,} samples): the "
        f"replica was at most {burst['max_lag_bytes']:,} bytes of WAL behind, and a position "
        "the primary had written was replayed on the replica after "
        f"{burst['replay_wait_ms_p50']:.0f} ms (median), {burst['replay_wait_ms_p99']:.0f} ms "
        f"(p99), {burst['replay_wait_ms_max']:.0f} ms at most.",
        "",
        "### Faults",
        "",
        "| Fault | reader requests during it | failed | p50 | slowest | recovery |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for fault in data["faults"]:
        readers = fault["readers"]
        if "marked_sick_s" in fault:
            recovery = (
                f"front stopped sending to it after {fault['marked_sick_s']:.1f} s (retries "
                f"covered the gap); back in service {fault['back_in_service_s']:.1f} s after "
                "its restart"
            )
        elif "readers_after" in fault:
            recovery = (
                f"pages served throughout, slower (p50 {fault['readers_before']['p50_ms']:.0f} ms "
                f"before); p50 {fault['readers_after']['p50_ms']:.0f} ms right after Redis was back"
            )
        elif "writes_back_s" in fault:
            recovery = (
                f"editors' writes back {fault['writes_back_after_promote_s']:.1f} s after "
                f"`db promote` was run ({fault['writes_back_s']:.1f} s after the primary "
                "stopped, of which 5 s of reader traffic first); the apps' multi-host "
                "DATABASE_URL found the new primary, with no restart"
            )
        else:
            recovery = f"not recovered: {fault.get('error', '')[:120]}"
        lines.append(
            f"| {fault['fault']} | {readers['requests']} | {readers['failed']} "
            f"| {readers['p50_ms']:.0f} ms | {readers['max_ms']:.0f} ms | {recovery} |"
        )
    lines += [
        "",
        "(Reader requests here each carry a new query string, so every one is a cache miss "
        "that an app host must render: the hardest case for a fault. Cached pages are served "
        "by the front throughout, from grace if need be.)",
        "",
        "### Hosts for 10 and 100 million page views a day",
        "",
        f"A page view is one HTML request (styles, scripts and photos come from the CDN or "
        f"the object store and are not counted here); the busiest hour runs at "
        f"{PEAK_TO_AVERAGE}× the day's average; each tier is sized to "
        f"{TARGET_UTILISATION:.0%} of its cores at that peak, on hosts of {CORES_PER_HOST} "
        "cores, plus one spare host, and never fewer than two. Misses cost every tier what "
        "the cache-miss row says; hits cost the front what the cache-hit row says. The "
        "database tier counts the primary and the replica together (public pages read from "
        "the replica). Bandwidth is the average gzip page "
        f"({data['page_bytes_gzip'] / 1000:.1f} kB) at the peak.",
        "",
        "| Page views a day | cache hits | peak req/s | misses/s | front cores | app cores "
        "| database cores | Redis cores | hosts: front + app + database | peak bandwidth |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    tiers = list(hits["cpu_ms"])
    for views in (10_000_000, 100_000_000):
        for hit_ratio in (0.95, 0.99):
            peak = views / 86400 * PEAK_TO_AVERAGE
            miss_rate = peak * (1 - hit_ratio)

            def cores(tier: str, peak=peak, hit_ratio=hit_ratio, miss_rate=miss_rate) -> float:
                per_second = (
                    peak * hit_ratio * hits["cpu_ms"][tier] + miss_rate * (misses["cpu_ms"][tier])
                )
                return per_second / 1000 / TARGET_UTILISATION

            front, app = cores(tiers[0]), cores(tiers[1])
            database = cores(tiers[2]) + cores(tiers[3])
            redis = cores(tiers[4])
            megabits = peak * data["page_bytes_gzip"] * 8 / 1e6
            lines.append(
                f"| {views / 1e6:.0f} million | {hit_ratio:.0%} | {peak:,.0f} | {miss_rate:,.0f} "
                f"| {front:.2f} | {app:.2f} | {database:.2f} | {redis:.2f} "
                f"| {_hosts(front)} + {_hosts(app)} + 2 (primary, replica) "
                f"| {megabits:,.0f} Mbit/s |"
            )
    most = _hosts(max(cores(tier) for tier in tiers[:2]))
    lines += [
        "",
        (
            "What the model says: at these hit ratios the cache carries the load, and two "
            "hosts of each tier, the minimum for redundancy, are more than the CPU needs even "
            "at 100 million a day. "
            if most == 2
            else "What the model says: the app tier grows with the misses, the front with the "
            "hits. "
        )
        + "What grows first is the front's bandwidth, which is why a CDN (purged by URL or by "
        "surrogate key, deploy/README.md) stands in front of Varnish at that size; then the "
        "misses after a big story's purge, which Varnish coalesces (one render per URL however "
        "many readers wait). The measured misses render with warm fragment caches, as after a "
        "purge of one story; after a deploy or a Redis loss they cost more (the Redis "
        "row above). The model leaves out the newsroom's own work "
        "(publishing, the admin), a small share next to readers, and search, which queries "
        "PostgreSQL and is not cached per reader.",
        "",
    ]
    return lines
