from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read API for apps and partners: Wagtail's API v2 at /api/v2/."""

    name = "dateline.api"
    label = "api"
    verbose_name = _("Read API")

    def ready(self):
        from dateline.caching.purge import register_urls_for_page
        from dateline.newsroom import extensions

        from .fields import RENDITIONS, attach_fields
        from .purge import api_urls_for_page

        # Which fields each page type shows is the API's choice, attached here
        # so the content core and the features know nothing of the API.
        attach_fields()
        # The photo sizes the API lists are made at publish, not on a request.
        extensions.register_lead_photo_specs(*RENDITIONS.values())
        # A publish purges the API's answers about the page with its HTML.
        register_urls_for_page(api_urls_for_page)
