"""Staff sessions: second factor first, and an end to idle sessions.

Only /admin/ requests look at the user here; elsewhere the user is read only
if a view asks (a restricted page), so public pages never touch the session
and stay shared-cacheable.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .two_factor import must_use_second_factor, second_factor_step

ADMIN = "/admin/"
SIGNED_IN_AT, SEEN_AT = "dateline_signed_in_at", "dateline_seen_at"
# Writing the session on every admin request is a database write each time;
# once a minute is precise enough for an idle limit of minutes.
SEEN_RESOLUTION = 60


class SecondFactorMiddleware:
    """Outside the admin, a password without its second factor signs no one in.

    The admin sends such a session to the second-factor step; everywhere else
    (restricted pages, their ninjs, private documents) it is anonymous. Lazy,
    like Django's own request.user, so a page that never asks who is reading
    never reads the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN):
            user = request.user
            request.user = SimpleLazyObject(lambda: _verified_or_anonymous(user))
        return self.get_response(request)


def _verified_or_anonymous(user):
    if must_use_second_factor(user) and not user.is_verified():
        return AnonymousUser()
    return user


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN) and request.user.is_authenticated:
            if response := self._expired(request) or self._needs_second_factor(request):
                return response
        return self.get_response(request)

    def _expired(self, request):
        now = int(time.time())
        session = request.session
        signed_in = session.setdefault(SIGNED_IN_AT, now)
        seen = session.get(SEEN_AT, now)
        if now - seen > settings.DATELINE_STAFF_IDLE_SECONDS:
            reason = _("You were signed out after %(minutes)d minutes without activity.") % {
                "minutes": settings.DATELINE_STAFF_IDLE_SECONDS // 60
            }
        elif now - signed_in > settings.DATELINE_STAFF_MAX_SESSION_SECONDS:
            reason = _("You were signed out %(hours)d hours after signing in.") % {
                "hours": settings.DATELINE_STAFF_MAX_SESSION_SECONDS // 3600
            }
        else:
            if now - seen >= SEEN_RESOLUTION or SEEN_AT not in session:
                session[SEEN_AT] = now
            return None
        logout(request)
        messages.warning(request, reason + " " + _("Please sign in again."))
        return redirect(_with_next(reverse("wagtailadmin_login"), request))

    def _needs_second_factor(self, request):
        open_paths = (
            reverse("staff_two_factor:index"),
            reverse("wagtailadmin_logout"),
            # The sign-in steps' own icons and translations: no newsroom data.
            reverse("wagtailadmin_sprite"),
            reverse("wagtailadmin_javascript_catalog"),
        )
        if request.path.startswith(open_paths):
            return None
        user = request.user
        if user.is_verified() or not must_use_second_factor(user, request.session):
            return None
        return redirect(_with_next(reverse(second_factor_step(user)), request))


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"
