"""Every way a photo arrives (the admin, the multiple uploader, agency import,
the demo loader) ends in a save: strip metadata there."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from .metadata import strip_metadata


@receiver(pre_save, sender=get_image_model(), dispatch_uid="uploads-strip-photo-metadata")
def _strip_photo_metadata(sender, instance, **kwargs):
    field_file = instance.file
    if not field_file or getattr(field_file, "_committed", True):
        return  # nothing new to store
    field_file.seek(0)
    clean = strip_metadata(field_file.read())
    field_file.seek(0)
    if clean is None:
        return
    name = field_file.name.rsplit("/", 1)[-1]
    instance.file = ContentFile(clean, name=name)  # also updates width and height
    instance.file_size = len(clean)
    instance.file_hash = hash_filelike(BytesIO(clean))
