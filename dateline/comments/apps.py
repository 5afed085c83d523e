from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    label = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from dateline.newsroom import extensions

        from . import purge  # noqa: F401  (connects the purge signal handlers)
        from .models import with_comment_counts

        # Listings' cards show each article's comment count.
        extensions.register_listing_annotator(with_comment_counts)
