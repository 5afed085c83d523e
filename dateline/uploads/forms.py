"""The admin's upload forms, checked by content (set in settings as Wagtail's
WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE).

Wagtail already refuses an image whose content does not match its name (it
sniffs the bytes with Willow), SVG (not in WAGTAILIMAGES_EXTENSIONS) and
images over the size and pixel limits. Two gaps are closed here: Wagtail
decodes the whole image before counting its pixels, so a small file that
unpacks to gigabytes is refused from its header instead; a file that starts
like a JPEG but is not one made a server error, now a form error; and
documents (the newsroom's audio) were checked by name only."""

import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .sniff import matches_extension


class CheckedImageField(WagtailImageField):
    def to_python(self, data):
        if isinstance(data, UploadedFile):
            self._refuse_bombs(data)
        try:
            return super().to_python(data)
        except forms.ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001
            # A file that starts like an image but is not one: Wagtail's pixel
            # count trips over it (a server error) where a form error belongs.
            raise forms.ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc

    def _refuse_bombs(self, data: UploadedFile) -> None:
        limit = self.max_image_pixels
        message = _(
            "This image unpacks to too many pixels to open safely (%(pixels)s; at most "
            "%(limit)s). Resize it to a normal photo size and upload it again."
        )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                data.seek(0)
                with PILImage.open(data) as image:  # reads the header only
                    width, height = image.size
        except PILImage.DecompressionBombError:
            raise forms.ValidationError(
                message % {"pixels": _("hundreds of millions"), "limit": f"{limit:,}"},
                code="file_too_many_pixels",
            ) from None
        except Exception:  # noqa: BLE001 - not an image Pillow knows: Wagtail says so
            return
        finally:
            data.seek(0)
        if limit and width * height > limit:
            raise forms.ValidationError(
                message % {"pixels": f"{width * height:,}", "limit": f"{limit:,}"},
                code="file_too_many_pixels",
            )


class PhotoForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            old = self.fields["file"]
            self.fields["file"] = CheckedImageField(
                label=old.label, required=old.required, widget=old.widget
            )


class MediaFileForm(BaseDocumentForm):
    """Audio and PDFs: the bytes must be what the name says, within a size limit."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged on edit
        limit = settings.DATELINE_DOCUMENT_MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is too big (%(size)s). Maximum file size %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="file_too_large",
            )
        upload.seek(0)
        head = upload.read(64)
        upload.seek(0)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if not matches_extension(extension, head):
            raise forms.ValidationError(
                _(
                    "This file's content is not %(kind)s, whatever its name says. "
                    "Upload the real file."
                )
                % {"kind": f".{extension}" if extension else _("a supported format")},
                code="content_does_not_match",
            )
        return upload
