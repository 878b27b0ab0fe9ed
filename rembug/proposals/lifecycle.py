"""The whole life of a proposal, readable in one screen. `services.proposal_transition` is the only writer of
`Proposal.status`; every transition is listed here with the stage action that must be open and who may do it.
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
#: Statuses in which the proposal's own data may still be edited by its unit.
EDITABLE = frozenset({Status.DRAFT})


@dataclass(frozen=True)
class Transition:
    action: str | None  # the stage action that must be open (None: follows another, already checked, step)
    perm: str  # the named rule (proposals/rules.py) the actor must hold on the proposal


TRANSITIONS: dict[tuple[str, str], Transition] = {
    # Rembug RT/RW/Pokmas (and Musrenbang Tematik): finalizing agrees the list; items past the quota stay recorded.
    (Status.DRAFT, Status.AGREED): Transition(Action.REMBUG_HOLD, "forums.finalize_meeting"),
    (Status.DRAFT, Status.OUTSIDE_QUOTA): Transition(Action.REMBUG_HOLD, "forums.finalize_meeting"),
    (Status.DRAFT, Status.WITHDRAWN): Transition(Action.PROPOSAL_EDIT, "proposals.change_proposal"),
    (Status.WITHDRAWN, Status.DRAFT): Transition(Action.PROPOSAL_EDIT, "proposals.change_proposal"),
    # A corrected Rembug (a new revision) re-decides its list.
    (Status.AGREED, Status.OUTSIDE_QUOTA): Transition(Action.REMBUG_HOLD, "forums.finalize_meeting"),
    (Status.OUTSIDE_QUOTA, Status.AGREED): Transition(Action.REMBUG_HOLD, "forums.finalize_meeting"),
    # Musrenbang Kelurahan.
    (Status.AGREED, Status.FUNDED_KELURAHAN): Transition(Action.KELURAHAN_FORUM, "proposals.decide_kelurahan"),
    (Status.AGREED, Status.FORWARDED_KECAMATAN): Transition(Action.KELURAHAN_FORUM, "proposals.decide_kelurahan"),
    (Status.AGREED, Status.NOT_ACCOMMODATED): Transition(Action.KELURAHAN_FORUM, "proposals.decide_kelurahan"),
    (Status.AGREED, Status.MERGED): Transition(Action.KELURAHAN_FORUM, "proposals.decide_kelurahan"),
    # Musrenbang Kecamatan.
    (Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD): Transition(
        Action.KECAMATAN_FORUM, "proposals.decide_kecamatan"
    ),
    (Status.FORWARDED_KECAMATAN, Status.NOT_ACCOMMODATED): Transition(
        Action.KECAMATAN_FORUM, "proposals.decide_kecamatan"
    ),
    (Status.FORWARDED_KECAMATAN, Status.MERGED): Transition(Action.KECAMATAN_FORUM, "proposals.decide_kecamatan"),
    # Forum Perangkat Daerah.
    (Status.FORWARDED_OPD, Status.VERIFIED): Transition(Action.VERIFY, "proposals.verify_proposal"),
    (Status.FORWARDED_OPD, Status.NOT_ACCOMMODATED): Transition(Action.VERIFY, "proposals.verify_proposal"),
    # Musrenbang Kota and the budget.
    (Status.VERIFIED, Status.ACCOMMODATED): Transition(Action.BUDGET_FIT, "proposals.fit_proposal"),
    (Status.VERIFIED, Status.NOT_ACCOMMODATED): Transition(Action.BUDGET_FIT, "proposals.fit_proposal"),
    # Delivery.
    (Status.ACCOMMODATED, Status.IN_PROGRESS): Transition(Action.PROGRESS_REPORT, "proposals.report_progress"),
    (Status.FUNDED_KELURAHAN, Status.IN_PROGRESS): Transition(Action.PROGRESS_REPORT, "proposals.report_progress"),
    (Status.IN_PROGRESS, Status.DONE): Transition(Action.PROGRESS_REPORT, "proposals.report_progress"),
}


def allowed_targets(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
