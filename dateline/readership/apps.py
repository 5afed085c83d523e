from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """Readership without trackers: a beacon per article view counted per
    hour, Most read per edition, and the numbers in the admin."""

    name = "dateline.readership"
    label = "readership"
    verbose_name = _("Readership")

    def ready(self):
        from django.conf import settings

        from dateline.newsroom.extensions import register_top_level_slugs
        from dateline.newsroom.scheduler import register_job

        from .counting import flush_job

        # /<lang>/most-read/: the list's fragment, above any section.
        register_top_level_slugs("most-read")
        # The scheduler's process writes its own counts, and with REDIS_URL
        # drains every app server's counts from Redis into the database.
        register_job(
            "readership-flush", flush_job, every=settings.DATELINE_READERSHIP_FLUSH_SECONDS
        )
