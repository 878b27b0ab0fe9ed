"""What a forum decides and seals: the upper forums' decision on each item, merging duplicates, finalizing a
meeting (its decisions and quota applied to the proposals, its record sealed, its documents stored) and revising a
finalized one. The Rembug's own record (attendance, order, delegates) is written by forums/services.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembug import history
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, NotAllowed
from rembug.proposals.lifecycle import Operation, Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import Move, check_funding_adds_up, proposal_merge, proposals_transition
from rembug.verification.services import recommendation_record

from .minutes import copy_minutes_parts, minutes_number_assign
from .models import (
    UPPER_KINDS,
    AttendanceCount,
    DecisionReason,
    Delegate,
    ForumDecision,
    Meeting,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
)
from .records import record_seal
from .services import (
    STAGE_ACTION,
    _renumber,
    _touch,
    inclusion_of,
    may_hold,
    meeting_lock_draft,
    meeting_proposals,
)


def finalize_problems(meeting: Meeting) -> list[str]:
    """Everything that stops the meeting from being finalized, in words the chair can act on."""
    problems = []
    if not meeting.held_on:
        problems.append(_("Isi tanggal Rembug."))
    if not meeting.place.strip():
        problems.append(_("Isi tempat Rembug."))
    if not meeting.chair_name.strip():
        problems.append(_("Isi nama pimpinan rapat."))
    if not meeting.attendees.exists():
        problems.append(_("Catat daftar hadir peserta."))
    items = list(meeting.items.select_related("proposal").prefetch_related("proposal__funding"))
    if not items:
        problems.append(_("Belum ada usulan dalam daftar."))
    listed = {i.proposal_id for i in items}
    if set(meeting_proposals(meeting).values_list("pk", flat=True)) != listed:
        problems.append(_("Daftar usulan belum memuat semua usulan unit ini; perbarui daftar."))
    if meeting.kind in UPPER_KINDS:
        for item in items:
            if not item.decision:
                problems.append(
                    _("Putuskan usulan %(number)s: didanai, diteruskan atau tidak diakomodasi.")
                    % {"number": item.proposal.number}
                )
            elif item.decision == ForumDecision.NOT_ACCOMMODATED and not item.reason:
                problems.append(
                    _("Sebutkan alasan usulan %(number)s tidak diakomodasi.") % {"number": item.proposal.number}
                )
    else:
        for item in items:
            shares = {f.source: f.amount for f in item.proposal.funding.all()}
            try:
                check_funding_adds_up(item.proposal, shares)
            except DomainError as error:
                problems.append(error.message)
    if not meeting.delegates.exists():
        problems.append(_("Pilih delegasi ke forum berikutnya."))
    return problems


#: What each decision of an upper forum does to the proposal's status.
DECISION_TARGET = {
    (MeetingKind.MUSRENBANG_KELURAHAN, ForumDecision.FUND_HERE): Status.FUNDED_KELURAHAN,
    (MeetingKind.MUSRENBANG_KELURAHAN, ForumDecision.FORWARD): Status.FORWARDED_KECAMATAN,
    (MeetingKind.MUSRENBANG_KELURAHAN, ForumDecision.NOT_ACCOMMODATED): Status.NOT_ACCOMMODATED,
    (MeetingKind.MUSRENBANG_KECAMATAN, ForumDecision.FORWARD): Status.FORWARDED_OPD,
    (MeetingKind.MUSRENBANG_KECAMATAN, ForumDecision.NOT_ACCOMMODATED): Status.NOT_ACCOMMODATED,
}


@history.recorded
@transaction.atomic
def item_decide(
    *, actor, meeting: Meeting, proposal_id: int, decision: str, reason: str = "", reason_text: str = "", version: int
) -> MeetingItem:
    """Record the forum's decision on one item (applied to the proposal when the forum is finalized)."""
    locked = meeting_lock_draft(actor, meeting, version)
    if locked.kind not in UPPER_KINDS:
        raise DomainError(_("Keputusan per usulan dibuat di Musrenbang Kelurahan dan Kecamatan."))
    if (locked.kind, decision) not in DECISION_TARGET:
        raise DomainError(_("Keputusan ini tidak tersedia di forum ini."), field="decision")
    if decision == ForumDecision.NOT_ACCOMMODATED and reason not in DecisionReason.values:
        raise DomainError(_("Pilih alasan usulan tidak diakomodasi."), field="reason")
    item = locked.items.select_related("proposal", "proposal__item").filter(proposal_id=proposal_id).first()
    if item is None:
        raise DomainError(_("Usulan ini tidak ada dalam daftar forum."))
    if decision == ForumDecision.FUND_HERE and item.proposal.item.authority != "kelurahan":
        raise DomainError(
            _("Usulan %(number)s adalah kewenangan kota; teruskan ke kecamatan.") % {"number": item.proposal.number},
            field="decision",
        )
    item.decision = decision
    item.reason = reason if decision == ForumDecision.NOT_ACCOMMODATED else ""
    item.reason_text = reason_text.strip()[:300]
    item.save(update_fields=["decision", "reason", "reason_text"])
    _touch(locked)
    return item


