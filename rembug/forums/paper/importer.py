"""Saving a valid paper-Rembug workbook through the Rembug and proposal services, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, Frozen, NotAllowed
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import funding_set, proposal_create
from rembug.regions.models import CommunityGroup, Region
from rembug.xlsx_guard import open_xlsx

from ..decisions import meeting_finalize
from ..models import Meeting, MeetingStatus
from ..services import (
    attendance_counts_set,
    attendee_add,
    delegate_set,
    meeting_open,
    meeting_set_order,
    meeting_sync_items,
    meeting_update,
)
from .layout import holder_parts
from .validator import Paper, read_paper


@dataclass(frozen=True)
class PaperImportResult:
    """What an import saved: the meeting, how many proposals and attendees, and whether it was finalized."""

    meeting_id: int
    proposals: int
    attendees: int
    delegates: int
    finalized: bool

    @property
    def message(self) -> str:
        text = _("Hasil Rembug tersimpan: %(proposals)d usulan, %(attendees)d peserta, %(delegates)d delegasi.") % {
            "proposals": self.proposals,
            "attendees": self.attendees,
            "delegates": self.delegates,
        }
        if self.finalized:
            text += " " + _("Rembug sudah ditetapkan dan daftarnya diserahkan ke kelurahan.")
        return text


# --- the import -----------------------------------------------------------------------------------------------------


def paper_import(
    *,
    actor,
    cycle: PlanningCycle,
    holder: Region | CommunityGroup,
    file: Any,
    finalize: bool = False,
    accept_inclusion_gaps: bool = False,
) -> PaperImportResult:
    """Record a Rembug held on paper from its filled template (.xlsx, at most 5 MB), all or nothing.

    Refused before the file is read when the actor may not hold the holder's Rembug (NotAllowed: the holder's chair or
    the staff of its kelurahan may), when the stage is closed (StageClosed), when the holder's Rembug of the year is
    finalized (Frozen: correct it with a revision online) or when the holder already has proposals or attendance
    for the year (DomainError: edit them online). Then every cell is checked and SpreadsheetInvalid lists each bad
    one (by sheet, row and column); nothing is written. A valid file is saved in one transaction through the
    Rembug and proposal services; with `finalize` the Rembug is also finalized (`accept_inclusion_gaps` as in
    `meeting_finalize`). If any service refuses, its DomainError is raised and nothing stays saved.
    """
    _require_importable(actor, cycle=cycle, holder=holder)
    book = open_xlsx(file)
    try:
        paper = read_paper(book, cycle=cycle, holder=holder)
    finally:
        book.close()
    with transaction.atomic():
        return _save(
            actor=actor,
            cycle=cycle,
            holder=holder,
            paper=paper,
            finalize=finalize,
            accept_inclusion_gaps=accept_inclusion_gaps,
        )


def _require_importable(actor, *, cycle: PlanningCycle, holder, lock: bool = False) -> None:
    region, group = holder_parts(holder)
    if actor is None or not actor.is_authenticated or not actor.has_perm("forums.hold_meeting", holder):
        raise NotAllowed(_("Anda hanya dapat mengunggah hasil Rembug untuk wilayah atau Pokmas Anda sendiri."))
    if region.city_id != cycle.city_id:
        raise DomainError(_("Unit ini tidak berada di kota siklus perencanaan ini."))
    require_stage_open(cycle, Action.PAPER_IMPORT)
    meetings = (
        Meeting.objects.filter(cycle=cycle, holder_region=region, holder_group=group)
        .exclude(status=MeetingStatus.SUPERSEDED)
        .order_by("-revision")
    )
    if lock:
        meetings = meetings.select_for_update()
    meeting = meetings.first()
    if meeting is not None and meeting.is_frozen:
        raise Frozen(
            _(
                "Rembug %(unit)s tahun %(year)s sudah ditetapkan. Koreksi dibuat sebagai revisi di aplikasi, "
                "bukan dengan mengunggah berkas."
            )
            % {"unit": meeting.holder_label, "year": cycle.year}
        )
    proposals = Proposal.objects.filter(cycle=cycle, proposer_region=region, proposer_group=group).exclude(
        status=Status.WITHDRAWN
    )
    if proposals.exists():
        raise DomainError(
            _(
                "Unit ini sudah memiliki usulan tahun %(year)s di aplikasi. Lanjutkan Rembugnya di "
                "aplikasi (ubah daftar secara daring), bukan dengan mengunggah berkas."
            )
            % {"year": cycle.year}
        )
    if meeting is not None and (meeting.attendees.exists() or meeting.counts.exists()):
        raise DomainError(
            _(
                "Daftar hadir Rembug unit ini sudah dicatat di aplikasi. Lanjutkan Rembugnya di aplikasi, "
                "bukan dengan mengunggah berkas."
            )
        )


def _save(
    *, actor, cycle: PlanningCycle, holder, paper: Paper, finalize: bool, accept_inclusion_gaps: bool
) -> PaperImportResult:
    """Write a valid file through the services; the caller holds the transaction."""
    meeting = meeting_open(actor=actor, cycle=cycle, holder=holder)
    _require_importable(actor, cycle=cycle, holder=holder, lock=True)  # again, now that the meeting row is locked
    meeting = meeting_update(actor=actor, meeting=meeting, version=meeting.version, **paper.meeting)
    order: list[int] = []
    for row in sorted(paper.proposals, key=lambda r: r.rank):
        proposal = proposal_create(actor=actor, cycle=cycle, proposer=holder, **row.fields)
        funding_set(actor=actor, proposal=proposal, shares=row.shares, version=proposal.version)
        order.append(proposal.pk)
    attendees = [
        attendee_add(
            actor=actor,
            meeting=meeting,
            name=p.name,
            gender=p.gender,
            age_group=p.age_group,
            groups=p.groups,
            position=p.position,
        )
        for p in paper.people
    ]
    attendance_counts_set(actor=actor, meeting=meeting, counts=paper.counts)
    meeting_sync_items(actor=actor, meeting=meeting)
    meeting.refresh_from_db()
    meeting_set_order(actor=actor, meeting=meeting, proposal_ids=order, version=meeting.version)
    delegates = [a.pk for a, p in zip(attendees, paper.people, strict=True) if p.delegate]
    delegate_set(actor=actor, meeting=meeting, attendee_ids=delegates, mandate=paper.mandate)
    if finalize:
        meeting.refresh_from_db()
        meeting = meeting_finalize(
            actor=actor, meeting=meeting, version=meeting.version, accept_inclusion_gaps=accept_inclusion_gaps
        )
    return PaperImportResult(
        meeting_id=meeting.pk,
        proposals=len(order),
        attendees=len(attendees),
        delegates=len(delegates),
        finalized=finalize,
    )
