from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "rembug.backups"
    verbose_name = "Cadangan"