@history.recorded
@transaction.atomic
def items_merge(
    *, actor, meeting: Meeting, keep_id: int, merge_ids: Sequence[int], version: int, title: str = "", volume=None
) -> Proposal:
    """Join duplicates (two RTs asking for the same drain) into one proposal on this forum's list.

    The joined proposal keeps links to every original (and so to every proposer); the originals become
    `merged` with a history row pointing at it.
    """
    locked = meeting_lock_draft(actor, meeting, version)
    if locked.kind not in UPPER_KINDS:
        raise DomainError(_("Usulan digabung di Musrenbang Kelurahan atau Kecamatan."))
    ids = [keep_id, *[i for i in merge_ids if i != keep_id]]
    items = {i.proposal_id: i for i in locked.items.select_related("proposal").filter(proposal_id__in=ids)}
    if len(ids) < 2 or len(items) != len(ids):
        raise DomainError(_("Pilih paling sedikit dua usulan dari daftar forum ini untuk digabung."), field="merge")
    originals = [items[i].proposal for i in ids]
    merged = proposal_merge(
        actor=actor,
        operation=decided_by(locked),
        originals=originals,
        proposer=locked.holder_region,
        title=title,
        volume=volume,
        reason=_("Digabung dalam %(forum)s.") % {"forum": locked.get_kind_display()},
    )
    rank = min(items[i].rank for i in ids)
    MeetingItem.objects.filter(meeting=locked, proposal_id__in=ids).delete()
    MeetingItem.objects.create(meeting=locked, proposal=merged, rank=rank)
    _renumber(locked)
    _touch(locked)
    return merged


@history.recorded
@transaction.atomic
def meeting_finalize(*, actor, meeting: Meeting, version: int, accept_inclusion_gaps: bool = False) -> Meeting:
    """Freeze the meeting and its list, decide the quota, store the Berita Acara, and hand the list over.

    Items within the city's quota are agreed and go to the kelurahan; those past it stay recorded but are not
    forwarded. Gaps in inclusion must be acknowledged explicitly: the record then states them.
    """
    locked = meeting_lock_draft(actor, meeting, version)
    problems = finalize_problems(locked)
    if problems:
        raise DomainError(" ".join(problems), field="finalize")
    inclusion = inclusion_of(locked)
    if not inclusion.complete and not accept_inclusion_gaps:
        raise DomainError(
            _(
                "Beberapa kelompok belum hadir atau kurang terwakili; periksa ringkasan kehadiran dan "
                "tandai bahwa Rembug tetap ditetapkan."
            ),
            field="inclusion",
        )
    if locked.kind in UPPER_KINDS:
        _apply_decisions(actor, locked)
    else:
        _apply_quota(actor, locked)
    if locked.revision_of_id:
        superseded = Meeting.objects.select_for_update().get(pk=locked.revision_of_id)
        superseded.status = MeetingStatus.SUPERSEDED
        superseded.save(update_fields=["status"])
    locked.status = MeetingStatus.FINALIZED
    locked.finalized_at = timezone.now()
    locked.finalized_by = actor
    locked.version += 1
    locked.save()
    minutes_number_assign(locked)
    record_seal(locked)
    _store_documents(locked)
    return locked


