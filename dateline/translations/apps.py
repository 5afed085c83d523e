from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "dateline.translations"
    label = "translations"
    verbose_name = "Translation desk"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_published
        from wagtail_localize.models import TranslationSource

        from dateline.newsroom.setup import newsroom_set_up

        from . import out_of_date
        from .setup import on_newsroom_set_up

        # The desks may start translations whenever the newsroom is set up.
        newsroom_set_up.connect(on_newsroom_set_up, dispatch_uid="translations-setup")
        # A source published again: its translations may be out of date.
        page_published.connect(out_of_date.source_published, dispatch_uid="translations-published")
        # A source's text taken again ("Sync translated pages"): they are up to date.
        post_save.connect(
            out_of_date.source_refreshed, sender=TranslationSource, dispatch_uid="translations-sync"
        )
