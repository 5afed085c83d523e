from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginLock(models.Model):
    """Wrong passwords in a row for one account, and when that locked it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="login_lock",
        verbose_name=_("user"),
    )
    failed_attempts = models.PositiveIntegerField(default=0, verbose_name=_("failed attempts"))
    locked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("locked at"))

    class Meta:
        verbose_name = _("login lock")

    def __str__(self) -> str:
        return f"{self.user}: {self.failed_attempts} failed"
