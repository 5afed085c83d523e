"""Signing up, confirming, changing lists, leaving, and what is held about an
address: the rules, apart from the pages that call them."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .messages import confirmation_message
from .models import (
    Delivery,
    Issue,
    NewsletterList,
    Subscriber,
    Subscription,
    Suppression,
    normalise_email,
)

logger = logging.getLogger(__name__)
NEWSLETTER_PAGE = "newsletter page"
PREFERENCES_PAGE = "preferences page"


def sign_up(email: str, newsletters, source: str, language_code: str) -> None:
    """Ask for `newsletters` for `email`: pending subscriptions with their
    consent, and a confirmation mail. Answers alike whether the address was
    known, subscribed or suppressed, so the page reveals nothing about it."""
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(
            email=email, defaults={"language_code": language_code}
        )
        pending = []
        for newsletter in newsletters:
            subscription, created = Subscription.objects.get_or_create(
                subscriber=subscriber,
                newsletter=newsletter,
                defaults={"consent_source": source, "consent_at": now},
            )
            if subscription.status == Subscription.Status.CONFIRMED:
                continue
            if not created:
                subscription.status = Subscription.Status.PENDING
                subscription.consent_source, subscription.consent_at = source, now
                subscription.save(update_fields=["status", "consent_source", "consent_at"])
            pending.append(newsletter)
    if not pending or Suppression.objects.filter(email=email).exists():
        return
    try:
        confirmation_message(subscriber, pending, language_code).send()
    except Exception:
        # The reader sees the same page; the address may try again.
        logger.exception("The newsletter confirmation could not be sent")


def confirm(subscriber: Subscriber) -> list[NewsletterList]:
    """The reader clicked the button in the confirmation mail."""
    pending = subscriber.subscriptions.filter(status=Subscription.Status.PENDING)
    newsletters = [s.newsletter for s in pending.select_related("newsletter__locale")]
    pending.update(status=Subscription.Status.CONFIRMED, confirmed_at=timezone.now())
    return newsletters


@transaction.atomic
def set_lists(subscriber: Subscriber, wanted, offered) -> None:
    """From the preferences page (reached by a signed link, which proves the
    mailbox): the ticked lists are confirmed, the others among `offered` left."""
    now = timezone.now()
    wanted_ids = {n.pk for n in wanted}
    for newsletter in offered:
        current = subscriber.subscriptions.filter(newsletter=newsletter).first()
        if newsletter.pk in wanted_ids:
            if current is None:
                Subscription.objects.create(
                    subscriber=subscriber,
                    newsletter=newsletter,
                    status=Subscription.Status.CONFIRMED,
                    consent_source=PREFERENCES_PAGE,
                    consent_at=now,
                    confirmed_at=now,
                )
            elif current.status != Subscription.Status.CONFIRMED:
                current.status = Subscription.Status.CONFIRMED
                current.consent_source, current.consent_at, current.confirmed_at = (
                    PREFERENCES_PAGE,
                    now,
                    now,
                )
                current.save()
        elif current is not None and current.status != Subscription.Status.UNSUBSCRIBED:
            current.status = Subscription.Status.UNSUBSCRIBED
            current.unsubscribed_at = now
            current.save(update_fields=["status", "unsubscribed_at"])
    if not subscriber.subscriptions.exclude(status=Subscription.Status.UNSUBSCRIBED).exists():
        subscriber.rotate_key()


@transaction.atomic
def unsubscribe(subscriber: Subscriber, issue_id: int | None = None) -> None:
    """Leave the list the issue came from (every list without one). Takes
    effect at the next send: the sender checks each row before it sends."""
    subscriptions = subscriber.subscriptions.exclude(status=Subscription.Status.UNSUBSCRIBED)
    issue = Issue.objects.filter(pk=issue_id).first() if issue_id else None
    if issue is not None:
        subscriptions = subscriptions.filter(newsletter_id=issue.newsletter_id)
        Issue.objects.filter(pk=issue.pk).update(unsubscribes=F("unsubscribes") + 1)
    subscriptions.update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    if not subscriber.subscriptions.exclude(status=Subscription.Status.UNSUBSCRIBED).exists():
        subscriber.rotate_key()  # every link they hold stops working


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export(email: str) -> dict:
    """Everything held about an address (a reader's access request)."""
    email = normalise_email(email)
    subscriber = Subscriber.objects.filter(email=email).first()
    suppression = Suppression.objects.filter(email=email).first()
    data: dict = {"email": email, "subscriber": None, "suppression": None}
    if suppression is not None:
        data["suppression"] = {"reason": suppression.reason, "at": _when(suppression.at)}
    if subscriber is None:
        return data
    subscriptions = subscriber.subscriptions.select_related("newsletter__locale")
    deliveries = Delivery.objects.filter(subscriber=subscriber).select_related("issue")
    data["subscriber"] = {
        "created_at": _when(subscriber.created_at),
        "language": subscriber.language_code,
        "subscriptions": [
            {
                "list": s.newsletter.slug,
                "edition": s.newsletter.locale.language_code,
                "name": s.newsletter.name,
                "status": s.status,
                "consent": {"at": _when(s.consent_at), "source": s.consent_source},
                "confirmed_at": _when(s.confirmed_at),
                "unsubscribed_at": _when(s.unsubscribed_at),
            }
            for s in subscriptions
        ],
        "deliveries": [
            {"issue": d.issue.subject, "status": d.status, "sent_at": _when(d.sent_at)}
            for d in deliveries.order_by("pk")
        ],
    }
    return data


@transaction.atomic
def erase(email: str) -> bool:
    """Forget an address: the subscriber, their consent records and deliveries
    and any suppression. Returns whether anything was held."""
    email = normalise_email(email)
    subscribers = Subscriber.objects.filter(email=email)
    held = subscribers.exists() or Suppression.objects.filter(email=email).exists()
    Delivery.objects.filter(subscriber__in=subscribers).delete()
    subscribers.delete()
    Suppression.objects.filter(email=email).delete()
    return held
