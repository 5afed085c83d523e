from django.apps import AppConfig


class LiteConfig(AppConfig):
    name = "dateline.lite"
    label = "lite"
    verbose_name = "Text-only edition"

    def ready(self):
        from dateline.caching.purge import register_url_variants

        from .urls import purge_twins

        # Whatever a publish purges, its text-only twin shows too.
        register_url_variants(purge_twins)
