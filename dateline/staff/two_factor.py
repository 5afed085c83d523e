"""Who must use a second factor, and the recovery codes that stand in for it."""

import time

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from dateline.newsroom.setup import ADMINISTRATORS, EDITORS, in_group

RECOVERY_CODES = 10


# How long a session that found no second factor of its user's trusts that
# (saves two queries on every admin request): a factor set up in another
# session is asked for here within this time.
NO_DEVICE_SECONDS = 300


def must_use_second_factor(user, session=None) -> bool:
    """Anyone who has set up a second factor uses it; Editors, Administrators
    and superusers must set one up when DATELINE_STAFF_REQUIRE_2FA is on."""
    if not user.is_authenticated:
        return False
    return required_by_desk(user) or _has_device(user, session)


def _has_device(user, session) -> bool:
    if session is not None and session.get("dateline_no_device_until", 0) > time.time():
        return False
    found = user_has_device(user, confirmed=True)
    if not found and session is not None:
        session["dateline_no_device_until"] = time.time() + NO_DEVICE_SECONDS
    return found


def second_factor_step(user) -> str:
    """The URL name of the step where a user who must use a second factor
    passes it: entering a code, or first setting up an authenticator."""
    if user_has_device(user, confirmed=True):
        return "staff_two_factor:verify"
    return "staff_two_factor:index"


def required_by_desk(user) -> bool:
    """Editors, Administrators and superusers, while the setting is on."""
    if not settings.DATELINE_STAFF_REQUIRE_2FA:
        return False
    return user.is_superuser or in_group(user, EDITORS, ADMINISTRATORS)


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; each works once. Shown once, by the caller."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
