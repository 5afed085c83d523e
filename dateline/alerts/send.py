"""Sending a breaking banner to the edition's push subscribers.

stories sends `banner_raised` after the banner's transaction commits; the send
runs in a thread (DATELINE_ALERTS_IN_BACKGROUND, on by default) so the editor's
save returns at once, and nothing that goes wrong here reaches the editor.

Each push is encrypted for its browser (aes128gcm, RFC 8291) and signed with
the site's VAPID key (RFC 8292) by pywebpush, with a TTL until the banner
expires and Urgency: high. A push service answering 404 or 410 says the
subscription is gone: we delete it. Other failures are logged and counted.
"""

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import connections
from django.utils import timezone, translation
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from dateline.stories.models import BreakingNews

from .keys import private_key, subject
from .models import PushSubscription

logger = logging.getLogger(__name__)

GONE = (404, 410)
MIN_TTL = 60
MAX_TTL = 24 * 60 * 60


@dataclass
class Outcome:
    sent: int = 0
    removed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class _NoRedirects(requests.Session):
    """A push endpoint is a stranger's address: never follow it elsewhere."""

    def request(self, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


def payload_for(banner: BreakingNews) -> dict:
    language = banner.locale.language_code
    with translation.override(language):
        return {
            "title": banner.text,
            "body": _("Breaking news"),
            "url": banner.link,
            "tag": f"dateline-breaking-{banner.pk}",
            "lang": language,
            "dir": "rtl" if get_language_bidi() else "ltr",
        }


def _ttl(banner: BreakingNews) -> int:
    """Worth delivering while the banner shows, and not after."""
    left = (banner.expires_at - timezone.now()).total_seconds()
    return int(min(max(left, MIN_TTL), MAX_TTL))


def _push(vapid, info: dict, data: str, ttl: int) -> tuple[int | None, str]:
    """(status, error) of one push: status None when no answer came."""
    parts = urlsplit(info["endpoint"])
    claims = {
        "sub": subject(),
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + 12 * 60 * 60,
    }
    try:
        with _NoRedirects() as session:
            response = webpush(
                info,
                data=data,
                vapid_private_key=vapid,
                vapid_claims=claims,
                content_encoding="aes128gcm",
                ttl=ttl,
                headers={"Urgency": "high"},
                timeout=settings.DATELINE_ALERTS_TIMEOUT,
                requests_session=session,
            )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        return status, str(error).splitlines()[0]
    except Exception as error:  # a refused connection, a bad key: never the editor's problem
        return None, f"{type(error).__name__}: {error}"
    if response.status_code >= 300:  # a redirect, not followed
        return response.status_code, f"Push answered {response.status_code}"
    return response.status_code, ""


def send_banner(banner: BreakingNews) -> Outcome:
    """Push `banner` to every subscription of its edition; returns the counts."""
    outcome = Outcome()
    subscriptions = list(PushSubscription.objects.filter(edition_id=banner.locale_id))
    if not subscriptions:
        return outcome
    vapid = Vapid(private_key=private_key(), conf={"no-strict": True})
    data = json.dumps(payload_for(banner), ensure_ascii=False)
    ttl = _ttl(banner)
    with ThreadPoolExecutor(max_workers=settings.DATELINE_ALERTS_CONCURRENCY) as pool:
        results = list(pool.map(lambda sub: _push(vapid, sub.as_info(), data, ttl), subscriptions))
    sent, gone = [], []
    for subscription, (status, error) in zip(subscriptions, results, strict=True):
        if status is not None and 200 <= status < 300:
            sent.append(subscription.pk)
        elif status in GONE:
            gone.append(subscription.pk)
        else:
            outcome.errors.append(error)
            logger.warning("Push to %s failed: %s", urlsplit(subscription.endpoint).netloc, error)
    if sent:
        PushSubscription.objects.filter(pk__in=sent).update(last_sent_at=timezone.now())
    if gone:
        PushSubscription.objects.filter(pk__in=gone).delete()
    outcome.sent, outcome.removed, outcome.failed = len(sent), len(gone), len(outcome.errors)
    logger.info(
        "Breaking alert %s: %d sent, %d gone (removed), %d failed",
        banner.pk,
        outcome.sent,
        outcome.removed,
        outcome.failed,
    )
    return outcome


def _send_safely(banner_id: int) -> Outcome | None:
    try:
        banner = BreakingNews.objects.select_related("locale", "page").filter(pk=banner_id).first()
        return send_banner(banner) if banner is not None else None
    except Exception:
        logger.exception("Breaking alert %s could not be sent", banner_id)
        return None


def _in_thread(banner_id: int) -> None:
    try:
        _send_safely(banner_id)
    finally:
        connections.close_all()  # this thread's connections only


def on_banner_raised(sender, banner, **kwargs) -> None:
    """stories' `banner_raised`, after the commit: send, off the editor's request."""
    if settings.DATELINE_ALERTS_IN_BACKGROUND:
        threading.Thread(
            target=_in_thread, args=(banner.pk,), name="dateline-alerts", daemon=True
        ).start()
    else:
        _send_safely(banner.pk)
