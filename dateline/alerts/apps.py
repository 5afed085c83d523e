from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Breaking alerts by web push: readers who ask get a notification when an
    editor raises a breaking banner with "Alert subscribers" ticked."""

    name = "dateline.alerts"
    label = "alerts"
    verbose_name = _("Breaking alerts")

    def ready(self):
        from dateline.newsroom.extensions import register_top_level_slugs
        from dateline.offline.worker import register_worker_script
        from dateline.stories.signals import banner_raised

        from .send import on_banner_raised

        # /<lang>/alerts/ answers the button; no section may take the address.
        register_top_level_slugs("alerts")
        # One worker per scope: the edition's offline worker loads the push handler.
        register_worker_script("alerts/push.js")
        banner_raised.connect(on_banner_raised, dispatch_uid="alerts-banner-raised")
