"""Issue 5 at scale: the pages that grow with the archive, timed uncached at N articles.

    .venv/bin/python bench/scale.py --dir /tmp/scale --steps 10000,100000,1000000

Against a stack of its own (`stack up --dir DIR --demo 12`, started here if
DIR has none running, stopped at the end unless --keep-stack), for each step:
`python -m dateline bench-data` tops the articles up to the step's count (all
in one section, /en/news/afghanistan/, so the section and its admin listing
hold them all), then, in a fresh process with DATELINE_PAGE_CACHE= (every
request renders):

- home, the section's front page 1 and 500, a tag page, a search, through
  Django's test client in-process (bench/render_times.py's `measure`): p95 and
  median over --runs renders, SQL queries per warm render;
- one 50,000-URL sitemap file (/sitemap-articles.xml?p=1), in a fresh
  process: wall time of the first request (which may count the articles) and
  of a second one, and the process's peak RSS (ru_maxrss) before and after;
- the Wagtail admin's listing of that section (/admin/pages/<id>/), logged in
  as a superuser.

The results go to bench/scale-results.json, which bench/report.py turns into
the "Scale" table of BENCHMARKS.md (`make bench` includes it when present).
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PY = sys.executable
RESULTS = BENCH / "scale-results.json"
SECTION = "news/afghanistan"
PAGES = {
    "home": "/en/",
    "section_p1": "/en/news/afghanistan/",
    "section_p500": "/en/news/afghanistan/?page=500",
    "tag": "/en/tags/afghanistan/",
    "search": "/en/search/?q=road",
}
SITEMAP = "/sitemap-articles.xml?p=1"
FOREIGN_ENV = ("DATABASE_URL", "REDIS_URL", "VARNISH_URL", "DJANGO_SETTINGS_MODULE", "S3_BUCKET")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def stack_env(root: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
    for line in (root / "env").read_text().splitlines():
        key, value = line.split("=", 1)
        env[key] = value
    return {**env, **extra}


# --- measured in a child process (--child) -----------------------------------


def _setup() -> None:
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(BENCH))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()


def child_pages(runs: int) -> dict:
    _setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from render_times import measure

    from dateline.newsroom.models import SectionPage

    client = Client(HTTP_HOST="127.0.0.1")
    results = {name: measure(client, url, runs, 3) for name, url in PAGES.items()}
    for name, result in results.items():
        if result["x_cache"] == "HIT":
            raise SystemExit(f"{name} came from the page cache: set DATELINE_PAGE_CACHE=")
    section = SectionPage.objects.get(url_path__endswith=f"/{SECTION}/")
    admin = Client(HTTP_HOST="127.0.0.1")
    admin.force_login(get_user_model().objects.filter(is_superuser=True).first())
    results["admin_listing"] = measure(admin, f"/admin/pages/{section.pk}/", max(5, runs // 5), 1)
    results["admin_listing"]["children"] = section.numchild
    return results


def child_sitemap() -> dict:
    _setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/robots.txt")  # imports, settings and the site lookup warmed
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(SITEMAP)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if response.status_code != 200:
        raise SystemExit(f"{SITEMAP} answered {response.status_code}")
    content = b"".join(response) if response.streaming else response.content
    # Again: the file's count is now in the shared cache (two minutes).
    started = time.perf_counter()
    client.get(SITEMAP)
    again = time.perf_counter() - started
    return {
        "url": SITEMAP,
        "seconds": seconds,
        "seconds_again": again,
        "urls": content.count(b"<url>"),
        "bytes": len(content),
        "rss_before_mb": before_kb / 1024,
        "rss_peak_mb": peak_kb / 1024,
    }


# --- the driver ---------------------------------------------------------------


def run_child(root: Path, *argv, timeout=1800) -> dict:
    env = stack_env(root, DATELINE_PAGE_CACHE="")
    done = subprocess.run(
        [PY, __file__, *argv], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def copies(root: Path) -> int:
    """Articles bench-data added (demo articles have a live revision, copies none)."""
    sql = (
        "SELECT count(*) FROM newsroom_articlepage a JOIN wagtailcore_page p "
        "ON p.id = a.page_ptr_id WHERE p.live_revision_id IS NULL"
    )
    out = subprocess.run(
        ["psql", stack_env(root)["DATABASE_URL"], "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/dateline-scale"))
    parser.add_argument("--steps", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep-stack", action="store_true")
    parser.add_argument(
        "--port-base", type=int, default=0, help="Stack ports from here (default: stack's)."
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", choices=["pages", "sitemap"])
    args = parser.parse_args()
    if args.child == "pages":
        print(json.dumps(child_pages(args.runs), default=str))
        return
    if args.child == "sitemap":
        print(json.dumps(child_sitemap()))
        return

    os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/usr/lib/postgresql/15/bin"
    dateline = [PY, "-m", "dateline"]
    cli_env = {**stack_env_base(), "DATELINE_DATA_DIR": str(args.dir / "cli")}
    commands = []
    started_stack = False
    if not (args.dir / "env").exists() or not json.loads(
        (args.dir / "stack.json").read_text() if (args.dir / "stack.json").exists() else "{}"
    ).get("started"):
        argv = [*dateline, "stack", "up", "--dir", str(args.dir), "--demo", "12"]
        if args.port_base:
            for n, name in enumerate(("app", "varnish", "pg", "redis")):
                argv += [f"--{name}-port", str(args.port_base + 2 * n)]
        log(" ".join(argv[1:]))
        subprocess.run(argv, env=cli_env, cwd=REPO, check=True)
        commands.append(" ".join(["python", *argv[1:]]))
        started_stack = True
    saved = json.loads(args.out.read_text()) if args.out.exists() else {}
    built: list[str] = []  # commands that built this stack's data, in earlier steps
    built_articles, built_seconds = 0, 0.0
    steps = saved.get("steps", {})
    try:
        for target in [int(s) for s in args.steps.split(",")]:
            have = copies(args.dir)
            if target > have:
                argv = [*dateline, "bench-data", "--articles", str(target - have)]
                argv += ["--section", SECTION]
                log(" ".join(argv[1:]))
                began = time.monotonic()
                subprocess.run(argv, env=stack_env(args.dir), cwd=REPO, check=True)
                load = {"added": target - have, "seconds": time.monotonic() - began}
                built_articles += load["added"]
                built_seconds += load["seconds"]
                commands.append(" ".join(["python", *argv[1:]]))
            else:
                load = steps.get(str(target), {}).get("load")
            log(f"{target:,} articles: pages and admin listing")
            pages = run_child(args.dir, "--child", "pages", "--runs", str(args.runs))
            log(f"{target:,} articles: sitemap file")
            sitemap = run_child(args.dir, "--child", "sitemap")
            earlier = steps.get(str(target), {}).get("commands", [])
            steps[str(target)] = {
                "load": load,
                "pages": pages,
                "sitemap": sitemap,
                "load_average": os.getloadavg(),
                # How this step's database was built (stack and loads so far).
                "commands": (built + commands) or earlier,
                # All the loads that built this step's data, in this stack.
                "built": {"articles": built_articles, "seconds": built_seconds}
                if built_articles
                else steps.get(str(target), {}).get("built"),
                "measured": datetime.datetime.now(datetime.UTC).isoformat(),
            }
            saved.update(
                steps=steps,
                date=datetime.datetime.now(datetime.UTC).isoformat(),
                load_average=os.getloadavg(),
                runs=args.runs,
            )
            built, commands = built + commands, []
            args.out.write_text(json.dumps(saved, indent=1))
            log(f"wrote {args.out}")
    finally:
        if started_stack and not args.keep_stack:
            subprocess.run(
                [*dateline, "stack", "down", "--dir", str(args.dir)], env=cli_env, cwd=REPO
            )


def stack_env_base() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}


if __name__ == "__main__":
    main()
