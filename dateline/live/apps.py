from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "dateline.live"
    label = "live"
    verbose_name = _("Live")

    def ready(self):
        from dateline.newsroom.setup import newsroom_set_up

        from .setup import on_newsroom_set_up

        # The desks get the channel permissions whenever the newsroom is set up.
        newsroom_set_up.connect(on_newsroom_set_up, dispatch_uid="live-setup")
