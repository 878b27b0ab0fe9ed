"""Writes to proposals. `proposals_transition` is the only writer of `Proposal.status`, and every change leaves a
history row (who, when, what, why): residents must be able to see what became of their proposal.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rembug import formats
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, Frozen, NotAllowed, StaleVersion
from rembug.regions.kinds import kind_of_proposer
from rembug.regions.models import CommunityGroup, ProposerKind, Region
from rembug.rupiah import rupiah

from .choices import FundingSource
from .costs import amount_or_default, follows_dictionary, scaled_amount
from .fields import clean_fields, funding_adds_up
from .lifecycle import CARRY_OVER_FROM, EDITABLE, TRANSITIONS, Operation, Status
from .models import DictionaryItem, FundingShare, Proposal, ProposalEvent
from .proposers import proposer_and_kind
from .signals import proposal_status_changed

#: Fields a proposer may edit while its proposal is a draft.
EDITABLE_FIELDS = (
    "title",
    "problem",
    "idea",
    "item",
    "volume",
    "unit",
    "estimated_cost",
    "address",
    "latitude",
    "longitude",
    "beneficiaries",
    "beneficiary_note",
    "funding_source",
    "community_contribution",
)


def _kelurahan_of(region: Region) -> Region:
    kelurahan = region.village()
    if kelurahan is None:
        raise DomainError(_("Pengusul harus berada di dalam sebuah kelurahan/desa."))
    return kelurahan


def proposal_event_record(
    proposal: Proposal,
    *,
    actor,
    kind: str,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict | None = None,
) -> ProposalEvent:
    """One row of the proposal's history; other apps (verification, delivery) write theirs through this too."""
    return ProposalEvent.objects.create(
        proposal=proposal,
        actor=actor,
        kind=kind,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        data=data or {},
    )


@transaction.atomic
def proposal_create(
    *,
    actor,
    cycle: PlanningCycle,
    proposer: Region | CommunityGroup,
    client_token: uuid.UUID | None = None,
    previous: Proposal | None = None,
    theme: str = "",
    proposer_kind: str = "",
    **fields,
) -> Proposal:
    """A new draft proposal of any kind of proposer (`proposer_kind`: a kind's code, when the city has several for
    the same holder). Sending the same `client_token` again returns the first one."""
    existing = _sent_before(client_token, actor)
    if existing is not None:
        return existing
    proposer_region, proposer_group, kind = proposer_and_kind(proposer, theme, proposer_kind)
    # The rule reads who may write for this kind of proposer from the city's data (ProposerKind.writer_roles).
    target = Proposal(proposer_region=proposer_region, proposer_group=proposer_group, proposer_kind=kind, theme=theme)
    if not actor.has_perm("proposals.add_proposal", target):
        raise NotAllowed(_("Anda hanya dapat menulis usulan untuk wilayah, kelompok atau lembaga Anda sendiri."))
    require_stage_open(cycle, Action.PROPOSAL_EDIT)
    if proposer_region.city_id != cycle.city_id:
        raise DomainError(_("Pengusul tidak berada di kota siklus ini."))
    missing = [
        name for name in ("title", "problem", "idea", "item", "volume", "address") if fields.get(name) in (None, "")
    ]
    if missing:
        raise DomainError(_("Kolom ini wajib diisi."), field=missing[0])
    if not fields.get("unit") and fields["item"] is not None and getattr(fields["item"], "unit", ""):
        fields = {**fields, "unit": fields["item"].unit}  # the dictionary's unit unless the proposer names another
    data = clean_fields(cycle, fields)
    item: DictionaryItem = data["item"]
    if not data.get("unit"):
        raise DomainError(_("Satuan wajib diisi: kegiatan ini tidak mempunyai satuan di kamus."), field="unit")
    amount = amount_or_default(data.pop("estimated_cost", None), volume=data["volume"], unit_price=item.unit_price)
    kelurahan = _kelurahan_of(proposer_region)
    proposal = Proposal(
        cycle=cycle,
        city_id=cycle.city_id,
        kelurahan=kelurahan,
        proposer_kind=kind,
        proposer_region=proposer_region,
        proposer_group=proposer_group,
        field=item.field,
        unit_price=item.unit_price,
        routed_agency_id=item.agency_id,
        estimated_cost=amount,
        created_by=actor,
        client_token=client_token,
        previous=previous,
        times_proposed=(previous.times_proposed + 1) if previous else 1,
        theme=theme,
        **{k: v for k, v in data.items() if k in EDITABLE_FIELDS},
    )
    saved = _save_numbered(proposal)
    if saved is not proposal:  # the same form, sent twice at once, was saved by the other request
        return _sent_before(client_token, actor)
    proposal_event_record(
        proposal,
        actor=actor,
        kind="created",
        to_status=proposal.status,
        data={"previous": previous.number} if previous else {},
    )
    return proposal


