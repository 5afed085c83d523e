"""A/B of the embedded default's page-cache hits against an earlier commit.

BENCHMARKS.md's ratios move by a tenth from one run to the next with the same
code (the machine is shared), so "no worse than before" is measured here on
one machine in one sitting: two trees (an earlier commit, checked out with
`git worktree add`, and this one), each with a data folder made as `make demo`
makes it (migrate, collectstatic, load-demo, live demo-channel), both served
at once by `python -m dateline serve --workers 2` on 127.0.0.1 and loaded in
interleaved wrk rounds, so noise falls on both alike. Saves
bench/results/ab-embedded.json, which BENCHMARKS.md shows.

    .venv/bin/python bench/ab_embedded.py --old-tree /work/wt-old --old-data /tmp/ab/old \\
        --new-data /tmp/ab/new --rounds 7
"""

import argparse
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "ab-embedded.json"
ARTICLE = "/en/news/afghanistan/valley-towns-reopen-mountain-road-as-winter-nears/"


def serve(tree: Path, data: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(tree), "DATELINE_DATA_DIR": str(data), "DEBUG": "0"}
    command = [sys.executable, "-m", "dateline", "serve", "--workers", "2", "--port", str(port)]
    log = open(data / "ab-server.log", "wb")
    return subprocess.Popen(
        command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def warm(url: str) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            for _ in range(3):
                with urllib.request.urlopen(url, timeout=5) as response:
                    cache = response.headers.get("X-Cache", "")
            return cache
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def wrk(url: str, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


def commit(tree: Path) -> str:
    line = subprocess.run(
        ["git", "-C", str(tree), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    return line if len(line) <= 72 else line[:71] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old-tree", type=Path, required=True)
    parser.add_argument("--old-data", type=Path, required=True)
    parser.add_argument("--new-tree", type=Path, default=REPO)
    parser.add_argument("--new-data", type=Path, required=True)
    parser.add_argument("--path", default=ARTICLE)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()

    sides = {
        "old": (args.old_tree, args.old_data, 18761),
        "new": (args.new_tree, args.new_data, 18762),
    }
    servers = [serve(tree, data, port) for tree, data, port in sides.values()]
    try:
        urls = {name: f"http://127.0.0.1:{side[2]}{args.path}" for name, side in sides.items()}
        for name, url in urls.items():
            if warm(url) != "HIT":
                raise SystemExit(f"{name}: {url} is not a page-cache hit")
            wrk(url, 2)
        rounds = {name: [] for name in sides}
        for number in range(args.rounds):
            for name, url in urls.items():
                rounds[name].append(wrk(url, args.seconds))
                print(f"round {number + 1} {name}: {rounds[name][-1]:,.0f} req/s", flush=True)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    medians = {name: statistics.median(values) for name, values in rounds.items()}
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(),
        "command": "bench/ab_embedded.py " + " ".join(sys.argv[1:]),
        "path": args.path,
        "commits": {name: commit(tree) for name, (tree, _d, _p) in sides.items()},
        "rounds": rounds,
        "medians": medians,
        "ratio": medians["new"] / medians["old"],
        "wins": sum(new >= old for old, new in zip(rounds["old"], rounds["new"], strict=True)),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(
        f"old {medians['old']:,.0f} req/s, new {medians['new']:,.0f} req/s: "
        f"{result['ratio']:.3f} x; new ahead in {result['wins']} of {args.rounds} rounds"
    )


if __name__ == "__main__":
    main()
