from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConditionsConfig(AppConfig):
    name = "rembug.conditions"
    verbose_name = _("Kondisi wilayah dan prioritas kota")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (a new planning year gets the default survey)
