"""The links a subscriber holds: signed, salted per purpose, no passwords.

A token names the subscriber's id and their stored key; leaving rotates the
key, so every link they hold stops working. Confirmation links expire (a week);
unsubscribe and preferences links live as long as the key: a reader may leave
from a years-old message.
"""

from django.core import signing

from .models import Subscriber

CONFIRM, PREFERENCES, UNSUBSCRIBE = "confirm", "preferences", "unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _salt(purpose: str) -> str:
    return f"dateline.newsletters.{purpose}"


def make_token(subscriber: Subscriber, purpose: str, issue_id: int | None = None) -> str:
    payload = {"s": subscriber.pk, "k": subscriber.key}
    if issue_id:
        payload["i"] = issue_id
    return signing.dumps(payload, salt=_salt(purpose), compress=True)


def read_token(token: str, purpose: str) -> tuple[Subscriber, int | None] | None:
    """(the subscriber, the issue the link came in) or None for a token that is
    forged, expired, for another purpose or from before the key was rotated."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        payload = signing.loads(token, salt=_salt(purpose), max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    subscriber = Subscriber.objects.filter(pk=payload.get("s"), key=payload.get("k")).first()
    if subscriber is None:
        return None
    issue_id = payload.get("i")
    return subscriber, issue_id if isinstance(issue_id, int) else None
