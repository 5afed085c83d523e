from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import views

two_factor_urls = (
    [
        path("", views.index, name="index"),
        path("verify/", views.verify, name="verify"),
        path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
        path("turn-off/", views.turn_off, name="turn_off"),
    ],
    "staff_two_factor",
)


@hooks.register("register_admin_urls")
def staff_urls():
    return [
        path("two-factor/", include(two_factor_urls)),
        path("locked-accounts/", views.locked_accounts, name="staff_locked_accounts"),
        path("locked-accounts/<int:user_id>/unlock/", views.unlock, name="staff_unlock_account"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("staff_two_factor:index"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Sign in with a code from an authenticator app as well as a password."),
    }


class LockedAccountsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("auth.change_user")


@hooks.register("register_settings_menu_item")
def locked_accounts_menu_item():
    return LockedAccountsMenuItem(
        _("Locked accounts"),
        reverse("staff_locked_accounts"),
        name="locked-accounts",
        icon_name="lock",
        order=650,
    )


class PermissionsChanged(LogFormatter):
    label = _("Change permissions")

    def format_message(self, log_entry) -> str:
        data = log_entry.data or {}
        parts = []
        if data.get("added"):
            parts.append(_("added %(names)s") % {"names": ", ".join(data["added"])})
        if data.get("removed"):
            parts.append(_("removed %(names)s") % {"names": ", ".join(data["removed"])})
        what = data.get("what", _("Permissions"))
        return f"{what}: {'; '.join(parts) or _('cleared')}"


@hooks.register("register_log_actions")
def staff_log_actions(actions):
    actions.register_action("dateline.permissions")(PermissionsChanged)
    actions.register_action("dateline.lock", _("Lock account"), _("Account locked"))
    actions.register_action("dateline.unlock", _("Unlock account"), _("Account unlocked"))
