"""Failed sign-ins: pauses for the guesser, a lock only against a campaign.

- Per (name typed, address): after DATELINE_LOGIN_BACKOFF failures, sign-in
  for that pair pauses, for twice as long after each further failure. Keyed on
  the name as typed, whether or not an account has it, so a pause tells an
  outsider nothing; and on the address, so a guesser elsewhere never pauses the
  owner's own sign-in.
- Per address: at most DATELINE_LOGIN_RATE failures per window, whatever the
  names (one address trying many accounts).
- Per account: DATELINE_LOGIN_LOCK_AFTER wrong passwords in a row, from
  anywhere, lock it until an Administrator unlocks it, and its owner is told by
  email. A row, so it survives restarts and Administrators see it.

Pairs and addresses are cache counters with a window, like the comment rate limit.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from dateline.base.invalidation import cache_key, register_prefix
from dateline.caching.proxy import client_address

from .models import LoginLock

logger = logging.getLogger(__name__)

# The longest pause, and how long a pair's failures are remembered after the last.
LOGIN_FAILURES = register_prefix("login-failures", "failed sign-ins from an address")
LOGIN_PAIR = register_prefix("login-pair", "failed sign-ins for a (name, address)")
LOGIN_PAUSE = register_prefix("login-pause", "when a (name, address) may try again")
MAX_PAUSE = 24 * 3600


def _find_user(username: str | None):
    if not username:
        return None
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


def is_locked(user) -> bool:
    return LoginLock.objects.filter(user=user, locked_at__isnull=False).exists()


def count_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    """user_login_failed: one more wrong password for the address, the pair and the account."""
    username = credentials.get(get_user_model().USERNAME_FIELD)
    if request is not None:
        address = client_address(request)
        _count_address_failure(address)
        _count_pair_failure(username, address)
    user = _find_user(username)
    if user is None:
        return
    with transaction.atomic():
        lock, _created = LoginLock.objects.get_or_create(user=user)
        LoginLock.objects.filter(pk=lock.pk).update(failed_attempts=F("failed_attempts") + 1)
        lock.refresh_from_db()
        if lock.locked_at is not None or lock.failed_attempts < settings.DATELINE_LOGIN_LOCK_AFTER:
            return
        lock.locked_at = timezone.now()
        lock.save(update_fields=["locked_at"])
        log(instance=user, action="dateline.lock", user=None)
    _tell_owner(user)


def clear_failures(sender, request, user, **kwargs) -> None:
    """user_logged_in: the counts are of wrong passwords *in a row*."""
    LoginLock.objects.filter(user=user, locked_at__isnull=True).update(failed_attempts=0)
    if request is not None:
        cache.delete_many(_pair_keys(user.get_username(), client_address(request)))


def unlock(user, by=None) -> bool:
    """Lift the lock; True if there was one."""
    was_locked = is_locked(user)
    LoginLock.objects.filter(user=user).update(failed_attempts=0, locked_at=None)
    if was_locked:
        log(instance=user, action="dateline.unlock", user=by)
    return was_locked


def _tell_owner(user) -> None:
    if not user.email:
        return
    body = _(
        "Someone entered %(count)d wrong passwords in a row for your account %(username)s, "
        "so it is locked: no one can sign in to it, even with the right password.\n\n"
        "If that was you, ask an Administrator to unlock it (Settings → Locked accounts). "
        "If it was not, someone is guessing your password: once unlocked, change it and "
        "turn on two-factor sign-in."
    ) % {"count": settings.DATELINE_LOGIN_LOCK_AFTER, "username": user.get_username()}
    try:
        send_mail(
            _("Your %(site)s account is locked") % {"site": settings.WAGTAIL_SITE_NAME},
            body,
            None,
            [user.email],
        )
    except OSError:
        # The lock holds whether or not the mail goes; a mail server down must
        # not turn a refused sign-in into a server error.
        logger.exception("Could not tell %s that their account is locked", user.get_username())


# --- Per address ----------------------------------------------------------------


def _address_key(address: str) -> str:
    return cache_key(LOGIN_FAILURES, address)


def _count_address_failure(address: str) -> None:
    _, window = settings.DATELINE_LOGIN_RATE
    _increment(_address_key(address), window)


def address_over_limit(request) -> bool:
    limit, _ = settings.DATELINE_LOGIN_RATE
    return (cache.get(_address_key(client_address(request))) or 0) >= limit


# --- Per (name typed, address) ------------------------------------------------------


def _pair_keys(username: str | None, address: str) -> tuple[str, str]:
    """The pair's failure count and the end of its pause. Hashed: a typed name
    can hold anything, and cache keys may not."""
    name = (username or "").strip().lower().encode()
    pair = hashlib.sha256(name + b"\0" + address.encode()).hexdigest()[:32]
    return cache_key(LOGIN_PAIR, pair), cache_key(LOGIN_PAUSE, pair)


def _count_pair_failure(username: str | None, address: str) -> None:
    count_key, pause_key = _pair_keys(username, address)
    failures = _increment(count_key, MAX_PAUSE)
    # Remembered for a day after the *last* failure, so a patient guesser
    # never starts again from short pauses.
    cache.touch(count_key, MAX_PAUSE)
    after, first_pause = settings.DATELINE_LOGIN_BACKOFF
    if failures >= after:
        pause = min(first_pause * 2 ** (failures - after), MAX_PAUSE)
        cache.set(pause_key, time.time() + pause, math.ceil(pause))


def is_paused(request, username: str | None) -> bool:
    """True while this (name, address) must wait before trying again."""
    _, pause_key = _pair_keys(username, client_address(request))
    return (cache.get(pause_key) or 0) > time.time()


def _increment(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1
    return count
