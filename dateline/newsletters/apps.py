from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """Newsletters per edition: signup, consent, issues and the resumable
    sender (docs/decisions/0013-audience.md)."""

    name = "dateline.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from anymail.signals import tracking
        from django.db.models.signals import post_save
        from wagtail.models import Locale

        from dateline.newsroom.extensions import register_top_level_slugs
        from dateline.newsroom.scheduler import register_job
        from dateline.newsroom.setup import newsroom_set_up
        from dateline.stories.signals import banner_raised

        from . import bounces, signals
        from .due import send_due

        # /<lang>/newsletters/ is ours: no section may take the slug.
        register_top_level_slugs("newsletters")
        # Briefings at their time, scheduled issues, unfinished sends.
        register_job("newsletters-due", send_due, every=60)
        # Every edition has its briefing and breaking lists.
        newsroom_set_up.connect(signals.on_newsroom_set_up, dispatch_uid="newsletters-setup")
        post_save.connect(signals.locale_saved, sender=Locale, dispatch_uid="newsletters-locale")
        # A banner raised with "Alert subscribers" goes to the breaking list.
        banner_raised.connect(signals.on_banner_raised, dispatch_uid="newsletters-breaking")
        # An email service's webhook reports a bounce or complaint: suppress it.
        tracking.connect(bounces.on_tracking, dispatch_uid="newsletters-bounces")
