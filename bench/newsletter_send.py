"""A newsletter sent to 100,000 subscribers, into a local SMTP sink.

Makes a data folder as `make demo` does (migrate, setup-newsroom, load-demo;
kept for the next run), gives the English briefing --subscribers confirmed
subscribers, starts an SMTP server on 127.0.0.1 (aiosmtpd, counting what it
accepts and keeping nothing) and runs

    python -m dateline newsletter send briefing --edition en --rate 0

against it, as an editor's "send now" or the scheduler would. While it runs,
the sender's resident memory (VmRSS) is read every quarter second. Writes
bench/results/newsletter-send.json: the time, messages a second, the memory
as the send went on (flat: what it holds does not grow with the list), and
the check that every subscriber got exactly one copy.

    .venv/bin/python bench/newsletter_send.py --subscribers 100000
"""

import argparse
import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "newsletter-send.json"
DOMAIN = "bench.invalid"

POPULATE = """
from django.db import transaction
from wagtail.models import Locale
from dateline.newsletters.models import BRIEFING, NewsletterList, Subscriber, Subscription
briefing = NewsletterList.objects.get(locale=Locale.objects.get(language_code="en"), slug=BRIEFING)
Subscriber.objects.filter(email__endswith="@{domain}").delete()
with transaction.atomic():
    for start in range(0, {count}, 5000):
        made = Subscriber.objects.bulk_create(
            Subscriber(email=f"reader{{n}}@{domain}")
            for n in range(start, min(start + 5000, {count}))
        )
        Subscription.objects.bulk_create(
            Subscription(subscriber=s, newsletter=briefing,
                         status=Subscription.Status.CONFIRMED, consent_source="bench")
            for s in made
        )
print(Subscription.objects.filter(newsletter=briefing, status="confirmed").count())
"""

REPORT = """
from dateline.newsletters.models import Delivery, Issue
issue = Issue.objects.filter(newsletter__slug="briefing").latest("created_at")
counts = {s: issue.deliveries.filter(status=s).count() for s in Delivery.Status.values}
print({"issue": issue.pk, "status": issue.status, "deliveries": counts})
"""


class CountingSink:
    """Accepts every message; keeps the count, the bytes and who got how many."""

    def __init__(self):
        self.lock = threading.Lock()
        self.per_recipient: Counter = Counter()
        self.messages = 0
        self.bytes = 0
        self.sample: bytes = b""

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages += 1
            self.bytes += len(envelope.content)
            self.per_recipient.update(envelope.rcpt_tos)
            if not self.sample:
                self.sample = envelope.content
        return "250 Accepted"


def dateline(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "dateline", *args],
        cwd=REPO,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        timeout=1800,
    )
    return result.stdout or ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "dateline-bench-newsletter"
    )
    parser.add_argument("--timeout", type=int, default=1800, help="seconds the send may take")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATELINE_DATA_DIR": str(args.data), "DEBUG": "0"}
    env.setdefault("DATELINE_DEMO_RENDITIONS", "0")
    for shared in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"):
        env.pop(shared, None)
    marker = args.data / "bench-newsletter-ready"
    dateline(env, "migrate", "--noinput", "-v0")
    if not marker.exists():
        dateline(env, "setup-newsroom")
        dateline(env, "load-demo", "--articles", "16")
        marker.write_text("ok\n")
    started = time.monotonic()
    code = POPULATE.format(count=args.subscribers, domain=DOMAIN)
    confirmed = int(dateline(env, "shell", "-c", code, capture=True).split()[-1])
    populate_seconds = time.monotonic() - started
    print(f"{confirmed:,} confirmed subscribers in {populate_seconds:.0f} s", flush=True)

    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    command = ["newsletter", "send", "briefing", "--edition", "en", "--rate", "0"]
    samples = []
    try:
        started = time.monotonic()
        sender = subprocess.Popen(
            [sys.executable, "-m", "dateline", *command],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while sender.poll() is None:
            kib = rss_kib(sender.pid)
            if kib:
                samples.append((round(time.monotonic() - started, 2), sink.messages, kib))
            if time.monotonic() - started > args.timeout:
                sender.kill()
                raise SystemExit(f"the send took longer than {args.timeout} s")
            time.sleep(0.25)
        seconds = time.monotonic() - started
        output = sender.stdout.read()
        if sender.returncode:
            raise SystemExit(f"the sender failed:\n{output}")
    finally:
        controller.stop()
    report = dateline(env, "shell", "-c", REPORT, capture=True).strip().splitlines()[-1]

    def at(fraction: float) -> int:
        """The sender's memory when that share of the messages had arrived."""
        wanted = fraction * args.subscribers
        return next((kib for _, sent, kib in samples if sent >= wanted), samples[-1][2])

    sending = [kib for _, sent, kib in samples if sent > 0]
    copies = Counter(sink.per_recipient.values())
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "bench/newsletter_send.py " + " ".join(sys.argv[1:]),
        "sender": "python -m dateline " + " ".join(command),
        "commit": subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%h"], capture_output=True, text=True
        ).stdout.strip(),
        "cpus": os.cpu_count(),
        "database": "SQLite (the embedded default)",
        # What else the machine ran meanwhile shows here (1, 5, 15 minutes).
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "subscribers": confirmed,
        "seconds": round(seconds, 1),
        "messages_per_second": round(sink.messages / seconds, 1),
        "messages_received": sink.messages,
        "recipients": len(sink.per_recipient),
        "copies_per_recipient": {str(k): v for k, v in sorted(copies.items())},
        "message_bytes_average": round(sink.bytes / max(sink.messages, 1)),
        "rss_kib": {
            "at_10_percent": at(0.1),
            "at_50_percent": at(0.5),
            "at_100_percent": at(1.0),
            "peak_while_sending": max(sending) if sending else None,
            "peak": max(kib for *_, kib in samples),
        },
        "rss_samples": samples[:: max(1, len(samples) // 40)],
        "deliveries": report,
        "sender_output": output.strip().splitlines()[-3:],
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    growth = result["rss_kib"]["at_100_percent"] - result["rss_kib"]["at_10_percent"]
    print(
        f"{sink.messages:,} messages to {len(sink.per_recipient):,} recipients in {seconds:.0f} s "
        f"({result['messages_per_second']:,.0f}/s); sender memory "
        f"{result['rss_kib']['at_10_percent'] / 1024:.0f} MiB at 10 %, "
        f"{result['rss_kib']['at_100_percent'] / 1024:.0f} MiB at the end "
        f"({growth / 1024:+.1f} MiB)"
    )


if __name__ == "__main__":
    main()
