"""Translations whose source changed after the text they were translated from."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutOfDate(models.Model):
    """One translation that needs the source's new text. The row goes when the
    translation's source text is taken again (wagtail-localize's "Sync
    translated pages"), so its presence is the whole state."""

    class Reason(models.TextChoices):
        CORRECTION = "correction", _("The source was corrected")
        UPDATE = "update", _("The source was updated")

    translation = models.OneToOneField(
        "wagtail_localize.Translation", on_delete=models.CASCADE, related_name="+"
    )
    # The translated page and its source, kept here so a desk's listing is one query.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    source_page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("out-of-date translation")

    def __str__(self) -> str:
        return f"{self.page_id} ({self.get_reason_display()})"
