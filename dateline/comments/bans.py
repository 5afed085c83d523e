"""Banning a commenter for some days without keeping who they are.

A ban holds an HMAC-SHA256 of the commenter's email address and one of their
network address, keyed with the site's SECRET_KEY: a post is refused when
either matches a ban that has not run out, and the table itself names nobody
(nor can it be matched against a list of addresses without the key). A new
SECRET_KEY forgets every ban.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Comment, CommenterBan

MAX_DAYS = 365


def _key(kind: str, value: str) -> str:
    secret = f"dateline.comments.ban:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def keys_of(email: str, address: str | None) -> list[tuple[str, str]]:
    keys = []
    if email:
        keys.append((CommenterBan.Kind.EMAIL, _key("email", email.strip().lower())))
    if address:
        keys.append((CommenterBan.Kind.ADDRESS, _key("address", address)))
    return keys


def is_banned(email: str, address: str | None) -> bool:
    keys = [key for _, key in keys_of(email, address)]
    if not keys:
        return False
    return CommenterBan.objects.filter(key__in=keys, until__gt=timezone.now()).exists()


def ban(comment: Comment, days: int, user=None) -> int:
    """Ban the comment's author (by email and by address, those it has) for
    `days` days; returns how many bans were made."""
    days = max(1, min(int(days), MAX_DAYS))
    until = timezone.now() + timedelta(days=days)
    reason = f"comment {comment.pk}"
    made = 0
    for kind, key in keys_of(comment.email, comment.ip_address):
        CommenterBan.objects.create(kind=kind, key=key, until=until, reason=reason, created_by=user)
        made += 1
    return made


def lift_expired() -> int:
    """Bans that ran out are deleted (the scheduler, daily)."""
    return CommenterBan.objects.filter(until__lte=timezone.now()).delete()[0]
