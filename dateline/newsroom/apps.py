from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "dateline.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from wagtail.signals import page_published

        from .models import stamp_significant_update

        page_published.connect(stamp_significant_update, dispatch_uid="newsroom-significant-update")
