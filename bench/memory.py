"""Resident memory of a server and its child processes, read from /proc.

`python bench/memory.py PID` prints one row per process of PID's tree; bench/run.py
(bench/measurements.py) calls process_tree_memory() after the throughput runs. Per process:

- peak: VmHWM, the most resident memory the process ever had;
- now: VmRSS, resident memory now;
- PSS: proportional set size (smaps_rollup): pages shared with other processes
  (granian's workers share the pages they were forked with) are divided among
  them, so the PSS of a tree adds up to what it really holds;
- USS: private pages only, what stopping that one process would free.

Sizes in kB, as /proc gives them.
"""

import argparse
import json
from pathlib import Path


def _status(pid: int) -> dict[str, str]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return fields


def _kb(value: str) -> int:
    return int(value.split()[0]) if value else 0


def _rollup(pid: int) -> dict[str, int]:
    fields = {}
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # another user's process, or a kernel without it
        return fields
    for line in text.splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = _kb(value.strip())
    return fields


def _children(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return children


def process_tree_memory(root: int) -> list[dict]:
    """One dict per process of root's tree, root first: pid, name (the command
    line, shortened), peak_kb, rss_kb, pss_kb, uss_kb."""
    rows, queue = [], [root]
    while queue:
        pid = queue.pop(0)
        try:
            status = _status(pid)
            rollup = _rollup(pid)
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:  # it exited meanwhile
            continue
        words = [Path(a.decode()).name if i == 0 else a.decode() for i, a in enumerate(argv) if a]
        rows.append(
            {
                "pid": pid,
                "name": " ".join(words)[:60],
                "peak_kb": _kb(status.get("VmHWM", "")),
                "rss_kb": _kb(status.get("VmRSS", "")),
                "pss_kb": rollup.get("Pss", 0),
                "uss_kb": rollup.get("Private_Clean", 0) + rollup.get("Private_Dirty", 0),
            }
        )
        queue += _children(pid)
    return rows


def table(rows: list[dict]) -> list[str]:
    """A Markdown table of rows, with their sum."""
    lines = [
        "| Process | peak RSS (VmHWM) | RSS now | PSS | USS |",
        "|---|---:|---:|---:|---:|",
    ]

    def mb(kb: int) -> str:
        return f"{kb / 1024:,.0f} MB"

    for row in rows:
        cells = [row["peak_kb"], row["rss_kb"], row["pss_kb"], row["uss_kb"]]
        lines.append(f"| {row['role']} | " + " | ".join(mb(c) for c in cells) + " |")
    total = [sum(r[k] for r in rows) for k in ("peak_kb", "rss_kb", "pss_kb", "uss_kb")]
    lines.append("| **all together** | " + " | ".join(f"**{mb(c)}**" for c in total) + " |")
    return lines


def with_roles(rows: list[dict]) -> list[dict]:
    """Names granian's processes by their place: the root runs granian's main
    loop and the scheduler thread; its children are the workers."""
    named = []
    for i, row in enumerate(rows):
        role = "main process (granian + scheduler thread)" if i == 0 else f"worker {i}"
        named.append({**row, "role": role})
    return named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pid", type=int, help="The server's root process.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = with_roles(process_tree_memory(args.pid))
    print(json.dumps(rows) if args.json else "\n".join(table(rows)))


if __name__ == "__main__":
    main()