def _sent_before(client_token: uuid.UUID | None, actor) -> Proposal | None:
    """The proposal already saved from this form (same client token), which a repeated submit gets back."""
    if client_token is None:
        return None
    existing = Proposal.objects.filter(client_token=client_token).first()
    if existing is not None and existing.created_by_id != getattr(actor, "pk", None):
        raise DomainError(_("Formulir ini sudah dipakai. Muat ulang halaman."))
    return existing


def _save_numbered(proposal: Proposal) -> Proposal:
    """Give the proposal the next readable number of its kelurahan and year (2027-35.73.05.1011-0042) and save it.

    People saving at once in one kelurahan number one after the other: the kelurahan's row stays locked until the
    transaction ends (FOR NO KEY UPDATE, which does not hold up rows that merely refer to it; SQLite writes one
    transaction at a time anyway), so numbers have no gaps and no retries. A form sent twice at once (same client
    token) is refused by its own constraint: the proposal the other request saved is then returned instead.
    """
    Region.objects.select_for_update(no_key=True).filter(pk=proposal.kelurahan_id).values_list("pk").first()
    last = Proposal.objects.filter(cycle=proposal.cycle, kelurahan=proposal.kelurahan).aggregate(m=Max("sequence"))["m"]
    proposal.sequence = (last or 0) + 1
    proposal.number = f"{proposal.cycle.year}-{proposal.kelurahan.code}-{proposal.sequence:04d}"
    try:
        # A savepoint: on PostgreSQL a failed INSERT would otherwise abort the caller's whole transaction.
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        twin = Proposal.objects.filter(client_token=proposal.client_token).first() if proposal.client_token else None
        if twin is None:
            raise
        return twin
    return proposal


