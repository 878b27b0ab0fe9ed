"""The delivery app's answers to what lower apps announce (connected in DeliveryConfig.ready())."""

from __future__ import annotations

import datetime

from rembug.proposals.models import Proposal

from .services import activity_plan


def on_proposal_accommodated(sender, *, proposal: Proposal, budget_amount: int, budget_year: int, **kwargs) -> None:
    """rembug.budget.signals.proposal_accommodated: plan the proposal's activity over the budget year."""
    activity_plan(
        actor=None,
        proposal=proposal,
        budget_amount=budget_amount,
        starts_on=datetime.date(budget_year, 1, 1),
        ends_on=datetime.date(budget_year, 12, 31),
    )
