from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WireConfig(AppConfig):
    name = "dateline.wire"
    label = "wire"
    verbose_name = _("Wire")

    def ready(self):
        from django.conf import settings

        from dateline.newsroom.scheduler import register_job

        # `serve` runs the scheduler: with a drop folder configured, each of
        # its passes takes in what agencies left there.
        if settings.DATELINE_WIRE_DIR:
            from .folder import take_in_folder

            register_job("wire-folder", lambda: take_in_folder(settings.DATELINE_WIRE_DIR), every=0)