#: The rule that lets a forum move its proposals (lifecycle.TRANSITIONS names it), checked on the meeting.
DECIDE_PERM = {
    MeetingKind.REMBUG_RT: "forums.finalize_meeting",
    MeetingKind.REMBUG_RW: "forums.finalize_meeting",
    MeetingKind.REMBUG_POKMAS: "forums.finalize_meeting",
    MeetingKind.TEMATIK: "forums.finalize_meeting",
    MeetingKind.MUSRENBANG_KELURAHAN: "proposals.decide_kelurahan",
    MeetingKind.MUSRENBANG_KECAMATAN: "proposals.decide_kecamatan",
}


def decided_by(meeting: Meeting) -> Operation:
    """The lifecycle operation of a forum's decisions (finalizing its list, merging duplicates)."""
    return Operation(action=STAGE_ACTION[meeting.kind], perm=DECIDE_PERM[meeting.kind], target=meeting)


def _apply_decisions(actor, meeting: Meeting) -> None:
    """Each item's decision moves its proposal (funded here, forwarded, or not accommodated with its reason)."""
    level = "kelurahan" if meeting.kind == MeetingKind.MUSRENBANG_KELURAHAN else "kecamatan"
    items = list(meeting.items.select_related("proposal", "proposal__cycle").order_by("rank"))
    moves = []
    for item in items:
        target = DECISION_TARGET[(meeting.kind, item.decision)]
        reason = item.get_decision_display()
        if item.decision == ForumDecision.NOT_ACCOMMODATED:
            reason = ": ".join(filter(None, [item.get_reason_display(), item.reason_text]))
        elif item.reason_text:
            reason = f"{reason}: {item.reason_text}"
        data = {"meeting": meeting.pk, "rank": item.rank, "decision": item.decision, "reason": item.reason}
        moves.append(Move(item.proposal, target, reason=f"{meeting.get_kind_display()} — {reason}", data=data))
    proposals_transition(actor=actor, operation=decided_by(meeting), moves=moves)
    for item in items:
        # Every level that touched the proposal keeps its own recommendation, as the national system does.
        recommendation_record(
            proposal=item.proposal,
            level=level,
            actor=actor,
            decision=item.decision,
            reason=item.reason,
            reason_text=item.reason_text,
            note=_("Peringkat %(rank)s dalam %(forum)s.") % {"rank": item.rank, "forum": meeting.get_kind_display()},
        )


def _apply_quota(actor, meeting: Meeting) -> None:
    """Items within the city's quota are agreed; those past it stay recorded, not forwarded."""
    locked = meeting
    quota = locked.cycle.priority_quota
    items = list(locked.items.select_related("proposal", "proposal__cycle").order_by("rank"))
    changed, moves = [], []
    for item in items:
        if item.within_quota != (item.rank <= quota):
            item.within_quota = item.rank <= quota
            changed.append(item)
        target = Status.AGREED if item.within_quota else Status.OUTSIDE_QUOTA
        if item.proposal.status != target:
            reason = (
                _("Disepakati dalam Rembug, peringkat %(rank)s.")
                if item.within_quota
                else _("Peringkat %(rank)s melewati kuota %(quota)s usulan prioritas.")
            )
            moves.append(
                Move(
                    item.proposal,
                    target,
                    reason=reason % {"rank": item.rank, "quota": quota},
                    data={"meeting": locked.pk, "rank": item.rank},
                )
            )
    proposals_transition(actor=actor, operation=decided_by(locked), moves=moves)
    history.bulk_update(MeetingItem, changed, ["within_quota"])


