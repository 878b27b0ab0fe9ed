"""What the budget tells the apps above it (docs/architecture.md: a lower app never imports a higher one).

Receivers run synchronously inside the caller's transaction, and an exception in one rolls the publication back,
as a direct call would: use `send`, never `send_robust`.
"""

from django.dispatch import Signal

#: Sent by `fit_publish` for each accommodated proposal with a city budget share, after its status moved.
#: Arguments: proposal, budget_amount (rupiah, > 0), budget_year (int).
#: rembug.delivery plans the proposal's activity for the budget year.
proposal_accommodated = Signal()
