from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rembug.api"
    verbose_name = "API"
