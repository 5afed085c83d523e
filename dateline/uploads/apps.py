from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "dateline.uploads"
    label = "uploads"
    verbose_name = "Upload checks"

    def ready(self):
        from . import signals  # noqa: F401  (strips photo metadata on save)
