"""Weigh the text-only edition on the wire: every page type in every edition,
status line + headers + compressed body, as a browser taking brotli (or gzip)
receives it. Writes bench/results/lite-weights.json and prints a table.

    .venv/bin/python bench/lite_weights.py --base http://127.0.0.1:8000
"""

import argparse
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
django.setup()

from dateline.lite.urls import twin  # noqa: E402
from dateline.lite.weights import PAGE_TYPES, edition_pages, fetch  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "lite-weights.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--editions", default="en,es,ar")
    args = parser.parse_args()
    rows = []
    for language in args.editions.split(","):
        pages = edition_pages(args.base, language)
        for kind in PAGE_TYPES:
            if kind not in pages:
                continue
            path = pages[kind]
            row = {"edition": language, "page": kind, "path": twin(path)}
            for encoding in ("br", "gzip"):
                accept = {"Accept-Encoding": encoding}
                row[encoding] = fetch(args.base, twin(path), **accept).wire_bytes
                row[f"full {encoding}"] = fetch(args.base, path, **accept).wire_bytes
            rows.append(row)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=1))
    print("| Edition | Page | Text-only, br | Text-only, gzip | Full page (HTML only), br |")
    print("|---|---|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['edition']} | {row['page']} | {row['br']:,} B | {row['gzip']:,} B "
            f"| {row['full br']:,} B |"
        )


if __name__ == "__main__":
    main()
