from io import BytesIO

from django.core.files.base import ContentFile
from django.core.management import BaseCommand
from PIL import Image
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from dateline.uploads.metadata import strip_metadata


class Command(BaseCommand):
    help = (
        "Strip EXIF/XMP metadata (GPS positions) from photos uploaded before uploads were "
        "cleaned, and drop their renditions so they are made again from the clean file."
    )

    def handle(self, *args, **options):
        cleaned = 0
        for photo in get_image_model().objects.order_by("pk").iterator():
            with photo.open_file() as f:
                clean = strip_metadata(f.read())
            if clean is None:
                continue
            storage, old_name = photo.file.storage, photo.file.name
            photo.file.save(old_name.rsplit("/", 1)[-1], ContentFile(clean), save=False)
            with Image.open(BytesIO(clean)) as image:
                photo.width, photo.height = image.size  # upright now
            photo.file_size = len(clean)
            photo.file_hash = hash_filelike(BytesIO(clean))
            photo.save()
            if photo.file.name != old_name:
                storage.delete(old_name)
            photo.renditions.all().delete()  # their files go with them
            cleaned += 1
            self.stdout.write(f"{photo.pk}: {photo.file.name}")
        self.stdout.write(f"Stripped metadata from {cleaned} photos.")
