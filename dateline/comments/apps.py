from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    label = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from . import purge  # noqa: F401  (connects the purge signal handlers)
