"""Wrong passwords lock an account; too many failures from one address slow it down.

The account lock is a row per user (it must survive restarts and be visible to
Administrators); the per-address count is a cache counter with a window, like
the comment rate limit.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from dateline.caching.proxy import client_address

from .models import LoginLock


def _find_user(username: str | None):
    if not username:
        return None
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


def is_locked(user) -> bool:
    return LoginLock.objects.filter(user=user, locked_at__isnull=False).exists()


def is_username_locked(username: str | None) -> bool:
    user = _find_user(username)
    return user is not None and is_locked(user)


def count_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    """user_login_failed: one more wrong password for the account and the address."""
    if request is not None:
        _count_address_failure(client_address(request))
    user = _find_user(credentials.get(get_user_model().USERNAME_FIELD))
    if user is None:
        return
    with transaction.atomic():
        lock, _ = LoginLock.objects.get_or_create(user=user)
        LoginLock.objects.filter(pk=lock.pk).update(failed_attempts=F("failed_attempts") + 1)
        lock.refresh_from_db()
        if lock.locked_at is None and lock.failed_attempts >= settings.DATELINE_LOGIN_LOCK_AFTER:
            lock.locked_at = timezone.now()
            lock.save(update_fields=["locked_at"])
            log(instance=user, action="dateline.lock", user=None)


def clear_failures(sender, request, user, **kwargs) -> None:
    """user_logged_in: the count is of wrong passwords *in a row*."""
    LoginLock.objects.filter(user=user, locked_at__isnull=True).update(failed_attempts=0)


def unlock(user, by=None) -> bool:
    """Lift the lock; True if there was one."""
    was_locked = is_locked(user)
    LoginLock.objects.filter(user=user).update(failed_attempts=0, locked_at=None)
    if was_locked:
        log(instance=user, action="dateline.unlock", user=by)
    return was_locked


def _address_key(address: str) -> str:
    return f"dateline:login-failures:{address}"


def _count_address_failure(address: str) -> None:
    _, window = settings.DATELINE_LOGIN_RATE
    key = _address_key(address)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)


def address_over_limit(request) -> bool:
    limit, _ = settings.DATELINE_LOGIN_RATE
    return (cache.get(_address_key(client_address(request))) or 0) >= limit
