from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "dateline.uploads"
    label = "uploads"
    verbose_name = _("Upload checks")

    def ready(self):
        from . import signals  # noqa: F401  (strips photo metadata on save)
