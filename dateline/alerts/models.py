"""A reader's push subscription: where their browser's push service takes
alerts for one edition, and the keys that encrypt them for that browser only.

Nothing else about the reader is kept: no IP address, no user agent, no
account. The endpoint is the subscription's only name; whoever holds it can
unsubscribe it (the browser does, from the button).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale


class PushSubscription(models.Model):
    endpoint = models.URLField(_("endpoint"), max_length=1000, unique=True)
    # The browser's P-256 public key (65 bytes) and auth secret (16 bytes), base64url.
    p256dh = models.CharField(_("public key"), max_length=87)
    auth = models.CharField(_("auth secret"), max_length=22)
    edition = models.ForeignKey(
        Locale, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last alert sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return self.endpoint

    def as_info(self) -> dict:
        """What pywebpush takes: the subscription as the browser's toJSON() gives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