def _store_documents(meeting: Meeting) -> None:
    """Render the Berita Acara (PDF) and the list (XLSX) once, at finalization, and keep their checksum."""
    from .annexes import sipd_xlsx, upper_minutes_pdf
    from .documents import minutes_pdf, priority_list_xlsx

    upper = meeting.kind in UPPER_KINDS
    pdf = upper_minutes_pdf(meeting) if upper else minutes_pdf(meeting)
    stem = f"BA-{meeting.kind}-{meeting.holder_region.code}-{meeting.cycle.year}-r{meeting.revision}"
    meeting.minutes_pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    meeting.minutes_sha256 = hashlib.sha256(pdf).hexdigest()
    sheet = sipd_xlsx(meeting) if upper else priority_list_xlsx(meeting)
    meeting.list_xlsx.save(f"{stem}.xlsx", ContentFile(sheet), save=False)
    meeting.save(update_fields=["minutes_pdf", "minutes_sha256", "list_xlsx"])


@history.recorded
@transaction.atomic
def meeting_revise(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """A correction of a finalized meeting: a new draft revision with the same record, linked to the original.

    The original stays frozen (and is marked superseded when the revision is finalized).
    """
    if meeting.status != MeetingStatus.FINALIZED:
        raise DomainError(_("Hanya Rembug yang sudah ditetapkan yang dapat dikoreksi."))
    if not reason.strip():
        raise DomainError(_("Sebutkan alasan koreksi."), field="reason")
    if not may_hold(actor, meeting):
        raise NotAllowed(_("Anda tidak berwenang mengoreksi Rembug ini."))
    if Meeting.objects.filter(revision_of=meeting).exists():
        raise DomainError(_("Rembug ini sudah memiliki revisi."))
    if meeting.kind in UPPER_KINDS:
        raise DomainError(
            _(
                "Keputusan Musrenbang Kelurahan/Kecamatan yang sudah ditetapkan tidak dikoreksi dengan "
                "revisi; catat perubahan di forum berikutnya."
            )
        )
    require_stage_open(meeting.cycle, STAGE_ACTION[meeting.kind])
    revision = Meeting.objects.create(
        cycle=meeting.cycle,
        city_id=meeting.city_id,
        kelurahan_id=meeting.kelurahan_id,
        kind=meeting.kind,
        holder_region=meeting.holder_region,
        holder_group=meeting.holder_group,
        held_on=meeting.held_on,
        starts_at=meeting.starts_at,
        notes=list(meeting.notes),
        place=meeting.place,
        chair_name=meeting.chair_name,
        agenda=meeting.agenda,
        order_method=meeting.order_method,
        revision_of=meeting,
        revision=meeting.revision + 1,
        correction_reason=reason.strip(),
        created_by=actor,
    )
    # The original stays in force, frozen, until the revision is finalized.
    mapping = {}
    for attendee in meeting.attendees.all():
        old_pk = attendee.pk
        attendee.pk = None
        attendee.meeting = revision
        # The entry form's one-time token stays with the original entry (it is unique across meetings).
        attendee.client_token = None
        attendee.save()
        mapping[old_pk] = attendee
    history.bulk_create(
        AttendanceCount, [AttendanceCount(meeting=revision, group=c.group, count=c.count) for c in meeting.counts.all()]
    )
    history.bulk_create(
        MeetingItem,
        [MeetingItem(meeting=revision, proposal_id=i.proposal_id, rank=i.rank) for i in meeting.items.all()],
    )
    history.bulk_create(
        Delegate,
        [
            Delegate(meeting=revision, attendee=mapping[d.attendee_id], role=d.role, mandate=d.mandate)
            for d in meeting.delegates.all()
        ],
    )
    copy_minutes_parts(meeting, revision)
    return revision
