from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "rembug.delivery"
    verbose_name = _("RKPD dan pelaksanaan")

    def ready(self) -> None:
        from rembug.budget.signals import proposal_accommodated

        from .receivers import on_proposal_accommodated

        proposal_accommodated.connect(on_proposal_accommodated, dispatch_uid="delivery.proposal_accommodated")
