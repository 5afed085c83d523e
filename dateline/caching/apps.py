from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "dateline.caching"
    label = "caching"
    verbose_name = _("Caching")

    def ready(self):
        from . import signals  # noqa: F401  (connects purge-on-publish)
