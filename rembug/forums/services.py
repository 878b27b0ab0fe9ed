"""Writes to a Rembug: open it, record attendance, agree the order, elect delegates, finalize and hand over.

Every write checks that the meeting is still a draft (a finalized meeting never changes), that the Rembug
stage is open, and that the person may hold this unit's meeting.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembug import history
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, Frozen, NotAllowed, StaleVersion
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import check_funding_adds_up, proposal_transition
from rembug.regions.models import CommunityGroup, Level, Region

from .inclusion import Inclusion, Person, summarize
from .models import (
    UPPER_KINDS,
    AgeGroup,
    AttendanceCount,
    Attendee,
    Decision,
    DecisionReason,
    Delegate,
    DelegateMandate,
    Gender,
    Meeting,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
    Stakeholder,
    Theme,
)
from .records import record_seal
from .selectors import current_meeting

#: A run of digits with the separators people type in phone numbers ("0812-3456 7890", "+62 812..."), or a NIK.
_NUMBER_RUN = re.compile(r"\+?\d[\d\s\-.()/]*\d")


def has_identity_number(value: str) -> bool:
    """True when `value` holds six or more digits in one run: a phone number or NIK, never a name or a position
    ("Ketua RT 003" has three)."""
    return any(sum(c.isdigit() for c in m.group()) >= 6 for m in _NUMBER_RUN.finditer(value or ""))


def _kind_for(unit_region: Region, unit_group: CommunityGroup | None, theme: str = "") -> str:
    if unit_group is not None:
        return MeetingKind.REMBUG_POKMAS
    if theme:
        return MeetingKind.TEMATIK
    kinds = {
        Level.RT: MeetingKind.REMBUG_RT,
        Level.RW: MeetingKind.REMBUG_RW,
        Level.KELURAHAN: MeetingKind.MUSRENBANG_KELURAHAN,
        Level.DESA: MeetingKind.MUSRENBANG_KELURAHAN,
        Level.KECAMATAN: MeetingKind.MUSRENBANG_KECAMATAN,
    }
    if unit_region.level not in kinds:
        raise DomainError(_("Forum diadakan oleh RT, RW, Pokmas, kelurahan atau kecamatan."))
    return kinds[unit_region.level]


#: Who may hold each kind of forum (named rules), and the stage action it needs.
HOLD_PERM = {
    MeetingKind.REMBUG_RT: "forums.hold_meeting",
    MeetingKind.REMBUG_RW: "forums.hold_meeting",
    MeetingKind.REMBUG_POKMAS: "forums.hold_meeting",
    MeetingKind.TEMATIK: "forums.hold_kelurahan_forum",
    MeetingKind.MUSRENBANG_KELURAHAN: "forums.hold_kelurahan_forum",
    MeetingKind.MUSRENBANG_KECAMATAN: "forums.hold_kecamatan_forum",
}
STAGE_ACTION = {
    MeetingKind.REMBUG_RT: Action.REMBUG_HOLD,
    MeetingKind.REMBUG_RW: Action.REMBUG_HOLD,
    MeetingKind.REMBUG_POKMAS: Action.REMBUG_HOLD,
    MeetingKind.TEMATIK: Action.THEMATIC_FORUM,
    MeetingKind.MUSRENBANG_KELURAHAN: Action.KELURAHAN_FORUM,
    MeetingKind.MUSRENBANG_KECAMATAN: Action.KECAMATAN_FORUM,
}


def _kelurahan_of(region: Region) -> Region | None:
    node = region
    while node is not None and node.level not in (Level.KELURAHAN, Level.DESA):
        node = node.parent
    return node


def unit_of(meeting: Meeting) -> Region | CommunityGroup:
    return meeting.unit_group or meeting.unit_region


def may_hold(user, meeting: Meeting) -> bool:
    return user.has_perm(HOLD_PERM[meeting.kind], unit_of(meeting))


@history.recorded
@transaction.atomic
def meeting_open(*, actor, cycle: PlanningCycle, unit: Region | CommunityGroup, theme: str = "") -> Meeting:
    """The unit's forum for the year (opened once; asking again returns the open one).

    An RT, RW or Pokmas holds its Rembug; a kelurahan its Musrenbang Kelurahan (or, with a `theme`, a
    Musrenbang Tematik); a kecamatan its Musrenbang Kecamatan.
    """
    unit_region, unit_group = (unit.region, unit) if isinstance(unit, CommunityGroup) else (unit, None)
    if theme and (unit_group is not None or unit_region.level not in (Level.KELURAHAN, Level.DESA)):
        raise DomainError(_("Musrenbang Tematik diadakan di tingkat kelurahan."))
    if theme and theme not in Theme.values:
        raise DomainError(_("Tema tidak dikenal."), field="theme")
    kind = _kind_for(unit_region, unit_group, theme)
    if not actor.has_perm(HOLD_PERM[kind], unit):
        raise NotAllowed(_("Anda hanya dapat mengadakan forum untuk wilayah atau Pokmas Anda sendiri."))
    existing = current_meeting(cycle=cycle, unit_region=unit_region, unit_group=unit_group, kind=kind, theme=theme)
    if existing:
        return existing
    require_stage_open(cycle, STAGE_ACTION[kind])
    meeting = Meeting.objects.create(
        cycle=cycle,
        city_id=cycle.city_id,
        kelurahan=_kelurahan_of(unit_region),
        kind=kind,
        theme=theme,
        unit_region=unit_region,
        unit_group=unit_group,
        created_by=actor,
    )
    meeting_sync_items(actor=actor, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def _lock_draft(actor, meeting: Meeting, version: int | None = None) -> Meeting:
    """Lock the meeting row, and refuse if it is frozen, stale, outside the stage or not the actor's."""
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("cycle", "unit_region", "unit_group")
        .get(pk=meeting.pk)
    )
    if locked.is_frozen:
        raise Frozen(_("Rembug ini sudah ditetapkan dan tidak dapat diubah. Koreksi dibuat sebagai revisi baru."))
    if not may_hold(actor, locked):
        raise NotAllowed(_("Anda tidak berwenang mengubah forum ini."))
    if version is not None and version != locked.version:
        raise StaleVersion(_("Forum ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    require_stage_open(locked.cycle, STAGE_ACTION[locked.kind])
    return locked


def _touch(meeting: Meeting) -> None:
    """A change to the meeting's parts is a new version of the meeting (with its history row)."""
    meeting.version += 1
    meeting.save(update_fields=["version"])


@history.recorded
@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, version: int, **fields) -> Meeting:
    """Date, place, chair, agenda and how the order was reached."""
    locked = _lock_draft(actor, meeting, version)
    allowed = {"held_on", "place", "chair_name", "agenda", "order_method"}
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(_("Kolom tidak dapat diubah: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    return locked


@history.recorded
@transaction.atomic
def attendee_add(
    *,
    actor,
    meeting: Meeting,
    name: str,
    gender: str,
    age_group: str,
    groups: Iterable[str] = (),
    position: str = "",
    client_token=None,
) -> Attendee:
    locked = _lock_draft(actor, meeting)
    if client_token is not None:
        # The meeting's lock makes a repeated form wait here and get the attendee the first one recorded.
        existing = Attendee.objects.filter(client_token=client_token).first()
        if existing is not None:
            if existing.meeting_id != locked.pk:
                raise DomainError(_("Formulir ini sudah dipakai. Muat ulang halaman."))
            return existing
    if not name.strip():
        raise DomainError(_("Nama peserta wajib diisi."), field="name")
    # Names and positions are printed in the Berita Acara: no phone number or NIK there (UU 27/2022).
    for value, field in ((name, "name"), (position, "position")):
        if has_identity_number(value):
            raise DomainError(_("Jangan menulis nomor telepon atau NIK di sini; cukup nama dan jabatan."), field=field)
    if gender not in Gender.values:
        raise DomainError(_("Pilih jenis kelamin."), field="gender")
    if age_group not in AgeGroup.values:
        raise DomainError(_("Pilih kelompok umur."), field="age_group")
    chosen = sorted(set(groups))
    unknown = [g for g in chosen if g not in Stakeholder.values]
    if unknown:
        raise DomainError(_("Kelompok tidak dikenal: %(groups)s.") % {"groups": ", ".join(unknown)}, field="groups")
    attendee = Attendee.objects.create(
        meeting=locked,
        name=name.strip(),
        gender=gender,
        age_group=age_group,
        groups=chosen,
        position=position.strip(),
        client_token=client_token,
    )
    _touch(locked)
    return attendee


@history.recorded
@transaction.atomic
def attendee_remove(*, actor, attendee: Attendee) -> None:
    locked = _lock_draft(actor, attendee.meeting)
    Delegate.objects.filter(attendee=attendee).delete()
    attendee.delete()
    _touch(locked)


@history.recorded
@transaction.atomic
def attendance_counts_set(*, actor, meeting: Meeting, counts: dict[str, int]) -> None:
    """People counted without names, per group (for sensitive groups such as difabel)."""
    locked = _lock_draft(actor, meeting)
    for group, number in counts.items():
        if group not in Stakeholder.values:
            raise DomainError(_("Kelompok tidak dikenal: %(groups)s.") % {"groups": group}, field="counts")
        if number is None or int(number) < 0:
            raise DomainError(_("Jumlah tidak boleh negatif."), field=f"count_{group}")
    AttendanceCount.objects.filter(meeting=locked).delete()
    history.bulk_create(
        AttendanceCount,
        [AttendanceCount(meeting=locked, group=g, count=int(n)) for g, n in counts.items() if int(n) > 0],
    )
    _touch(locked)


def inclusion_of(meeting: Meeting) -> Inclusion:
    """The inclusion summary, from two queries whatever the attendance."""
    people = [Person(a.gender, a.age_group, tuple(a.groups)) for a in meeting.attendees.all()]
    counts = dict(meeting.counts.values_list("group", "count"))
    return summarize(people, counts)


def unit_proposals(meeting: Meeting):
    """The proposals the meeting decides on.

    A Rembug or a Musrenbang Tematik: its own proposals of the year (drafts, and those it agreed before).
    A Musrenbang Kelurahan: what the finalized Rembug and Tematik forums of the kelurahan agreed (and what it
    merged). A Musrenbang Kecamatan: what its kelurahan forwarded.
    """
    base = Proposal.objects.filter(cycle=meeting.cycle)
    if meeting.kind == MeetingKind.MUSRENBANG_KELURAHAN:
        return base.filter(kelurahan=meeting.unit_region, status=Status.AGREED)
    if meeting.kind == MeetingKind.MUSRENBANG_KECAMATAN:
        return base.filter(kelurahan__parent=meeting.unit_region, status=Status.FORWARDED_KECAMATAN)
    if meeting.kind == MeetingKind.TEMATIK:
        return base.filter(unit_region=meeting.unit_region, theme=meeting.theme).exclude(
            status__in=(Status.WITHDRAWN, Status.MERGED)
        )
    return base.filter(unit_region=meeting.unit_region, unit_group=meeting.unit_group).exclude(
        status__in=(Status.WITHDRAWN, Status.MERGED)
    )


@history.recorded
@transaction.atomic
def meeting_sync_items(*, actor, meeting: Meeting) -> list[MeetingItem]:
    """Put every proposal of the unit on the list (new ones at the bottom), dropping withdrawn ones."""
    locked = _lock_draft(actor, meeting)
    proposals = list(unit_proposals(locked).order_by("sequence").values_list("pk", flat=True))
    items = {i.proposal_id: i for i in locked.items.all()}
    MeetingItem.objects.filter(meeting=locked).exclude(proposal_id__in=proposals).delete()
    ordered = sorted((i for pid, i in items.items() if pid in proposals), key=lambda i: i.rank)
    next_rank = len(ordered) + 1
    new = []
    for pid in proposals:
        if pid not in items:
            new.append(MeetingItem(meeting=locked, proposal_id=pid, rank=next_rank))
            next_rank += 1
    history.bulk_create(MeetingItem, new)
    _renumber(locked)
    return list(locked.items.order_by("rank"))


def _renumber(meeting: Meeting) -> None:
    items = list(meeting.items.order_by("rank", "pk"))
    moved = []
    for position, item in enumerate(items, start=1):
        if item.rank != position:
            item.rank = position
            moved.append(item)
    history.bulk_update(MeetingItem, moved, ["rank"])


def _ranked(items: dict[int, MeetingItem], order: Sequence[int]) -> list[MeetingItem]:
    """Give each item its place in `order`; the items whose rank changed (only they get a history row)."""
    moved = []
    for rank, pid in enumerate(order, start=1):
        if items[pid].rank != rank:
            items[pid].rank = rank
            moved.append(items[pid])
    return moved


@history.recorded
@transaction.atomic
def meeting_set_order(*, actor, meeting: Meeting, proposal_ids: Sequence[int], version: int) -> None:
    """The agreed priority order, best first; it must list every proposal on the meeting exactly once."""
    locked = _lock_draft(actor, meeting, version)
    items = {i.proposal_id: i for i in locked.items.all()}
    if sorted(proposal_ids) != sorted(items):
        raise DomainError(_("Urutan harus memuat setiap usulan tepat satu kali."), field="order")
    history.bulk_update(MeetingItem, _ranked(items, proposal_ids), ["rank"])
    _touch(locked)


@history.recorded
@transaction.atomic
def meeting_move_item(*, actor, meeting: Meeting, proposal_id: int, direction: str, version: int) -> None:
    """Move one item up or down by one place: reordering with two buttons on a phone."""
    locked = _lock_draft(actor, meeting, version)
    order = list(locked.items.order_by("rank").values_list("proposal_id", flat=True))
    if proposal_id not in order:
        raise DomainError(_("Usulan ini tidak ada dalam daftar Rembug."))
    index = order.index(proposal_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    items = {i.proposal_id: i for i in locked.items.all()}
    history.bulk_update(MeetingItem, _ranked(items, order), ["rank"])
    _touch(locked)


def _mandate(value: str) -> str:
    """A mandate choice from its code or its label (as a paper form or an old client writes it); blank is the
    usual one. Free text is refused: it is printed in the Berita Acara (decision 0013)."""
    given = " ".join(str(value or "").split()).casefold()
    if not given:
        return DelegateMandate.CARRY
    for choice in DelegateMandate:
        if given in (choice.value, str(choice.label).casefold()):
            return choice.value
    raise DomainError(
        _("Pilih mandat delegasi dari daftar: %(choices)s.")
        % {"choices": "; ".join(str(c.label) for c in DelegateMandate)},
        field="mandate",
    )


@history.recorded
@transaction.atomic
def delegate_set(
    *,
    actor,
    meeting: Meeting,
    attendee_ids: Sequence[int],
    mandate: str = DelegateMandate.CARRY,
    roles: Mapping[int, str] | None = None,
) -> list[Delegate]:
    """The participants elected to carry the list to the next forum, with the mandate they are given.

    Each delegate's unsur is `roles[attendee id]` when given, else the first stakeholder group the attendee was
    recorded in (or "Lainnya"): structured choices only, so the minutes never print what was typed freely.
    """
    locked = _lock_draft(actor, meeting)
    attendees = list(locked.attendees.filter(pk__in=attendee_ids))
    if len(attendees) != len(set(attendee_ids)):
        raise DomainError(_("Delegasi harus dipilih dari peserta Rembug ini."), field="delegates")
    chosen_mandate = _mandate(mandate)
    roles = dict(roles or {})
    if unknown := sorted({str(r) for r in roles.values() if r not in Stakeholder.values}):
        raise DomainError(_("Unsur delegasi tidak dikenal: %(roles)s.") % {"roles": ", ".join(unknown)}, field="roles")
    if stray := sorted(set(roles) - {a.pk for a in attendees}):
        raise DomainError(
            _("Unsur diberikan untuk peserta yang tidak dipilih sebagai delegasi: %(ids)s.")
            % {"ids": ", ".join(map(str, stray))},
            field="roles",
        )

    def role_of(attendee: Attendee) -> str:
        return roles.get(attendee.pk) or (attendee.groups[0] if attendee.groups else Stakeholder.LAINNYA)

    Delegate.objects.filter(meeting=locked).delete()
    created = history.bulk_create(
        Delegate, [Delegate(meeting=locked, attendee=a, role=role_of(a), mandate=chosen_mandate) for a in attendees]
    )
    _touch(locked)
    return created


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
    if set(unit_proposals(meeting).values_list("pk", flat=True)) != listed:
        problems.append(_("Daftar usulan belum memuat semua usulan unit ini; perbarui daftar."))
    if meeting.kind in UPPER_KINDS:
        for item in items:
            if not item.decision:
                problems.append(
                    _("Putuskan usulan %(number)s: didanai, diteruskan atau tidak diakomodasi.")
                    % {"number": item.proposal.number}
                )
            elif item.decision == Decision.NOT_ACCOMMODATED and not item.reason:
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
    (MeetingKind.MUSRENBANG_KELURAHAN, Decision.FUND_HERE): Status.FUNDED_KELURAHAN,
    (MeetingKind.MUSRENBANG_KELURAHAN, Decision.FORWARD): Status.FORWARDED_KECAMATAN,
    (MeetingKind.MUSRENBANG_KELURAHAN, Decision.NOT_ACCOMMODATED): Status.NOT_ACCOMMODATED,
    (MeetingKind.MUSRENBANG_KECAMATAN, Decision.FORWARD): Status.FORWARDED_OPD,
    (MeetingKind.MUSRENBANG_KECAMATAN, Decision.NOT_ACCOMMODATED): Status.NOT_ACCOMMODATED,
}


@history.recorded
@transaction.atomic
def item_decide(
    *, actor, meeting: Meeting, proposal_id: int, decision: str, reason: str = "", reason_text: str = "", version: int
) -> MeetingItem:
    """Record the forum's decision on one item (applied to the proposal when the forum is finalized)."""
    locked = _lock_draft(actor, meeting, version)
    if locked.kind not in UPPER_KINDS:
        raise DomainError(_("Keputusan per usulan dibuat di Musrenbang Kelurahan dan Kecamatan."))
    if (locked.kind, decision) not in DECISION_TARGET:
        raise DomainError(_("Keputusan ini tidak tersedia di forum ini."), field="decision")
    if decision == Decision.NOT_ACCOMMODATED and reason not in DecisionReason.values:
        raise DomainError(_("Pilih alasan usulan tidak diakomodasi."), field="reason")
    item = locked.items.select_related("proposal", "proposal__item").filter(proposal_id=proposal_id).first()
    if item is None:
        raise DomainError(_("Usulan ini tidak ada dalam daftar forum."))
    if decision == Decision.FUND_HERE and item.proposal.item.authority != "kelurahan":
        raise DomainError(
            _("Usulan %(number)s adalah kewenangan kota; teruskan ke kecamatan.") % {"number": item.proposal.number},
            field="decision",
        )
    item.decision = decision
    item.reason = reason if decision == Decision.NOT_ACCOMMODATED else ""
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
    from rembug.proposals.services import proposal_merge

    locked = _lock_draft(actor, meeting, version)
    if locked.kind not in UPPER_KINDS:
        raise DomainError(_("Usulan digabung di Musrenbang Kelurahan atau Kecamatan."))
    ids = [keep_id, *[i for i in merge_ids if i != keep_id]]
    items = {i.proposal_id: i for i in locked.items.select_related("proposal").filter(proposal_id__in=ids)}
    if len(ids) < 2 or len(items) != len(ids):
        raise DomainError(_("Pilih paling sedikit dua usulan dari daftar forum ini untuk digabung."), field="merge")
    originals = [items[i].proposal for i in ids]
    merged = proposal_merge(
        actor=actor,
        originals=originals,
        unit=locked.unit_region,
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
    locked = _lock_draft(actor, meeting, version)
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
    record_seal(locked)
    _store_documents(locked)
    return locked


def _apply_decisions(actor, meeting: Meeting) -> None:
    """Each item's decision moves its proposal (funded here, forwarded, or not accommodated with its reason)."""
    from rembug.verification.services import recommendation_record  # lazily: verification builds on proposals

    level = "kelurahan" if meeting.kind == MeetingKind.MUSRENBANG_KELURAHAN else "kecamatan"
    for item in meeting.items.select_related("proposal", "proposal__cycle").order_by("rank"):
        target = DECISION_TARGET[(meeting.kind, item.decision)]
        reason = item.get_decision_display()
        if item.decision == Decision.NOT_ACCOMMODATED:
            reason = ": ".join(filter(None, [item.get_reason_display(), item.reason_text]))
        elif item.reason_text:
            reason = f"{reason}: {item.reason_text}"
        proposal_transition(
            proposal=item.proposal,
            to=target,
            actor=actor,
            check=False,
            reason=f"{meeting.get_kind_display()} — {reason}",
            data={"meeting": meeting.pk, "rank": item.rank, "decision": item.decision, "reason": item.reason},
        )
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
    changed = []
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
            proposal_transition(
                proposal=item.proposal,
                to=target,
                actor=actor,
                check=False,
                reason=reason % {"rank": item.rank, "quota": quota},
                data={"meeting": locked.pk, "rank": item.rank},
            )
    history.bulk_update(MeetingItem, changed, ["within_quota"])


def _store_documents(meeting: Meeting) -> None:
    """Render the Berita Acara (PDF) and the list (XLSX) once, at finalization, and keep their checksum."""
    from .annexes import sipd_xlsx, upper_minutes_pdf
    from .documents import minutes_pdf, priority_list_xlsx

    upper = meeting.kind in UPPER_KINDS
    pdf = upper_minutes_pdf(meeting) if upper else minutes_pdf(meeting)
    stem = f"BA-{meeting.kind}-{meeting.unit_region.code}-{meeting.cycle.year}-r{meeting.revision}"
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
        unit_region=meeting.unit_region,
        unit_group=meeting.unit_group,
        held_on=meeting.held_on,
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
    return revision
