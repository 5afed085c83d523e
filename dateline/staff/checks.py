"""Settings that must never reach production. Run by `python -m dateline check
--deploy` anywhere, and by every command (so `serve` too) when DATELINE_ENV is
production. Silence one knowingly with SILENCED_SYSTEM_CHECKS."""

from django.conf import settings
from django.core.checks import Error

INSECURE_KEY_PREFIX = "django-insecure"


def production_settings(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    if settings.DEBUG:
        errors.append(
            Error(
                "DEBUG is on: error pages would show settings and code to readers.",
                hint="Unset DEBUG (or DEBUG=0) in production.",
                id="dateline.E001",
            )
        )
    key = settings.SECRET_KEY
    if (
        not settings.DATELINE_SECRET_KEY_FROM_ENV
        or key.startswith(INSECURE_KEY_PREFIX)
        or len(key) < 50
        or len(set(key)) < 5
    ):
        errors.append(
            Error(
                "SECRET_KEY is the generated demo key or too weak: sessions and password "
                "reset links could be forged by anyone who reads the data folder.",
                hint="Set SECRET_KEY to at least 50 random characters, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
                id="dateline.E002",
            )
        )
    hosts = settings.ALLOWED_HOSTS
    if not settings.DATELINE_ALLOWED_HOSTS_FROM_ENV or not hosts or "*" in hosts:
        errors.append(
            Error(
                "ALLOWED_HOSTS is missing, empty or '*': set the site's own host names.",
                hint="ALLOWED_HOSTS=news.example.org,www.news.example.org",
                id="dateline.E003",
            )
        )
    if not getattr(settings, "SECURE_HSTS_SECONDS", 0) or not settings.SESSION_COOKIE_SECURE:
        errors.append(
            Error(
                "DATELINE_HTTPS is off: no HSTS, no HTTPS redirect, and session cookies "
                "would travel in clear text.",
                hint="Serve the site over HTTPS and set DATELINE_HTTPS=1.",
                id="dateline.E004",
            )
        )
    if not settings.DATELINE_STAFF_REQUIRE_2FA:
        errors.append(
            Error(
                "Two-factor sign-in is not required for Editors and Administrators.",
                hint="Unset DATELINE_STAFF_REQUIRE_2FA (on by default in production).",
                id="dateline.E005",
            )
        )
    return errors
