"""The notifications' answers to what lower apps announce (connected in NotificationsConfig.ready())."""

from __future__ import annotations

from rembug.proposals.models import Proposal, ProposalEvent

from .services import notify_status_change


def on_proposal_status_changed(sender, *, proposal: Proposal, event: ProposalEvent, **kwargs) -> None:
    """rembug.proposals.signals.proposal_status_changed: tell the proposer's chairs."""
    notify_status_change(proposal=proposal, event=event)
