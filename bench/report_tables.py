"""The tables and verdicts of BENCHMARKS.md, from one bench/run.py run's numbers."""

import statistics

from memory import table as memory_table

PAGE_LABELS = {
    "home": "Home page `/en/`",
    "section": "Section front `/en/news/afghanistan/`",
    "tag": "Tag page `/en/tags/afghanistan/`",
    "article": "Article",
    "search": "Search `/en/search/?q=road`",
    "news_sitemap": "News sitemap `/news-sitemap.xml`",
    "es_home": "Spanish home page `/es/`",
    "es_section": "Spanish section front `/es/noticias/afganistan/`",
    "es_article": "Spanish article (a translation)",
    "es_search": "Spanish search `/es/search/?q=carreteras`",
    "ar_home": "Arabic home page `/ar/`",
    "ar_section": "Arabic section front `/ar/akhbar/afghanistan/`",
    "ar_article": "Arabic article (a translation)",
    "ar_search": "Arabic search (`الطريق`)",
}


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
        cells = [
            cell
            for _, data in columns
            for cell in (_render_cells(data[key]) if key in data else [""] * 4)
        ]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    peer = _render_cells(r["render_peer"]) + [""] * 4 * (len(columns) - 1)
    rows.append("| Stock Wagtail article (peer, SQLite) | " + " | ".join(peer) + " |")
    return rows
