from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SipdConfig(AppConfig):
    name = "rembug.sipd"
    verbose_name = _("Pertukaran data SIPD")
