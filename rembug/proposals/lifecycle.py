"""The whole life of a proposal, readable in one screen. `services.proposals_transition` is the only writer of
`Proposal.status`; every transition is listed here with the stage actions under which it may happen and the named
rule its operation checks (decision 0019).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.cycles.phases import Action


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    AGREED = "agreed", _("Disepakati di Rembug, diteruskan ke kelurahan")
    OUTSIDE_QUOTA = "outside_quota", _("Disepakati di luar kuota (tidak diteruskan)")
    WITHDRAWN = "withdrawn", _("Ditarik")
    MERGED = "merged", _("Digabung dengan usulan lain")
    # The upward flow (Musrenbang Kelurahan → Kecamatan → OPD → Kota) continues from AGREED.
    FUNDED_KELURAHAN = "funded_kelurahan", _("Didanai di kelurahan")
    FORWARDED_KECAMATAN = "forwarded_kecamatan", _("Diteruskan ke kecamatan")
    FORWARDED_OPD = "forwarded_opd", _("Diteruskan ke perangkat daerah")
    VERIFIED = "verified", _("Diterima perangkat daerah")
    ACCOMMODATED = "accommodated", _("Diakomodasi dalam RKPD")
    NOT_ACCOMMODATED = "not_accommodated", _("Tidak diakomodasi")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai dibangun")


#: Statuses from which a proposal may be proposed again next year (carry-over).
CARRY_OVER_FROM = frozenset({Status.NOT_ACCOMMODATED, Status.OUTSIDE_QUOTA})
#: Statuses in which the proposal's own data may still be edited by its proposer.
EDITABLE = frozenset({Status.DRAFT})


#: The forums whose finalizing agrees a list against the quota: the Rembug RT/RW/Pokmas and the Musrenbang Tematik.
QUOTA_FORUMS = (Action.REMBUG_HOLD, Action.THEMATIC_FORUM)


@dataclass(frozen=True)
class Transition:
    actions: tuple[str, ...]  # the stage actions under which it may happen (one of them must be open)
    perm: str  # the named rule the actor must hold on the operation's target
    # Other operations that may make the same move (another stage and rule): e.g. a proposal its agency never
    # verified is given its fate by Bappeda's budget fit, as a verifier would have.
    also: tuple[Transition, ...] = ()

    def ways(self) -> tuple[Transition, ...]:
        """Every (actions, rule) under which this move may be made, this entry's own first."""
        return (self, *self.also)

    def allows(self, operation: Operation) -> bool:
        return any(w.perm == operation.perm and operation.action in w.actions for w in self.ways())


@dataclass(frozen=True)
class Operation:
    """What moves proposals: the stage action that must be open and the named rule the actor must hold on `target`
    (a forum meeting, the cycle, an activity, or the proposal itself). `services.proposals_transition` checks it once
    for a whole batch, and every move of the batch must be a table entry that names this action and rule."""

    action: str
    perm: str
    target: object


TRANSITIONS: dict[tuple[str, str], Transition] = {
    # Rembug RT/RW/Pokmas (and Musrenbang Tematik): finalizing agrees the list; items past the quota stay recorded.
    # The rule is checked on the meeting being finalized.
    (Status.DRAFT, Status.AGREED): Transition(QUOTA_FORUMS, "forums.finalize_meeting"),
    (Status.DRAFT, Status.OUTSIDE_QUOTA): Transition(QUOTA_FORUMS, "forums.finalize_meeting"),
    # A corrected Rembug (a new revision) re-decides its list.
    (Status.AGREED, Status.OUTSIDE_QUOTA): Transition(QUOTA_FORUMS, "forums.finalize_meeting"),
    (Status.OUTSIDE_QUOTA, Status.AGREED): Transition(QUOTA_FORUMS, "forums.finalize_meeting"),
    # The proposer withdraws its own draft (rule checked on the proposal).
    (Status.DRAFT, Status.WITHDRAWN): Transition((Action.PROPOSAL_EDIT,), "proposals.change_proposal"),
    # Musrenbang Kelurahan: finalizing applies each item's decision; merging joins duplicates (on the meeting).
    (Status.AGREED, Status.FUNDED_KELURAHAN): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    (Status.AGREED, Status.FORWARDED_KECAMATAN): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    (Status.AGREED, Status.NOT_ACCOMMODATED): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    (Status.AGREED, Status.MERGED): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    # The kelurahan itself and its lembaga propose directly into the Musrenbang Kelurahan (their kind's entry forum,
    # issue 11 point 1): it decides on their drafts like on what the Rembug agreed.
    (Status.DRAFT, Status.FUNDED_KELURAHAN): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    (Status.DRAFT, Status.FORWARDED_KECAMATAN): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    (Status.DRAFT, Status.NOT_ACCOMMODATED): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    (Status.DRAFT, Status.MERGED): Transition((Action.KELURAHAN_FORUM,), "proposals.decide_kelurahan"),
    # Musrenbang Kecamatan (on the meeting).
    (Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD): Transition(
        (Action.KECAMATAN_FORUM,), "proposals.decide_kecamatan"
    ),
    (Status.FORWARDED_KECAMATAN, Status.NOT_ACCOMMODATED): Transition(
        (Action.KECAMATAN_FORUM,), "proposals.decide_kecamatan"
    ),
    (Status.FORWARDED_KECAMATAN, Status.MERGED): Transition((Action.KECAMATAN_FORUM,), "proposals.decide_kecamatan"),
    # Forum Perangkat Daerah: the routed agency's verifier decides one proposal (on the proposal).
    (Status.FORWARDED_OPD, Status.VERIFIED): Transition((Action.VERIFY,), "proposals.verify_proposal"),
    # Unverified when the fit is published: Bappeda gives it its fate, naming the agency (issue 12, point 4).
    (Status.FORWARDED_OPD, Status.NOT_ACCOMMODATED): Transition(
        (Action.VERIFY,),
        "proposals.verify_proposal",
        also=(Transition((Action.BUDGET_FIT,), "proposals.fit_proposal"),),
    ),
    # Musrenbang Kota: Bappeda publishes the budget fit of the whole city (on the cycle).
    (Status.VERIFIED, Status.ACCOMMODATED): Transition((Action.BUDGET_FIT,), "proposals.fit_proposal"),
    (Status.VERIFIED, Status.NOT_ACCOMMODATED): Transition((Action.BUDGET_FIT,), "proposals.fit_proposal"),
    # Delivery: the implementing agency reports progress (on the activity).
    (Status.ACCOMMODATED, Status.IN_PROGRESS): Transition((Action.PROGRESS_REPORT,), "delivery.report_progress"),
    (Status.FUNDED_KELURAHAN, Status.IN_PROGRESS): Transition((Action.PROGRESS_REPORT,), "delivery.report_progress"),
    (Status.IN_PROGRESS, Status.DONE): Transition((Action.PROGRESS_REPORT,), "delivery.report_progress"),
}
