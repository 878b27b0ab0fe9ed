from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "rembug.notifications"
    verbose_name = _("Pemberitahuan")

    def ready(self) -> None:
        from rembug.proposals.signals import proposal_status_changed

        from .receivers import on_proposal_status_changed

        proposal_status_changed.connect(on_proposal_status_changed, dispatch_uid="notifications.status_changed")
