"""Readership counts: views per article per hour, and per referring site.

Nothing here names a reader: no address, no user agent, no cookie or other
identifier, no time finer than the hour. A row is a count of page views.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HourlyViews(models.Model):
    hour = models.DateTimeField(_("hour"), help_text=_("The start of the hour (UTC)."))
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("hourly views")
        verbose_name_plural = _("hourly views")
        constraints = [
            models.UniqueConstraint(fields=["hour", "page"], name="readership_views_hour_page")
        ]
        indexes = [models.Index(fields=["page", "hour"], name="readership_views_page_hour")]

    def __str__(self):
        return f"{self.hour:%Y-%m-%d %H}:00 page {self.page_id}: {self.views}"


class HourlyReferrers(models.Model):
    hour = models.DateTimeField(_("hour"), help_text=_("The start of the hour (UTC)."))
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    # Another site's host name only (lower case, no port, no path).
    host = models.CharField(_("referring site"), max_length=100)
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("hourly referrers")
        verbose_name_plural = _("hourly referrers")
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "page", "host"], name="readership_referrers_hour_page_host"
            )
        ]
        indexes = [
            models.Index(fields=["page", "hour"], name="readership_refs_page_hour"),
            models.Index(fields=["hour"], name="readership_refs_hour"),
        ]

    def __str__(self):
        return f"{self.hour:%Y-%m-%d %H}:00 page {self.page_id} from {self.host}: {self.views}"
