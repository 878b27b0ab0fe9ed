from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "rembug.guide"
    verbose_name = _("Panduan (Bimtek)")

    def ready(self) -> None:
        # The forms of the apps below the guide show its field help through this registry (docs/architecture.md).
        from rembug.fieldhelp import register_field_help_source

        from .selectors import field_help

        register_field_help_source(field_help)
