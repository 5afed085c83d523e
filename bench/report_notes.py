"""The "Notes" section of BENCHMARKS.md: what the numbers mean on this machine, and
why a missed target was missed (written only when it was)."""

import os

from report_tables import PAGE_LABELS, _medians, _ms, _ratio


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
