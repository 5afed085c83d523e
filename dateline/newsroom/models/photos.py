"""News photos and their renditions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class Photo(AbstractImage):
    """A news photo: Wagtail's image plus the credit a newsroom must print."""

    credit = models.CharField(
        max_length=255, blank=True, help_text=_("Photographer or agency."), verbose_name=_("credit")
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text=_("Default caption."), verbose_name=_("caption")
    )

    admin_form_fields = Image.admin_form_fields + ("credit", "caption")

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
