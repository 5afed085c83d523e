from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "dateline.staff"
    label = "staff"
    verbose_name = _("Staff accounts")

    def ready(self):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.core import checks
        from django.db.models.signals import m2m_changed

        from . import audit, lockout
        from .checks import production_settings

        # `check --deploy` always runs the production checks; in production every
        # command runs them, so `serve` refuses to start on unsafe settings.
        checks.register(production_settings, checks.Tags.security, deploy=True)
        if settings.DATELINE_PRODUCTION:
            checks.register(production_settings, checks.Tags.security)

        user_login_failed.connect(lockout.count_failure, dispatch_uid="staff-login-failed")
        user_logged_in.connect(lockout.clear_failures, dispatch_uid="staff-logged-in")
        User = get_user_model()
        m2m_changed.connect(
            audit.log_group_permissions,
            sender=Group.permissions.through,
            dispatch_uid="staff-audit-group-permissions",
        )
        m2m_changed.connect(
            audit.log_user_groups, sender=User.groups.through, dispatch_uid="staff-audit-groups"
        )
        m2m_changed.connect(
            audit.log_user_permissions,
            sender=User.user_permissions.through,
            dispatch_uid="staff-audit-user-permissions",
        )
