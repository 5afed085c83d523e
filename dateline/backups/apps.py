from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "dateline.backups"
    label = "backups"
    verbose_name = "Backups"