@transaction.atomic
def proposal_merge(
    *,
    actor,
    operation: Operation,
    originals: list[Proposal],
    proposer: Region,
    title: str = "",
    volume=None,
    reason: str = "",
) -> Proposal:
    """One proposal from duplicates, decided by a Musrenbang (`operation`: its forum's rule and stage).

    It copies the first original, adds up beneficiaries and community contributions, and sums the funding plans
    by source; when the agreed volume changes the cost, the city budget share takes up the difference. Every
    original becomes `merged`, pointing at the new proposal, so both proposers can follow it.
    """
    first = originals[0]
    if len({p.status for p in originals}) != 1 or len({p.cycle_id for p in originals}) != 1:
        raise DomainError(_("Hanya usulan dengan status dan tahun yang sama yang dapat digabung."))
    if len({p.item.agency_id for p in originals}) != 1:
        raise DomainError(_("Usulan dari perangkat daerah yang berbeda tidak dapat digabung."))
    data = clean_fields(first.cycle, {"volume": volume}) if volume not in (None, "") else {"volume": first.volume}
    merged = Proposal(
        cycle=first.cycle,
        city_id=first.city_id,
        kelurahan=first.kelurahan,
        # The joined proposal is the forum's holder's: the kelurahan itself (its kind, as SIPD's "Lurah …").
        proposer_kind=kind_of_proposer(
            ProposerKind.objects.filter(city_id=first.city_id, is_active=True), region=proposer
        ),
        proposer_region=proposer,
        title=(title or first.title).strip()[:200],
        problem="\n\n".join(dict.fromkeys(p.problem for p in originals)),
        idea="\n\n".join(dict.fromkeys(p.idea for p in originals)),
        item=first.item,
        field=first.field,
        volume=data["volume"],
        unit=first.unit,
        unit_price=first.unit_price,
        # the first original's own price per unit: its amount if the volume stays, scaled if the forum changed it
        estimated_cost=scaled_amount(first.estimated_cost, from_volume=first.volume, to_volume=data["volume"]),
        address=first.address,
        latitude=first.latitude,
        longitude=first.longitude,
        beneficiaries=sum(p.beneficiaries for p in originals),
        funding_source=first.funding_source,
        community_contribution=sum(p.community_contribution for p in originals),
        status=first.status,
        routed_agency_id=first.routed_agency_id,
        times_proposed=max(p.times_proposed for p in originals),
        created_by=actor,
        theme=first.theme,
    )
    _save_numbered(merged)
    shares: dict[str, int] = {}
    for share in FundingShare.objects.filter(proposal__in=originals):
        shares[share.source] = shares.get(share.source, 0) + share.amount
    difference = merged.estimated_cost - sum(shares.values())
    shares[FundingSource.APBD_KOTA] = max(0, shares.get(FundingSource.APBD_KOTA, 0) + difference)
    FundingShare.objects.bulk_create(
        [FundingShare(proposal=merged, source=k, amount=v) for k, v in shares.items() if v > 0]
    )
    numbers = [p.number for p in originals]
    proposal_event_record(
        merged, actor=actor, kind="created", to_status=merged.status, reason=reason, data={"merged_from": numbers}
    )
    Proposal.objects.filter(pk__in=[p.pk for p in originals]).update(merged_into=merged)
    into = f"{reason} {_('Menjadi usulan %(number)s.') % {'number': merged.number}}".strip()
    moves = [Move(p, Status.MERGED, reason=into, data={"merged_into": merged.number}) for p in originals]
    proposals_transition(actor=actor, operation=operation, moves=moves)
    return merged


def _require_editable(proposal: Proposal) -> None:
    if proposal.status not in EDITABLE:
        raise Frozen(_("Usulan %(number)s sudah disepakati dan tidak dapat diubah lagi.") % {"number": proposal.number})


