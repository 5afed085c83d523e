from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MirrorConfig(AppConfig):
    name = "dateline.mirror"
    label = "mirror"
    verbose_name = _("Static mirror")

    def ready(self):
        from dateline.caching.purge import register_batch_listener

        from .publish import rewrite_after_purge

        register_batch_listener(rewrite_after_purge)
