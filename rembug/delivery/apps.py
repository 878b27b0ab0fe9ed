from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "rembug.delivery"
    verbose_name = _("RKPD dan pelaksanaan")
