"""Importing SIPD's usulan list into a city's planning year (issue 11, point 5): all or nothing.

Every row is read and checked first (reading.py); one bad cell anywhere and nothing is written, every bad cell
named by row and column. Rows are matched by SIPD's ID Usulan within the planning year, so a second import of the
same file updates and never duplicates. A past year the city has no record of is created closed. Each proposal's
history says "Diimpor dari SIPD" with SIPD's status. Statuses are written here, not through the lifecycle table:
SIPD already decided them; this writer is registered in tests/proposals/test_lifecycle.py (decision 0031).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rembug import history
from rembug.cycles.models import PlanningCycle
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create, default_schedule
from rembug.errors import DomainError, NotAllowed
from rembug.proposals.lifecycle import CARRY_OVER_FROM
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.regions.models import Region
from rembug.spreadsheets import MAX_ROWS, CellErrors, data_rows, row_values
from rembug.verification.models import Recommendation
from rembug.xlsx_guard import open_xlsx

from .columns import COEFFICIENT, COLUMNS, SIPD_STATUS, header_positions
from .reading import Lookups, Row, RowReader, recommendation_decision
from .selectors import IMPORTERS, sipd_regions

#: The proposal fields an import writes (an update changes those that differ).
_FIELDS = (
    "proposed_on",
    "proposer_kind",
    "proposer_region",
    "proposer_group",
    "item",
    "field",
    "title",
    "problem",
    "idea",
    "unit_price",
    "address",
    "latitude",
    "longitude",
    "times_proposed",
    "routed_agency",
    "final_agency",
    "note",
    "volume",
    "unit",
    "estimated_cost",
)


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    created: int
    updated: int
    unchanged: int
    skipped: int
    cycle_created: bool
    dry_run: bool

    @property
    def message(self) -> str:
        text = _(
            "Usulan SIPD: %(created)d baru, %(updated)d diperbarui, %(unchanged)d tetap, "
            "%(skipped)d sudah ada di Rembug."
        ) % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped}
        if self.cycle_created:
            text += " " + _("Tahun perencanaan lampau dibuat dan ditutup.")
        if self.dry_run:
            text += " " + _("Uji coba: tidak ada yang disimpan.")
        return text


def importer_regions(actor, city: Region) -> list[Region]:
    """Where `actor` may import SIPD rows: the whole city for Bappeda (and the system, actor None), their kelurahan
    for kelurahan staff; NotAllowed for anyone else."""
    if actor is None:
        return [city]
    regions = sipd_regions(actor, city, IMPORTERS)
    if not regions:
        raise NotAllowed(_("Hanya Bappeda dan staf kelurahan yang dapat mengimpor daftar usulan SIPD."))
    return regions


def read_sipd_file(file) -> tuple[dict[str, int], list[tuple[int, dict]]]:
    """(column positions, rows by key) of the first sheet of an uploaded .xlsx, bounded like every import."""
    workbook = open_xlsx(file)
    try:
        values = workbook.worksheets[0].iter_rows(values_only=True)
        positions = header_positions(next(values, ()))
        rows = [(n, row_values(cells, positions)) for n, cells in itertools.islice(data_rows(values), MAX_ROWS + 1)]
    finally:
        workbook.close()
    if not rows:
        raise DomainError(_("Berkas tidak memuat satu pun baris usulan."))
    return positions, rows


@history.recorded
def sipd_import(*, actor, city: Region, year: int, file, dry_run: bool = False) -> ImportResult:
    """Load a SIPD usulan list (.xlsx) into the city's planning `year`, all or nothing (`dry_run`: check and count,
    write nothing). Raises SpreadsheetInvalid listing every bad cell, NotAllowed, or DomainError."""
    allowed = importer_regions(actor, city)
    positions, rows = read_sipd_file(file)
    errors = CellErrors((*COLUMNS, COEFFICIENT), positions)
    with transaction.atomic():
        cycle, created_cycle = _cycle(city=city, year=year, actor=actor)
        reader = RowReader(Lookups(city, allowed), errors, positions, year)
        cleaned = [row for row in (reader.read(number, values) for number, values in rows) if row is not None]
        errors.raise_if_any()
        result = _store(actor=actor, cycle=cycle, rows=cleaned, errors=errors, created_cycle=created_cycle)
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        return ImportResult(**{**result.__dict__, "dry_run": True})
    return result


def closed_schedule(year: int, *, on: datetime.date | None = None) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The city's usual calendar for a past `year`, every stage closed before `on` (its list frozen)."""
    last = (on or today()) - datetime.timedelta(days=1)
    schedule = {}
    for kind, (opens_on, closes_on) in default_schedule(year).items():
        closes_on = min(closes_on, last)
        schedule[kind] = (min(opens_on, closes_on), closes_on)
    return schedule