@transaction.atomic
def proposal_update(*, actor, proposal: Proposal, version: int, **fields) -> Proposal:
    """Edit a draft. `version` is the one the user loaded: a stale edit is refused, never silently overwritten."""
    if not actor.has_perm("proposals.change_proposal", proposal):
        raise NotAllowed(_("Anda tidak berwenang mengubah usulan ini."))
    locked = Proposal.objects.select_for_update(of=("self",)).select_related("cycle", "item").get(pk=proposal.pk)
    _require_editable(locked)
    if locked.version != version:
        raise StaleVersion(_("Usulan ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    require_stage_open(locked.cycle, Action.PROPOSAL_EDIT)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Kolom tidak dapat diubah: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    data = clean_fields(locked.cycle, fields)
    followed = follows_dictionary(locked)  # then it follows it still; an amount the proposer wrote is kept
    given = data.pop("estimated_cost", None)
    recompute = "estimated_cost" in fields and given is None  # emptied: back to volume × price
    changed = {}
    for name, value in data.items():
        old = getattr(locked, name)
        if old != value:
            changed[name] = [_as_written(old), _as_written(value)]
            setattr(locked, name, value)
    if "item" in changed:  # the unit and the amount stay the proposal's own (never overwritten silently)
        locked.field, locked.unit_price = locked.item.field, locked.item.unit_price
        locked.routed_agency_id = locked.item.agency_id
    amount = locked.estimated_cost
    if given is not None:
        amount = given
    elif recompute or (followed and locked.unit_price is not None):
        amount = amount_or_default(None, volume=locked.volume, unit_price=locked.unit_price)
    if amount != locked.estimated_cost:
        changed["estimated_cost"] = [str(locked.estimated_cost), str(amount)]
        locked.estimated_cost = amount
    if not changed:
        return locked
    locked.version += 1
    locked.save()
    proposal_event_record(locked, actor=actor, kind="edited", data={"changed": changed})
    return locked


def _as_written(value) -> str:
    """A field's value as the history shows it (field: before → after): a dictionary item by its name, a number
    in Indonesian notation, text as typed."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return formats.number(value)
    return str(value)


@transaction.atomic
def funding_set(*, actor, proposal: Proposal, shares: Mapping[str, int], version: int) -> list[FundingShare]:
    """Replace the funding plan of a draft proposal (source → rupiah). Amounts must add up to the cost."""
    if not actor.has_perm("proposals.change_proposal", proposal):
        raise NotAllowed(_("Anda tidak berwenang mengubah usulan ini."))
    locked = Proposal.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=proposal.pk)
    _require_editable(locked)
    if locked.version != version:
        raise StaleVersion(_("Usulan ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    require_stage_open(locked.cycle, Action.REMBUG_HOLD)
    clean: dict[str, int] = {}
    for source, amount in shares.items():
        if source not in FundingSource.values:
            raise DomainError(_("Sumber dana tidak dikenal: %(source)s.") % {"source": source}, field="funding")
        if amount is None or int(amount) < 0:
            raise DomainError(_("Jumlah dana tidak boleh negatif."), field=f"funding_{source}")
        if int(amount) > 0:
            clean[source] = int(amount)
    check_funding_adds_up(locked, clean)
    FundingShare.objects.filter(proposal=locked).delete()
    created = FundingShare.objects.bulk_create(
        [FundingShare(proposal=locked, source=s, amount=a) for s, a in clean.items()]
    )
    locked.community_contribution = clean.get(FundingSource.SWADAYA, 0)
    locked.funding_source = max(clean, key=clean.get)
    locked.version += 1
    locked.save(update_fields=["community_contribution", "funding_source", "version", "updated_at"])
    proposal_event_record(locked, actor=actor, kind="funding", data={"funding": clean})
    return created


def check_funding_adds_up(proposal: Proposal, shares: Mapping[str, int]) -> None:
    total = sum(shares.values())
    if not funding_adds_up(shares, proposal.estimated_cost):
        raise DomainError(
            _("Rencana pendanaan usulan %(number)s berjumlah %(total)s, padahal biayanya %(cost)s.")
            % {"number": proposal.number, "total": rupiah(total), "cost": rupiah(proposal.estimated_cost)},
            field="funding",
        )


@dataclass(frozen=True)
class Move:
    """One proposal's step in a batch, with the reason its proposer reads and any data for the history row."""

    proposal: Proposal
    to: str
    reason: str = ""
    data: dict | None = None


def proposals_transition(*, actor, operation: Operation, moves: Sequence[Move]) -> list[Proposal]:
    """The only writer of `Proposal.status`: move a batch of proposals of one cycle along the lifecycle table.

    Checked once for the batch, before anything is written: the actor holds `operation.perm` on `operation.target`,
    the stage action is open, and every move is a table entry that this operation may make. Each proposal then gets
    its history row and its proposer's chairs a notification (e-mailed after commit). The caller holds the transaction;
    an empty batch changes nothing.
    """
    if not moves:
        return []
    if not actor.has_perm(operation.perm, operation.target):
        raise NotAllowed(_("Anda tidak berwenang mengubah status usulan ini."))
    cycles = {move.proposal.cycle_id for move in moves}
    if len(cycles) != 1:
        raise DomainError(_("Satu keputusan hanya mengubah usulan dari satu tahun perencanaan."))
    require_stage_open(moves[0].proposal.cycle, operation.action)
    for move in moves:
        transition = TRANSITIONS.get((move.proposal.status, move.to))
        if transition is None or not transition.allows(operation):
            raise DomainError(
                _("Status usulan %(number)s tidak dapat berubah dari %(from)s ke %(to)s.")
                % {
                    "number": move.proposal.number,
                    "from": Status(move.proposal.status).label,
                    "to": Status(move.to).label,
                }
            )
    return [_move(move, actor) for move in moves]


def proposal_transition(
    *, actor, operation: Operation, proposal: Proposal, to: str, reason: str = "", data: dict | None = None
) -> Proposal:
    """One proposal's move (a verifier's decision, a withdrawal): `proposals_transition` with a batch of one."""
    return proposals_transition(
        actor=actor, operation=operation, moves=[Move(proposal=proposal, to=to, reason=reason, data=data)]
    )[0]


def _move(move: Move, actor) -> Proposal:
    """Write one checked move: version-guarded, with its history row and notification."""
    proposal, to = move.proposal, move.to
    updated = Proposal.objects.filter(pk=proposal.pk, status=proposal.status, version=proposal.version).update(
        status=to, version=proposal.version + 1
    )
    if not updated:
        raise StaleVersion(_("Usulan %(number)s baru saja diubah orang lain.") % {"number": proposal.number})
    event = proposal_event_record(
        proposal,
        actor=actor,
        kind="transition",
        from_status=proposal.status,
        to_status=to,
        reason=move.reason,
        data=move.data,
    )
    proposal.status, proposal.version = to, proposal.version + 1
    # The proposer's chair is told of every change (inbox now, e-mail once the transaction commits):
    # rembug.notifications listens (docs/architecture.md).
    proposal_status_changed.send(sender=Proposal, proposal=proposal, event=event)
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor, proposal: Proposal, reason: str) -> Proposal:
    if not reason.strip():
        raise DomainError(_("Sebutkan alasan menarik usulan."), field="reason")
    withdraw = Operation(action=Action.PROPOSAL_EDIT, perm="proposals.change_proposal", target=proposal)
    return proposal_transition(actor=actor, operation=withdraw, proposal=proposal, to=Status.WITHDRAWN, reason=reason)


@transaction.atomic
def proposal_carry_over(
    *, actor, previous: Proposal, cycle: PlanningCycle, client_token: uuid.UUID | None = None
) -> Proposal:
    """Propose again, in `cycle`, a proposal of an earlier year that was not accommodated (the seed's follow-up).

    The new proposal links to the old one, keeps its data and counts the years ("usulan ke-n").
    """
    # Who before what: a person who may not carry the proposal over learns nothing about its state.
    if not actor.has_perm("proposals.carry_over_proposal", previous):
        raise NotAllowed(_("Anda hanya dapat mengusulkan kembali usulan wilayah Anda sendiri."))
    if previous.status not in CARRY_OVER_FROM:
        raise DomainError(_("Hanya usulan yang tidak diakomodasi yang dapat diusulkan kembali."))
    if previous.cycle.year >= cycle.year or previous.city_id != cycle.city_id:
        raise DomainError(_("Usulan hanya dapat diusulkan kembali pada tahun perencanaan berikutnya."))
    already = Proposal.objects.filter(previous=previous).first()
    if already is not None:
        if client_token is not None and already.client_token == client_token:
            return already
        raise DomainError(
            _("Usulan %(number)s sudah diusulkan kembali sebagai %(new)s.")
            % {"number": previous.number, "new": already.number}
        )
    proposer = previous.proposer_group or previous.proposer_region
    item = previous.item
    if not item.active_in(cycle.year):
        raise DomainError(
            _("Kegiatan %(item)s tidak lagi ada di kamus usulan %(year)s; tulis usulan baru.")
            % {"item": item.name, "year": cycle.year}
        )
    fields = {name: getattr(previous, name) for name in EDITABLE_FIELDS}
    if follows_dictionary(previous):
        fields["estimated_cost"] = None  # it followed last year's price: it follows this year's
    return proposal_create(
        actor=actor,
        cycle=cycle,
        proposer=proposer,
        client_token=client_token,
        previous=previous,
        proposer_kind=previous.proposer_kind.code if previous.proposer_kind_id else "",
        **fields,
    )
