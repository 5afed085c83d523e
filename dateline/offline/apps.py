from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    """Offline reading: each edition's service worker keeps its front page and
    latest stories for a reader who loses the connection."""

    name = "dateline.offline"
    label = "offline"
    verbose_name = _("Offline reading")

    def ready(self):
        from dateline.caching.purge import register_urls_for_page

        from .pages import list_urls_for_page

        # A publish in an edition changes what its readers' workers keep.
        register_urls_for_page(list_urls_for_page)
