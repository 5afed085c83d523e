from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dateline.base.replay import register_wait

from .lag import wait_for_replica
from .routers import REPLICA


class ReplicasConfig(AppConfig):
    name = "dateline.replicas"
    label = "replicas"
    verbose_name = _("Read replicas")

    def ready(self):
        # Without a replica there is nothing to wait for, not even a query.
        if REPLICA in settings.DATABASES:
            register_wait(wait_for_replica)
