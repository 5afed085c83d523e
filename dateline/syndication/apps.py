from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "dateline.syndication"
    label = "syndication"
    verbose_name = _("Syndication")

    def ready(self):
        from dateline.newsroom import extensions

        from .feeds import IMAGE_SPEC
        from .metadata import IMAGE_RATIOS
        from .ninjs import ninjs_response

        # Every article answers its ninjs at /<article>/ninjs/.
        extensions.register_article_route("ninjs/", "ninjs", ninjs_response)
        # Feeds and sharing metadata show the lead photo in these sizes: made
        # on publish with the pages' own.
        extensions.register_lead_photo_specs(*IMAGE_RATIOS.values(), IMAGE_SPEC)
