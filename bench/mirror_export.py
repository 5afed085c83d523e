"""Time and size of a full mirror export, of the demo and of a site of 100,000 articles.

    .venv/bin/python bench/mirror_export.py --dir /tmp/mirror-bench --articles 100000

In DIR/data, a site on the embedded default (SQLite): migrated, set up, the
demo loaded (`load-demo`), then topped up to --articles stories with
`python -m dateline bench-data --section news/afghanistan` (a step is skipped
when its data is there already, so a later run goes on where one stopped). Then
`python -m dateline mirror export --jobs N` into DIR/mirror, timed, with the
peak memory of its processes; the files and bytes written are counted.
--demo-only measures the demo alone. Each result is added to
bench/results/mirror-export.json under its article count, which BENCHMARKS.md's
"Mirror export" section shows (bench/report_saved.py).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from report_saved import MIRROR_EXPORT_RESULTS, _mirror_export  # noqa: E402

PY = sys.executable
SECTION = "news/afghanistan"
COUNT = (
    "from dateline.newsroom.models import ArticlePage; print(ArticlePage.objects.live().count())"
)


def dateline(env, *args, capture=False) -> str:
    done = subprocess.run(
        [PY, "-m", "dateline", *args],
        env=env,
        cwd=REPO,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return done.stdout or ""


def articles(env) -> int:
    return int(dateline(env, "shell", "--no-imports", "-c", COUNT, capture=True).split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    data = args.dir / "data"
    env = {**os.environ, "DATELINE_DATA_DIR": str(data), "DEBUG": "0"}
    for shared in ("DATABASE_URL", "REDIS_URL", "VARNISH_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(shared, None)
    if not (data / "dateline.sqlite3").exists():
        dateline(env, "migrate", "--noinput", "-v0")
        dateline(env, "collectstatic", "--noinput", "-v0")
        dateline(env, "setup-newsroom", "--port", "8000")
        dateline(env, "load-demo")
    count = articles(env)
    if not args.demo_only and count < args.articles:
        dateline(env, "bench-data", "--articles", str(args.articles - count), "--section", SECTION)
        count = articles(env)

    out = args.dir / "mirror"
    shutil.rmtree(out, ignore_errors=True)
    argv = ["mirror", "export", "--output", str(out), "--base-url", "https://mirror.example.org/"]
    argv += ["--jobs", str(args.jobs)]
    started = time.monotonic()
    export = subprocess.Popen([PY, "-m", "dateline", *argv], env=env, cwd=REPO)
    # Its own resource usage, with its workers': not the set-up steps' before it.
    _, status, usage = os.wait4(export.pid, 0)
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"mirror export failed ({status})")
    peak_kb = usage.ru_maxrss
    files = [p for p in out.rglob("*") if p.is_file()]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": count,
        "seconds": seconds,
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "html_pages": sum(1 for p in files if p.name == "index.html"),
        "peak_rss_mb": peak_kb / 1024,
        "jobs": args.jobs,
        "cpus": os.cpu_count(),
        "load": os.getloadavg(),
        "command": "python -m dateline "
        + " ".join(argv[:1] + ["export", "--output", "DIR"])
        + f" --jobs {args.jobs}",
    }
    saved = json.loads(MIRROR_EXPORT_RESULTS.read_text()) if MIRROR_EXPORT_RESULTS.exists() else {}
    saved["demo" if args.demo_only else str(args.articles)] = result
    MIRROR_EXPORT_RESULTS.parent.mkdir(exist_ok=True)
    MIRROR_EXPORT_RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
    print("\n".join(_mirror_export()))


if __name__ == "__main__":
    main()
