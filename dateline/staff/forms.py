from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from . import lockout


class StaffLoginForm(LoginForm):
    """Wagtail's sign-in form, refusing locked accounts and busy addresses
    with a message that says what happened and what to do."""

    error_messages = {
        **LoginForm.error_messages,
        "locked": _(
            "This account is locked after %(count)d wrong passwords in a row. "
            "Ask an Administrator to unlock it (Settings → Locked accounts)."
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
        username = self.cleaned_data.get("username")
        if lockout.is_username_locked(username):
            raise self._locked_error()
        try:
            return super().clean()
        except ValidationError:
            # The wrong password that just locked the account says so at once.
            if lockout.is_username_locked(username):
                raise self._locked_error() from None
            raise

    def _locked_error(self) -> ValidationError:
        return ValidationError(
            self.error_messages["locked"],
            code="locked",
            params={"count": settings.DATELINE_LOGIN_LOCK_AFTER},
        )


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
