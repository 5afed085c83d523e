from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicSiteConfig(AppConfig):
    """The public site: page templates, the tags that put features on a page,
    edition routing and the headers public responses carry. It sits on top of
    the content model and the features; nothing below imports it."""

    name = "dateline.site"
    # "site" would read as Wagtail's Site model in the admin and in migrations.
    label = "public_site"
    verbose_name = _("Public site")

    def ready(self):
        from django.db.models.signals import pre_save

        from dateline.caching.purge import register_urls_for_page
        from dateline.newsroom.extensions import register_top_level_slugs
        from dateline.newsroom.models import HomePage

        from .translations import note_front_page_going_live_or_off, urls_of_translations

        # Publishing a translation changes the pages of the versions it links;
        # an edition opening or closing changes every page of every edition.
        register_urls_for_page(urls_of_translations)
        # What dateline/urls.py answers under every edition's prefix.
        register_top_level_slugs("live", "search", "feeds", "comments", "corrections", "_util")
        pre_save.connect(
            note_front_page_going_live_or_off,
            sender=HomePage,
            dispatch_uid="site-front-page-live",
        )
