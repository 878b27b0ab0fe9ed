"""What proposals tell the apps above them (docs/architecture.md: a lower app never imports a higher one).

Receivers run synchronously inside the caller's transaction, and an exception in one rolls the change back, as a
direct call would: use `send`, never `send_robust`.
"""

from django.dispatch import Signal

#: Sent by `proposal_transition` after the status moved and its history row was written.
#: Arguments: proposal (with its new status and version), event (the ProposalEvent of the move).
#: rembug.notifications tells the proposer's chairs (inbox now, e-mail after commit).
proposal_status_changed = Signal()
