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
        from dateline.caching.purge import register_urls_for_page

        from .translations import urls_of_translations

        # Publishing a translation changes the pages of the versions it links.
        register_urls_for_page(urls_of_translations)
