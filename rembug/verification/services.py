"""Writes of the Forum Perangkat Daerah (Permendagri 86/2017): each agency (OPD) verifies what was routed to it —
feasibility, volume, cost — and accepts it, rejects it with a reason, or hands it to another agency (dialihkan).

Every level keeps its own recommendation row (`recommendation_record`); the status moves only through
`proposals.services.proposal_transition`, which checks the lifecycle table and writes the proposal's history.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembug.agencies.models import Agency
from rembug.cycles.phases import Action
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, NotAllowed, StaleVersion
from rembug.proposals.choices import DecisionReason
from rembug.proposals.costs import scaled_amount
from rembug.proposals.fields import MAX_VOLUME
from rembug.proposals.lifecycle import Operation, Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import proposal_event_record, proposal_transition

from .models import DECISIONS_BY_LEVEL, NEEDS_REASON, Recommendation, RecommendationDecision, RecommendationLevel


class NotAwaitingVerification(DomainError):
    """The proposal is not (or no longer) waiting for the agency's verification."""

    status_code = 409
    code = "not_awaiting_verification"


def _clean_volume(volume) -> Decimal | None:
    if volume in (None, ""):
        return None
    try:
        value = Decimal(str(volume))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Volume harus berupa angka."), field="volume") from None
    if not value.is_finite() or value <= 0:
        raise DomainError(_("Volume harus lebih dari nol."), field="volume")
    if value >= MAX_VOLUME:  # before rounding: 1e308 cannot be rounded to cents
        raise DomainError(_("Volume terlalu besar; periksa kembali angkanya."), field="volume")
    return value.quantize(Decimal("0.01"))


def _clean_cost(cost) -> int | None:
    if cost in (None, ""):
        return None
    try:
        value = int(cost)
    except (TypeError, ValueError):
        raise DomainError(_("Biaya harus berupa angka rupiah."), field="cost") from None
    if value < 0:
        raise DomainError(_("Biaya tidak boleh negatif."), field="cost")
    return value


def _clean_reason(decision: str, reason: str, reason_text: str) -> None:
    if reason and reason not in DecisionReason.values:
        raise DomainError(_("Alasan tidak dikenal."), field="reason")
    if decision in NEEDS_REASON and not reason:
        raise DomainError(_("Pilih alasan usulan ini tidak diterima."), field="reason")
    if reason == DecisionReason.OTHER and not reason_text.strip():
        raise DomainError(_("Tuliskan alasannya."), field="reason_text")


def recommendation_record(
    *,
    proposal: Proposal,
    level: str,
    actor,
    decision: str,
    volume=None,
    cost=None,
    note: str = "",
    reason: str = "",
    reason_text: str = "",
    agency: Agency | None = None,
    to_agency: Agency | None = None,
) -> Recommendation:
    """Record one level's recommendation on a proposal; nothing else changes (no status, no history row).

    The caller — a level's service (Musrenbang Kelurahan/Kecamatan, Forum OPD, budget fit) — has already checked
    who may decide and that its stage is open, inside its own transaction.
    """
    if level not in RecommendationLevel.values:
        raise DomainError(_("Tingkat rekomendasi tidak dikenal."), field="level")
    if decision not in DECISIONS_BY_LEVEL[level]:
        raise DomainError(
            _("Keputusan %(decision)s tidak berlaku di tingkat %(level)s.")
            % {"decision": decision, "level": RecommendationLevel(level).label},
            field="decision",
        )
    _clean_reason(decision, reason, reason_text)
    if level == RecommendationLevel.OPD and agency is None:
        agency = Agency.objects.filter(pk=proposal.agency_id).first()
    return Recommendation.objects.create(
        proposal=proposal,
        level=level,
        agency=agency,
        to_agency=to_agency,
        volume=_clean_volume(volume),
        cost=_clean_cost(cost),
        note=note.strip(),
        decision=decision,
        reason=reason,
        reason_text=reason_text.strip(),
        actor=actor,
    )


