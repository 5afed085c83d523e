"""Sign-in and sign-out, two-factor sign-in pages and the Administrators' list
of locked accounts."""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.account import LogoutView
from wagtail.urls import WAGTAIL_FRONTEND_LOGIN_TEMPLATE

from . import lockout
from .forms import StaffLoginForm, TokenForm
from .models import LoginLock
from .two_factor import (
    must_use_second_factor,
    new_recovery_codes,
    required_by_desk,
    second_factor_step,
)

THROTTLED = _lazy("Too many wrong codes in a row: wait a few seconds, then try again.")


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


class ReaderLoginView(LoginView):
    """Where restricted pages send readers (Wagtail's /en/_util/login/): the
    admin's form, so the same pauses, limits and answers, then the second
    factor for accounts that have one, before the page they asked for."""

    template_name = WAGTAIL_FRONTEND_LOGIN_TEMPLATE
    authentication_form = StaffLoginForm

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if must_use_second_factor(self.request.user):
            return f"{reverse(second_factor_step(self.request.user))}?{urlencode({'next': url})}"
        return url


# Wagtail's sign-out deletes the session cookie even on a GET, which Django 5
# refuses (405), so the session stayed valid behind a deleted cookie. A GET can
# come from any page's <img>, so it changes nothing; the admin's menu POSTs.
logout = require_POST(LogoutView.as_view())


def index(request):
    """Set up an authenticator app, or see that it is set up."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        if not user.is_verified():
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('staff_two_factor:verify')}?{query}")
        return render(
            request,
            "staff/two_factor_on.html",
            {"can_turn_off": not required_by_desk(user)},
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", THROTTLED)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            codes = new_recovery_codes(user)
            return render(
                request,
                "staff/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        else:
            form.add_error(
                "token", _("That code is not right. Check your device's clock and try again.")
            )
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )
    return render(
        request,
        "staff/two_factor_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "otpauth_uri": device.config_url,
            "qr_svg": mark_safe(qr),  # made here by segno from our own data
            "required": must_use_second_factor(user),
            "next": _next_url(request),
        },
    )


def verify(request):
    """The step after the password: a code from the app or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # App codes are 6 digits, recovery codes 8 letters and digits: try only
        # the kind given, so a recovery code is not a wrong app code (each wrong
        # code makes that device wait longer before the next try).
        kind = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
        devices = [d for d in django_otp.devices_for_user(user) if isinstance(d, kind)]
        throttled = any(not d.verify_is_allowed()[0] for d in devices)
        device = None
        if not throttled:
            # verify_token locks the device row, so a recovery code works once
            # even when sent twice at the same moment.
            device = next(
                (
                    verified
                    for d in devices
                    if (verified := django_otp.verify_token(user, d.persistent_id, token))
                ),
                None,
            )
        if throttled:
            form.add_error("token", THROTTLED)
        elif device is not None:
            django_otp.login(request, device)
            if kind is StaticDevice:
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)d are left.") % {"left": left},
                )
            return redirect(_next_url(request))
        else:
            form.add_error("token", _("That code is not right, or was already used."))
    return render(request, "staff/verify.html", {"form": form, "next": _next_url(request)})


@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        raise PermissionDenied
    codes = new_recovery_codes(request.user)
    return render(request, "staff/recovery_codes.html", {"codes": codes, "next": ""})


@require_POST
def turn_off(request):
    user = request.user
    if not user.is_verified() or required_by_desk(user):
        raise PermissionDenied
    for device in django_otp.devices_for_user(user, confirmed=None):
        device.delete()
    messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("wagtailadmin_home")


def locked_accounts(request):
    if not request.user.has_perm("auth.change_user"):
        raise PermissionDenied
    locks = LoginLock.objects.filter(locked_at__isnull=False).select_related("user")
    return render(request, "staff/locked_accounts.html", {"locks": locks.order_by("-locked_at")})


@require_POST
def unlock(request, user_id: int):
    if not request.user.has_perm("auth.change_user"):
        raise PermissionDenied
    user = get_object_or_404(get_user_model(), pk=user_id)
    if lockout.unlock(user, by=request.user):
        messages.success(request, _("%(user)s can sign in again.") % {"user": user})
    return redirect("staff_locked_accounts")
