"""Time uncached renders in-process and count their SQL queries.

Run by bench/run.py in a child process whose environment picks the site and
its database (Dateline embedded, Dateline on the stack, or the stock Wagtail
peer): DJANGO_SETTINGS_MODULE, DATELINE_DATA_DIR or DATABASE_URL, and
DATELINE_PAGE_CACHE= so the page cache never answers. Prints one JSON object.

In-process with Django's test Client so the number is the app's own work
(middleware, routing, queries, templates) without HTTP or the server around it.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, url: str, runs: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The first request fills the app's own caches (section lists, renditions,
    # notes); its query count is what a cold process pays once.
    # Counted at once: the next request clears the connection's query log.
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    queries_cold = len(cold.captured_queries)
    if first.status_code != 200:
        raise SystemExit(f"{url} answered {first.status_code}")
    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    queries = len(warm.captured_queries)
    # Wall time is what a reader waits; this process's CPU time and the time
    # spent waiting on the database split it, and stay meaningful when other
    # jobs on a shared host steal the CPU.
    timings, cpu, database = [], [], []
    waited = [0.0]

    def timed_execute(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited[0] += time.perf_counter() - started

    for _ in range(runs):
        waited[0] = 0.0
        started, started_cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(timed_execute):
            client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        database.append(waited[0] * 1000)
    after_publish = _after_publish(client, url, max(5, runs // 5))
    return {
        **after_publish,
        "url": url,
        "median_ms": statistics.median(timings),
        "p95_ms": _percentile(timings, 0.95),
        "min_ms": min(timings),
        "cpu_median_ms": statistics.median(cpu),
        "db_median_ms": statistics.median(database),
        "queries": queries,
        "queries_cold": queries_cold,
        "bytes": len(response.content),
        "x_cache": response.get("X-Cache", ""),
    }


def _after_publish(client, url: str, runs: int) -> dict:
    """The first view after a publish: Dateline keeps a page's rendered parts
    per content version, which every publish moves, so this view renders them
    all again (the stock Wagtail peer has no such parts: empty result)."""
    from django.apps import apps
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not apps.is_installed("dateline.newsroom"):
        return {}
    from dateline.base.invalidation import content_changed

    timings, queries = [], 0
    for _ in range(runs):
        content_changed()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return {"after_publish_median_ms": statistics.median(timings), "after_publish_queries": queries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="+", help="name=url pairs, e.g. article=/en/news/x/")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--project", type=Path, default=REPO, help="Folder to import the site from."
    )
    args = parser.parse_args()
    sys.path.insert(0, str(args.project))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for pair in args.urls:
        name, url = pair.split("=", 1)
        results[name] = measure(client, url, args.runs, args.warmup)
        if results[name]["x_cache"] == "HIT":
            raise SystemExit(f"{url} came from the page cache: set DATELINE_PAGE_CACHE=")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