def _locked_for_verification(*, actor, proposal: Proposal, version: int) -> Proposal:
    """The proposal locked for this decision, after the checks every verification shares, in this order:
    the verifier's rule, the Forum Perangkat Daerah window, a stale page, the proposal's status."""
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("cycle", "item", "routed_agency", "final_agency")
        .get(pk=proposal.pk)
    )
    if not actor.has_perm("proposals.verify_proposal", locked):
        raise NotAllowed(_("Hanya verifikator perangkat daerah yang menangani usulan ini yang dapat memutuskannya."))
    require_stage_open(locked.cycle, Action.VERIFY)
    if locked.version != version:
        raise StaleVersion(_("Usulan ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    if locked.status != Status.FORWARDED_OPD:
        raise NotAwaitingVerification(
            _("Usulan %(number)s tidak sedang menunggu verifikasi perangkat daerah (status: %(status)s).")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    return locked


def _verified_by(proposal: Proposal) -> Operation:
    """The lifecycle operation of a verifier's decision: the routed agency's rule, on the proposal itself."""
    return Operation(action=Action.VERIFY, perm="proposals.verify_proposal", target=proposal)


def _agency_name(agency: Agency | None) -> str:
    return agency.short_name if agency else ""


@transaction.atomic
def verify_accept(*, actor, proposal: Proposal, version: int, volume=None, cost=None, note: str = "") -> Proposal:
    """The agency takes the proposal, with its recommended volume and cost (cost defaults to the proposal's own
    amount scaled to the recommended volume: volume × unit price when it followed the dictionary)."""
    locked = _locked_for_verification(actor=actor, proposal=proposal, version=version)
    volume = _clean_volume(volume)
    cost = _clean_cost(cost)
    if cost is None and volume is not None:
        cost = scaled_amount(locked.estimated_cost, from_volume=locked.volume, to_volume=volume)
    agency = locked.responsible_agency
    recommendation = recommendation_record(
        proposal=locked,
        level=RecommendationLevel.OPD,
        actor=actor,
        decision=RecommendationDecision.ACCEPT,
        volume=volume,
        cost=cost,
        note=note,
        agency=agency,
    )
    return proposal_transition(
        actor=actor,
        operation=_verified_by(locked),
        proposal=locked,
        to=Status.VERIFIED,
        reason=note.strip(),
        data={
            "level": RecommendationLevel.OPD,
            "recommendation": recommendation.pk,
            "agency": _agency_name(agency),
            "volume": str(volume) if volume is not None else None,
            "cost": cost,
        },
    )


@transaction.atomic
def verify_reject(
    *, actor, proposal: Proposal, version: int, reason: str, reason_text: str = "", note: str = ""
) -> Proposal:
    """The agency does not take the proposal. The reason is required: residents must learn why (the seed's
    "proposed for years without anyone saying what became of them")."""
    _clean_reason(RecommendationDecision.REJECT, reason, reason_text)
    locked = _locked_for_verification(actor=actor, proposal=proposal, version=version)
    agency = locked.responsible_agency
    recommendation = recommendation_record(
        proposal=locked,
        level=RecommendationLevel.OPD,
        actor=actor,
        decision=RecommendationDecision.REJECT,
        note=note,
        reason=reason,
        reason_text=reason_text,
        agency=agency,
    )
    return proposal_transition(
        actor=actor,
        operation=_verified_by(locked),
        proposal=locked,
        to=Status.NOT_ACCOMMODATED,
        reason=recommendation.reason_label,
        data={
            "level": RecommendationLevel.OPD,
            "recommendation": recommendation.pk,
            "agency": _agency_name(agency),
            "reason": reason,
        },
    )


@transaction.atomic
def verify_reroute(*, actor, proposal: Proposal, version: int, to_agency: Agency, reason_text: str) -> Proposal:
    """Hand the proposal to another agency of the same city (dialihkan). The status stays: it waits in the new
    agency's queue. The agency first routed to is kept; only the final one changes."""
    if not (reason_text or "").strip():
        raise DomainError(_("Tuliskan alasan usulan ini dialihkan."), field="reason_text")
    locked = _locked_for_verification(actor=actor, proposal=proposal, version=version)
    current = locked.responsible_agency
    if to_agency is None or to_agency.city_id != locked.city_id or not to_agency.is_active:
        raise DomainError(_("Pilih perangkat daerah aktif di kota yang sama."), field="to_agency")
    if current is not None and to_agency.pk == current.pk:
        raise DomainError(
            _("Usulan ini sudah berada di %(agency)s.") % {"agency": to_agency.short_name}, field="to_agency"
        )
    recommendation_record(
        proposal=locked,
        level=RecommendationLevel.OPD,
        actor=actor,
        decision=RecommendationDecision.REROUTE,
        reason_text=reason_text,
        agency=current,
        to_agency=to_agency,
    )
    updated = Proposal.objects.filter(pk=locked.pk, version=locked.version).update(
        final_agency=to_agency, version=locked.version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersion(_("Usulan %(number)s baru saja diubah orang lain.") % {"number": locked.number})
    proposal_event_record(
        locked,
        actor=actor,
        kind="rerouted",
        reason=reason_text.strip(),
        data={
            "from_agency": _agency_name(current),
            "from_agency_id": current.pk if current else None,
            "to_agency": to_agency.short_name,
            "to_agency_id": to_agency.pk,
        },
    )
    locked.final_agency, locked.version = to_agency, locked.version + 1
    return locked
