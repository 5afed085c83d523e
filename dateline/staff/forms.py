from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from . import lockout


class StaffLoginForm(LoginForm):
    """Wagtail's sign-in form, with the pauses and limits of `lockout`, used by
    the admin's sign-in and the readers' one alike.

    A wrong password, an unknown or locked account and a paused one all get the
    same answer, so the form never tells an outsider which names exist. Only
    the per-address limit says what it is: it is about the network, not the
    account."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": _(
            "Your %(username_field)s and password didn't match, or sign-in is paused after "
            "too many failed attempts. Please try again later."
        ),
        "rate_limited": _(
            "Too many failed sign-ins from your network. Wait %(minutes)d minutes and try again."
        ),
    }

    def clean(self):
        if lockout.address_over_limit(self.request):
            _, window = settings.DATELINE_LOGIN_RATE
            raise ValidationError(
                self.error_messages["rate_limited"],
                code="rate_limited",
                params={"minutes": max(1, window // 60)},
            )
        # A paused attempt is refused before the password is checked, so it
        # neither tests a guess nor counts toward the account's lock.
        if lockout.is_paused(self.request, self.cleaned_data.get("username")):
            raise self.get_invalid_login_error()
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": ""}
        ),
        help_text=_("The 6-digit code from your authenticator app, or a recovery code."),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()
