"""Who must use a second factor, and the recovery codes that stand in for it."""

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from dateline.newsroom.setup import ADMINISTRATORS, EDITORS

RECOVERY_CODES = 10


def must_use_second_factor(user) -> bool:
    """Anyone who has set up a second factor uses it; Editors, Administrators
    and superusers must set one up when DATELINE_STAFF_REQUIRE_2FA is on."""
    if not user.is_authenticated:
        return False
    return user_has_device(user, confirmed=True) or required_by_desk(user)


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
    return user.is_superuser or user.groups.filter(name__in=(EDITORS, ADMINISTRATORS)).exists()


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; each works once. Shown once, by the caller."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
