from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dateline.live"
    label = "live"
    verbose_name = "Live"
