"""The resumable sender (docs/decisions/0013-audience.md, "Exactly once").

Starting a send makes one Delivery row per confirmed, unsuppressed subscriber
in one transaction, so nobody can be skipped whatever happens afterwards. A
run claims a batch of queued rows with a conditional UPDATE (two runs never
claim the same row), sends them over one SMTP connection and marks each row
sent as soon as the server has accepted that message. A run that dies leaves
at most the one message in flight unrecorded; the next run puts rows claimed
by a dead run back in the queue and carries on.
"""

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core.mail import get_connection
from django.db import connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .messages import issue_message, render_issue
from .models import Delivery, Issue, SenderRun, Subscription, Suppression

logger = logging.getLogger(__name__)

ACTIVE = (Delivery.Status.QUEUED, Delivery.Status.SENDING)
CHUNK = 1000


def start_send(issue: Issue) -> int:
    """Queue `issue` for every confirmed, unsuppressed subscriber of its list;
    returns how many rows were made (0 if it was already started)."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status in (Issue.Status.SENDING, Issue.Status.SENT):
            return 0
        subscriber_ids = (
            Subscription.objects.filter(
                newsletter_id=issue.newsletter_id, status=Subscription.Status.CONFIRMED
            )
            .exclude(subscriber__email__in=Suppression.objects.values("email"))
            .values_list("subscriber_id", flat=True)
        )
        # A thousand rows at a time: a list of 100,000 costs the memory of
        # 100,000 model instances at once.
        made = 0
        ids = subscriber_ids.iterator(chunk_size=CHUNK)
        while chunk := list(islice(ids, CHUNK)):
            Delivery.objects.bulk_create(
                [Delivery(issue=issue, subscriber_id=pk) for pk in chunk],
                ignore_conflicts=True,
            )
            made += len(chunk)
        issue.status = Issue.Status.SENDING
        issue.started_at = timezone.now()
        issue.save(update_fields=["status", "started_at"])
    if not made:
        finish_issues()  # nobody to send to: sent as it stands
    return made


def _alive(run: SenderRun, me: SenderRun, timeout: timedelta) -> bool:
    if run.beat_at < timezone.now() - timeout:
        return False
    if run.host != me.host:
        return True
    if run.pid == me.pid:
        return False  # an earlier process that had our pid
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def requeue_abandoned(me: SenderRun) -> int:
    """Rows left `sending` by a run that is dead (its process is gone, its
    heartbeat or its claim too old) go back to the queue."""
    timeout = timedelta(seconds=settings.DATELINE_NEWSLETTER_CLAIM_TIMEOUT)
    dead = [run.pk for run in SenderRun.objects.exclude(pk=me.pk) if not _alive(run, me, timeout)]
    living = SenderRun.objects.exclude(pk__in=dead).values("pk")
    requeued = (
        Delivery.objects.filter(status=Delivery.Status.SENDING)
        .filter(~Q(run_id__in=living) | Q(claimed_at__lt=timezone.now() - timeout))
        .update(status=Delivery.Status.QUEUED, run_id=None, claimed_at=None)
    )
    SenderRun.objects.filter(pk__in=dead).delete()
    if requeued:
        logger.warning("Put %d deliveries left by a dead sender back in the queue", requeued)
    return requeued


def claim(run: SenderRun, size: int) -> list[Delivery]:
    candidates = list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, issue__status=Issue.Status.SENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
    )
    if not candidates:
        return []
    Delivery.objects.filter(pk__in=candidates, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING, run_id=run.pk, claimed_at=timezone.now()
    )
    return list(
        Delivery.objects.filter(run_id=run.pk, status=Delivery.Status.SENDING)
        .select_related("subscriber", "issue")
        .order_by("pk")
    )


def _still_wanted(batch: list[Delivery]) -> set[int]:
    """Rows whose subscriber is still confirmed and not suppressed: one who
    left or bounced since the send started gets nothing more."""
    wanted = Subscription.objects.filter(
        subscriber_id__in={d.subscriber_id for d in batch},
        newsletter_id__in={d.issue.newsletter_id for d in batch},
        status=Subscription.Status.CONFIRMED,
    ).exclude(subscriber__email__in=Suppression.objects.values("email"))
    pairs = set(wanted.values_list("subscriber_id", "newsletter_id"))
    return {d.pk for d in batch if (d.subscriber_id, d.issue.newsletter_id) in pairs}


class Pace:
    """At most `rate` messages a second (0: as fast as the server takes them)."""

    def __init__(self, rate: float):
        self.interval = 1 / rate if rate > 0 else 0
        self.next = time.monotonic()

    def wait(self) -> None:
        if self.interval:
            now = time.monotonic()
            if now < self.next:
                time.sleep(self.next - now)
            self.next = max(now, self.next) + self.interval


def _mark(delivery: Delivery, status: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, run_id=delivery.run_id).update(status=status, **fields)


def send_batch(batch: list[Delivery], rendered: dict, pace: Pace) -> None:
    wanted = _still_wanted(batch)
    for delivery in batch:
        if delivery.pk not in wanted:
            _mark(delivery, Delivery.Status.SUPPRESSED)
    batch = [d for d in batch if d.pk in wanted]
    if not batch:
        return
    connection = get_connection()
    connection.open()
    try:
        for delivery in batch:
            if delivery.issue_id not in rendered:
                rendered[delivery.issue_id] = render_issue(delivery.issue)
            message = issue_message(rendered[delivery.issue_id], delivery.subscriber, connection)
            pace.wait()
            try:
                accepted = connection.send_messages([message])
            except Exception as exc:  # refused, or the connection failed
                if not getattr(exc, "recipients", None):
                    raise  # the server or the connection: the next run retries
                _mark(delivery, Delivery.Status.FAILED, error=str(exc)[:300])
                continue
            # Committed now (autocommit), before the next message goes out.
            if accepted:
                _mark(delivery, Delivery.Status.SENT, sent_at=timezone.now())
            else:
                _mark(delivery, Delivery.Status.FAILED, error="not accepted")
    finally:
        connection.close()


def finish_issues() -> int:
    """Issues with nothing left queued or in flight are sent."""
    return Issue.objects.filter(
        ~Exists(Delivery.objects.filter(issue=OuterRef("pk"), status__in=ACTIVE)),
        status=Issue.Status.SENDING,
    ).update(status=Issue.Status.SENT, sent_at=timezone.now())


def run_sender(*, batch_size: int | None = None, rate: float | None = None) -> int:
    """Send every queued delivery of every issue being sent; returns how many
    were claimed. Safe to run in several processes at once."""
    batch_size = batch_size or settings.DATELINE_NEWSLETTER_BATCH
    rate = settings.DATELINE_NEWSLETTER_RATE if rate is None else rate
    me = SenderRun.objects.create(id=uuid.uuid4(), host=socket.gethostname(), pid=os.getpid())
    claimed = 0
    try:
        requeue_abandoned(me)
        pace, rendered = Pace(rate), {}
        while batch := claim(me, batch_size):
            claimed += len(batch)
            try:
                send_batch(batch, rendered, pace)
            finally:
                # Whatever this run could not send goes back for the next one.
                Delivery.objects.filter(run_id=me.pk, status=Delivery.Status.SENDING).update(
                    status=Delivery.Status.QUEUED, run_id=None, claimed_at=None
                )
            SenderRun.objects.filter(pk=me.pk).update(beat_at=timezone.now())
        finish_issues()
    finally:
        SenderRun.objects.filter(pk=me.pk).delete()
    return claimed


_lock = threading.Lock()
_thread: list[threading.Thread] = []


def _run_in_thread() -> None:
    try:
        run_sender()
    except Exception:
        logger.exception("The newsletter sender stopped; the next run resumes it")
    finally:
        connections.close_all()  # this thread's own


def send_soon() -> None:
    """Run the sender without holding up the caller (an editor's request, the
    scheduler), in this process's one sender thread; inline when
    DATELINE_NEWSLETTER_IN_BACKGROUND is off (tests, commands)."""
    if not settings.DATELINE_NEWSLETTER_IN_BACKGROUND:
        run_sender()
        return
    with _lock:
        if _thread and _thread[0].is_alive():
            return  # it claims new rows until none are left
        thread = threading.Thread(target=_run_in_thread, name="newsletter-sender")
        _thread[:] = [thread]
        thread.start()
