from django.apps import AppConfig


class LiteConfig(AppConfig):
    name = "dateline.lite"
    label = "lite"
    verbose_name = "Text-only edition"

    def ready(self):
        from dateline.caching.purge import register_url_variants
        from dateline.newsroom.extensions import register_top_level_slugs

        from .urls import SEGMENT, purge_twins

        register_top_level_slugs(SEGMENT)

        # Whatever a publish purges, its text-only twin shows too.
        register_url_variants(purge_twins)