def _cycle(*, city: Region, year: int, actor) -> tuple[PlanningCycle, bool]:
    """The planning year, created closed when it is a past year the city has no record of."""
    cycle = PlanningCycle.objects.filter(city=city, year=year).first()
    if cycle is not None:
        return cycle, False
    if year >= today().year:
        raise DomainError(
            _("Tahun perencanaan %(year)s belum dibuat; Bappeda membuatnya lebih dulu.") % {"year": year},
            field="year",
        )
    return cycle_create(city=city, year=year, schedule=closed_schedule(year), actor=actor), True


def _store(*, actor, cycle: PlanningCycle, rows: list[Row], errors: CellErrors, created_cycle: bool) -> ImportResult:
    """Create the new rows' proposals and update the known ones; the caller holds the transaction."""
    ids = [row.sipd_id for row in rows]
    existing = {
        p.sipd_id: p for p in Proposal.objects.select_for_update(of=("self",)).filter(cycle=cycle, sipd_id__in=ids)
    }
    native = set(Proposal.objects.filter(cycle=cycle, sipd_id="", number__in=ids).values_list("number", flat=True))
    carried = set(Proposal.objects.filter(previous__in=existing.values()).values_list("previous_id", flat=True))
    new = [row for row in rows if row.sipd_id not in existing and row.sipd_id not in native]
    changes = []
    for row in rows:
        proposal = existing.get(row.sipd_id)
        if proposal is None:
            continue
        if (
            proposal.pk in carried
            and row.status not in CARRY_OVER_FROM
            and SIPD_STATUS.get(proposal.status) != row.sipd_status
        ):
            errors.add(row.number, "status", _("usulan ini sudah diusulkan kembali tahun berikutnya"))
        changes.append((row, proposal))
    errors.raise_if_any()
    created = _create(actor=actor, cycle=cycle, rows=new)
    updated = _update(actor=actor, changes=changes)
    return ImportResult(
        created=len(created),
        updated=len(updated),
        unchanged=len(changes) - len(updated),
        skipped=len(rows) - len(new) - len(changes),
        cycle_created=created_cycle,
        dry_run=False,
    )


def _values(row: Row) -> dict:
    item = row.item
    return {
        "proposed_on": row.proposed_on,
        "proposer_kind": row.proposer_kind,
        "proposer_region": row.proposer_region,
        "proposer_group": row.proposer_group,
        "item": item,
        "field": item.field,
        "title": item.name[:200],
        "problem": row.problem,
        "idea": row.problem,
        "unit_price": item.unit_price,
        "address": row.address,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "times_proposed": row.times_proposed,
        "routed_agency": row.routed_agency,
        "final_agency": row.final_agency,
        "note": row.note,
        "volume": row.volume,
        "unit": row.unit,
        "estimated_cost": row.cost,
    }


def _numbers(cycle: PlanningCycle, kelurahans: Iterable[Region]) -> dict[int, itertools.count]:
    """The next sequence of each kelurahan's proposals in the year (its row locked, as proposals' numbering does:
    proposals.services._save_numbered; the number reads 2027-35.73.05.1011-0042)."""
    ids = sorted({k.pk for k in kelurahans})
    list(Region.objects.select_for_update(no_key=True).filter(pk__in=ids).values_list("pk"))
    last = dict(
        Proposal.objects.filter(cycle=cycle, kelurahan_id__in=ids)
        .values("kelurahan_id")
        .annotate(m=Max("sequence"))
        .values_list("kelurahan_id", "m")
    )
    return {pk: itertools.count((last.get(pk) or 0) + 1) for pk in ids}


