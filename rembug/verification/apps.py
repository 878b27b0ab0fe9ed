from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "rembug.verification"
    verbose_name = _("Forum Perangkat Daerah (verifikasi)")
