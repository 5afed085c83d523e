"""The search page at scale, for a few words: median, p95, CPU, DB and queries.

    DATABASE_URL=postgres://... REDIS_URL=redis://... DATELINE_PAGE_CACHE= \\
        .venv/bin/python bench/search_words.py road winter glacier xylophone

Like bench/scale.py's child_pages (bench/render_times.py's `measure`: Django's
test client in-process, a warm-up, then --runs timed renders), for
/en/search/?q=WORD. Point it at a stack holding the articles (bench/scale.py
--keep-stack, or `stack up --dir DIR --services postgres,redis`). The
bench-data articles copy twelve demo articles, so a word is found in about
one article in eleven ("road", "glacier"), a quarter ("winter") or none (a
typo: "xylophone").
"""

import argparse
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("words", nargs="+")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH.parent))
    sys.path.insert(0, str(BENCH))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()
    from django.test import Client
    from django.utils.http import urlencode
    from render_times import measure

    client = Client(HTTP_HOST="127.0.0.1")
    for word in args.words:
        r = measure(client, "/en/search/?" + urlencode({"q": word}), args.runs, 3)
        if r["x_cache"] == "HIT":
            raise SystemExit("came from the page cache: set DATELINE_PAGE_CACHE=")
        print(
            f"{word!r:22} median {r['median_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
            f"CPU {r['cpu_median_ms']:5.1f} ms  DB {r['db_median_ms']:6.1f} ms  "
            f"{r['queries']} queries",
            flush=True,
        )


if __name__ == "__main__":
    main()