def _create(*, actor, cycle: PlanningCycle, rows: list[Row]) -> list[Proposal]:
    """Bulk-create the new proposals, each at SIPD's status, with their history rows and recommendations."""
    if not rows:
        return []
    counters = _numbers(cycle, (row.kelurahan for row in rows))
    proposals = []
    for row in rows:
        sequence = next(counters[row.kelurahan.pk])
        values = _values(row)
        proposals.append(
            Proposal(
                cycle=cycle,
                city_id=cycle.city_id,
                kelurahan=row.kelurahan,
                sequence=sequence,
                number=f"{cycle.year}-{row.kelurahan.code}-{sequence:04d}",
                sipd_id=row.sipd_id,
                created_by=actor,
                **values,
                status=row.status,
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=500)
    _events(actor, [(p, row, "", {}) for p, row in zip(proposals, rows, strict=True)])
    _recommendations(actor, list(zip(proposals, rows, strict=True)), replace=False)
    return proposals


def _update(*, actor, changes: list[tuple[Row, Proposal]]) -> list[Proposal]:
    """Write what changed in known proposals (version + 1), with a history row saying what SIPD changed."""
    changed, events, touched = [], [], []
    for row, proposal in changes:
        before = proposal.status
        diff = {}
        for name, value in _values(row).items():
            if getattr(proposal, name) != value:
                old = getattr(proposal, name)
                diff[name] = [str(getattr(old, "pk", old)), str(getattr(value, "pk", value))]
                setattr(proposal, name, value)
        # SIPD's newer word moves the status; a status that says the same in SIPD's words (in_progress and
        # accommodated are both "Diakomodir") stays as Rembug knows it.
        if SIPD_STATUS.get(proposal.status) != row.sipd_status:
            diff["status"] = [proposal.status, row.status]
            proposal.status = row.status
        if diff:
            proposal.version += 1
            changed.append(proposal)
            events.append((proposal, row, before, diff))
        touched.append((proposal, row))
    Proposal.objects.bulk_update(changed, [*_FIELDS, "status", "version", "updated_at"], batch_size=500)
    _events(actor, events)
    new_recommendations = _recommendations(actor, touched, replace=True)
    return changed + [p for p in new_recommendations if p not in changed]


def _events(actor, events: list[tuple[Proposal, Row, str, dict]]) -> None:
    ProposalEvent.objects.bulk_create(
        [
            ProposalEvent(
                proposal=proposal,
                actor=actor,
                kind="imported",
                from_status=before,
                to_status=proposal.status,
                reason=_("Diimpor dari SIPD (ID Usulan %(id)s, status %(status)s).")
                % {"id": row.sipd_id, "status": row.sipd_status},
                data={"sipd_id": row.sipd_id, "sipd_status": row.sipd_status, **({"changed": diff} if diff else {})},
            )
            for proposal, row, before, diff in events
        ],
        batch_size=500,
    )


def _recommendations(actor, pairs: list[tuple[Proposal, Row]], *, replace: bool) -> list[Proposal]:
    """Every level's recommendation as SIPD wrote it; on a re-import a level whose text changed is replaced
    (SIPD's newer word), one whose text is the same is kept. Returns the proposals whose recommendations changed."""
    current: dict[int, dict[str, Recommendation]] = {}
    if replace:
        for rec in Recommendation.objects.filter(proposal__in=[p for p, _row in pairs]).exclude(sipd_text=""):
            current.setdefault(rec.proposal_id, {})[rec.level] = rec
    stale, fresh, changed = [], [], []
    for proposal, row in pairs:
        touched = False
        known = current.get(proposal.pk, {})
        for level in sorted({*row.recommendations, *known}):
            text = row.recommendations.get(level, "")
            old = known.get(level)
            if old is not None and old.sipd_text == text:
                continue
            touched = True
            if old is not None:
                stale.append(old.pk)
            if text:
                decision = recommendation_decision(level, text, row.status)
                fresh.append(
                    Recommendation(proposal=proposal, level=level, decision=decision, sipd_text=text, actor=actor)
                )
        if touched:
            changed.append(proposal)
    if stale:
        Recommendation.objects.filter(pk__in=stale).delete()
    Recommendation.objects.bulk_create(fresh, batch_size=500)
    return changed
