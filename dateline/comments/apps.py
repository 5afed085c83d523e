from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    label = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from dateline.newsroom.scheduler import register_job

        from . import purge  # noqa: F401  (connects the purge signal handlers)
        from .privacy import clear_old_ip_addresses

        # Addresses past their retention are forgotten within the hour.
        register_job("clear-old-comment-ips", clear_old_ip_addresses, every=3600)
