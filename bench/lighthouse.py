"""Lighthouse 12 scores for the four pages issue 5 names, on a running site.

    .venv/bin/python bench/lighthouse.py --url http://127.0.0.1:8000

runs npm `lighthouse` (mobile, its default config) with Debian's chromium on the
home page, a section front, an article and the Audio Only page, and writes
bench/results/lighthouse.json: each page's scores, the date, Lighthouse's
version and the command. dateline/newsroom/tests/test_lighthouse.py runs the
same pages through the same function against the test demo server.
"""

import argparse
import datetime
import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The demo's pages (`make demo`): its showcase article has every body block.
PAGES = {
    "home": "/en/",
    "section": "/en/news/",
    "article": "/en/news/afghanistan/valley-towns-reopen-mountain-road-as-winter-nears/",
    "audio": "/en/live/audio/",
}
METRICS = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
]
RUN_TIMEOUT = 150  # seconds; Lighthouse gives up on a page after 45 s itself


def missing() -> str:
    """Why Lighthouse cannot run here, or "" when it can."""
    if not shutil.which("node"):
        return "node is not installed (apt-get install npm)"
    if not CLI.exists():
        return f"{CLI.relative_to(REPO)} is missing: run `make node_modules/installed`"
    return ""


def command(url: str) -> list[str]:
    return [
        "node",
        str(CLI),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]


class TraceLost(RuntimeError):
    """Lighthouse lost the page-load trace (NO_NAVSTART, NO_FCP...): its own advice
    is to run it again."""


def run(url: str) -> dict:
    """One Lighthouse run on url: its scores out of 100, the metrics behind the
    performance score and what kept each category below 100."""
    # Readers get public pages from a cache; measure that page, not a first render.
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    try:
        return summary(_lighthouse(url))
    except TraceLost:
        return summary(_lighthouse(url))


def _lighthouse(url: str) -> dict:
    process = subprocess.Popen(
        command(url),
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its chromium too, so a timeout stops both
    )
    try:
        out, err = process.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise RuntimeError(f"Lighthouse took over {RUN_TIMEOUT} s on {url}") from None
    report = json.loads(out) if process.returncode == 0 and out else {}
    error = err.decode(errors="replace")[-3000:]
    if report.get("runtimeError"):
        error = f"{report['runtimeError']['code']}: {report['runtimeError']['message']}"
    if "run Lighthouse again" in error:
        raise TraceLost(f"Lighthouse on {url}: {error}")
    if not report or report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse failed on {url}:\n{error}")
    return report


def describe(audit: dict) -> str:
    shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
    return f"{audit['id']}: {audit['title']}{shown}"


def summary(report: dict) -> dict:
    audits = report["audits"]
    failing = {}
    for category in report["categories"].values():
        failing[category["id"]] = [
            describe(audits[ref["id"]])
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            and audits[ref["id"]]["score"] is not None
            and audits[ref["id"]]["score"] < 1
        ]
    return {
        "url": report["finalDisplayedUrl"],
        # A score Lighthouse could not compute counts as 0, with its reason below.
        "scores": {
            name: round((category["score"] or 0) * 100)
            for name, category in report["categories"].items()
        },
        "metrics": {name: audits[name].get("displayValue", "") for name in METRICS},
        "failing": {name: items for name, items in failing.items() if items},
        "warnings": report.get("runWarnings", []),
        "lighthouse_version": report["lighthouseVersion"],
        "user_agent": report["environment"]["hostUserAgent"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the running site, e.g. http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median reported)")
    parser.add_argument(
        "--output", type=Path, default=REPO / "bench" / "results" / "lighthouse.json"
    )
    parser.add_argument("--note", default="", help="what the site was, kept with the scores")
    args = parser.parse_args()
    if reason := missing():
        sys.exit(reason)
    base = args.url.rstrip("/")
    load_before = os.getloadavg()
    pages = {}
    for name, path in PAGES.items():
        runs = []
        for _ in range(args.runs):
            runs.append(run(base + path))
            print(f"{name:8} {runs[-1]['scores']}", flush=True)
        pages[name] = {
            "path": path,
            # The median of each score over the runs: performance varies a little
            # from run to run on a shared machine, the others do not.
            "scores": {
                category: round(statistics.median(r["scores"][category] for r in runs))
                for category in runs[0]["scores"]
            },
            "runs": [{key: r[key] for key in ("scores", "metrics", "failing")} for r in runs],
        }
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "lighthouse_version": runs[0]["lighthouse_version"],
        "browser": runs[0]["user_agent"],
        "settings": "mobile (Lighthouse's default config, simulated throttling)",
        "command": f"CHROME_PATH={CHROMIUM} npx lighthouse <page URL> "
        + " ".join(command("<page URL>")[3:-1])
        + f' --chrome-flags="{CHROME_FLAGS}"',
        "script": shlex.join([".venv/bin/python", "bench/lighthouse.py", *sys.argv[1:]]),
        "note": args.note,
        # Performance is simulated from the page's own timings: a busy machine costs points.
        "load_before": [round(load, 2) for load in load_before],
        "pages": pages,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
