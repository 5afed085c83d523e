from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "dateline.caching"
    label = "caching"
    verbose_name = "Caching"

    def ready(self):
        from . import signals  # noqa: F401  (connects purge-on-publish)
