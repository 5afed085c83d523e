from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    label = "comments"
    verbose_name = _("Reader comments")

    def ready(self):
        from dateline.newsroom import extensions
        from dateline.newsroom.scheduler import register_job
        from dateline.newsroom.setup import newsroom_set_up

        from . import purge  # noqa: F401  (connects the purge signal handlers)
        from .bans import lift_expired
        from .models import with_comment_counts
        from .privacy import clear_old_ip_addresses
        from .setup import on_newsroom_set_up

        # Editors and administrators moderate comments.
        newsroom_set_up.connect(on_newsroom_set_up, dispatch_uid="comments-setup")

        # Addresses past their retention are forgotten within the hour.
        register_job("clear-old-comment-ips", clear_old_ip_addresses, every=3600)
        # Bans that ran out are deleted: what is left names current bans only.
        register_job("lift-expired-comment-bans", lift_expired, every=3600)

        # Listings' cards show each article's comment count.
        extensions.register_listing_annotator(with_comment_counts)
