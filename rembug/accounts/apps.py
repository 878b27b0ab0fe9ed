from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rembug.accounts"
    verbose_name = _("Pengguna dan peran")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the token revocation on password change)
