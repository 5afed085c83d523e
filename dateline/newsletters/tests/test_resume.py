"""A sender killed mid-send and started again: every subscriber gets one copy.

The sender runs as `python -m dateline newsletter send` in a process of its
own, against a site of its own (SQLite in a data folder), and mails the aiosmtpd
sink this test runs. The sink kills it with SIGKILL when the next message
arrives after the 300th, before accepting it: the process dies between
messages, with rows it claimed still `sending`. `newsletter deliver` then puts
them back in the queue and finishes. (A kill between the server's 250 and the
row's commit could send that one message twice: decision 0013 accepts that
sub-millisecond window rather than ever skipping a reader; this test kills
outside it, so the count is exact.)
"""

import sqlite3
import subprocess
import sys

import pytest

from dateline.conftest import own_site_env, prepare_data_dir

SUBSCRIBERS = 1000
KILL_AFTER = 300

SET_UP = f"""
from dateline.newsroom.models import ArticlePage, HomePage, SectionPage
from dateline.newsletters.models import NewsletterList, Subscriber, Subscription
home = HomePage.objects.get(locale__language_code="en")
news = home.add_child(instance=SectionPage(title="News", slug="news"))
news.save_revision().publish()
article = news.add_child(instance=ArticlePage(
    title="Bridge reopens", summary=[("point", "Traffic returns.")]))
article.save_revision().publish()
briefing = NewsletterList.objects.get(locale=home.locale, slug="briefing")
Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{{n}}@example.org") for n in range({SUBSCRIBERS}))
Subscription.objects.bulk_create(
    Subscription(subscriber=s, newsletter=briefing, status="confirmed", consent_source="test")
    for s in Subscriber.objects.all())
"""


@pytest.mark.once
def test_a_sender_killed_mid_send_and_restarted_sends_each_reader_one_copy(tmp_path, smtp_sink):
    sink, port = smtp_sink
    data_dir = tmp_path / "site"
    env = own_site_env(
        data_dir,
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        DATELINE_NEWSLETTER_RATE="0",
        DATELINE_NEWSLETTER_BATCH="50",
    )
    prepare_data_dir(data_dir, env, static=False)
    python = [sys.executable, "-m", "dateline"]
    for step in (["setup-newsroom"], ["shell", "-c", SET_UP]):
        subprocess.run(python + step, env=env, check=True, stdout=subprocess.DEVNULL)

    sender = subprocess.Popen(
        python + ["newsletter", "send", "briefing", "--edition", "en"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sink.kill_pid, sink.kill_at = sender.pid, KILL_AFTER
    assert sender.wait(timeout=1800) == -9  # SIGKILL, mid-send
    assert len(sink.messages) == KILL_AFTER

    database = sqlite3.connect(data_dir / "dateline.sqlite3")
    statuses = dict(
        database.execute(
            "SELECT status, COUNT(*) FROM newsletters_delivery GROUP BY status"
        ).fetchall()
    )
    assert statuses["sent"] == KILL_AFTER
    assert statuses["sending"] > 0  # the dead run's claimed rows
    assert statuses["queued"] + statuses["sending"] == SUBSCRIBERS - KILL_AFTER

    subprocess.run(
        python + ["newsletter", "deliver"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    copies = sink.per_address()
    assert len(copies) == SUBSCRIBERS
    assert set(copies.values()) == {1}
    statuses = dict(
        database.execute(
            "SELECT status, COUNT(*) FROM newsletters_delivery GROUP BY status"
        ).fetchall()
    )
    assert statuses == {"sent": SUBSCRIBERS}
    [(issue_status,)] = database.execute("SELECT status FROM newsletters_issue").fetchall()
    assert issue_status == "sent"
    database.close()
