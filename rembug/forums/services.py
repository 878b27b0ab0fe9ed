"""Writes to a Rembug: open it, record attendance, agree the order, elect delegates (finalizing: decisions.py).

Every write checks that the meeting is still a draft (a finalized meeting never changes), that the Rembug
stage is open, and that the person may hold this holder's meeting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from rembug import history
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, Frozen, NotAllowed, StaleVersion
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.regions.models import CommunityGroup, EntryForum, Level, Region

from .inclusion import Inclusion, Person, summarize
from .models import (
    AgeGroup,
    AttendanceCount,
    Attendee,
    Delegate,
    DelegateMandate,
    Gender,
    Meeting,
    MeetingItem,
    MeetingKind,
    OfficialCategory,
    Stakeholder,
    Theme,
)
from .selectors import current_meeting

#: A run of digits with the separators people type in phone numbers ("0812-3456 7890", "+62 812..."), or a NIK.
_NUMBER_RUN = re.compile(r"\+?\d[\d\s\-.()/]*\d")


def has_identity_number(value: str) -> bool:
    """True when `value` holds six or more digits in one run: a phone number or NIK, never a name or a position
    ("Ketua RT 003" has three)."""
    return any(sum(c.isdigit() for c in m.group()) >= 6 for m in _NUMBER_RUN.finditer(value or ""))


def _kind_for(holder_region: Region, holder_group: CommunityGroup | None, theme: str = "") -> str:
    if holder_group is not None:
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
    if holder_region.level not in kinds:
        raise DomainError(_("Forum diadakan oleh RT, RW, Pokmas, kelurahan atau kecamatan."))
    return kinds[holder_region.level]


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


def holder_of(meeting: Meeting) -> Region | CommunityGroup:
    """Who holds the forum: its Pokmas, else its region (RT, RW, kelurahan or kecamatan)."""
    return meeting.holder_group or meeting.holder_region


def may_hold(user, meeting: Meeting) -> bool:
    return user.has_perm(HOLD_PERM[meeting.kind], holder_of(meeting))


@history.recorded
@transaction.atomic
def meeting_open(*, actor, cycle: PlanningCycle, holder: Region | CommunityGroup, theme: str = "") -> Meeting:
    """The holder's forum for the year (opened once; asking again returns the open one).

    An RT, RW or Pokmas holds its Rembug; a kelurahan its Musrenbang Kelurahan (or, with a `theme`, a
    Musrenbang Tematik); a kecamatan its Musrenbang Kecamatan.
    """
    holder_region, holder_group = (holder.region, holder) if isinstance(holder, CommunityGroup) else (holder, None)
    if theme and (holder_group is not None or holder_region.level not in (Level.KELURAHAN, Level.DESA)):
        raise DomainError(_("Musrenbang Tematik diadakan di tingkat kelurahan."))
    if theme and theme not in Theme.values:
        raise DomainError(_("Tema tidak dikenal."), field="theme")
    kind = _kind_for(holder_region, holder_group, theme)
    if not actor.has_perm(HOLD_PERM[kind], holder):
        raise NotAllowed(_("Anda hanya dapat mengadakan forum untuk wilayah atau Pokmas Anda sendiri."))
    existing = current_meeting(
        cycle=cycle, holder_region=holder_region, holder_group=holder_group, kind=kind, theme=theme
    )
    if existing:
        return existing
    require_stage_open(cycle, STAGE_ACTION[kind])
    meeting = Meeting.objects.create(
        cycle=cycle,
        city_id=cycle.city_id,
        kelurahan=holder_region.village(),
        kind=kind,
        theme=theme,
        holder_region=holder_region,
        holder_group=holder_group,
        created_by=actor,
    )
    meeting_sync_items(actor=actor, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def meeting_lock_draft(actor, meeting: Meeting, version: int | None = None) -> Meeting:
    """Lock the meeting row, and refuse if it is frozen, stale, outside the stage or not the actor's."""
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("cycle", "holder_region", "holder_group")
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
    """Date, time, the Berita Acara's number, place, chair, agenda and how the order was reached."""
    locked = meeting_lock_draft(actor, meeting, version)
    allowed = {"held_on", "starts_at", "number", "place", "chair_name", "agenda", "order_method"}
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
    category: str = OfficialCategory.WARGA,
    client_token=None,
) -> Attendee:
    locked = meeting_lock_draft(actor, meeting)
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
    if category not in OfficialCategory.values:
        raise DomainError(_("Pilih unsur resmi peserta."), field="category")
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
        category=category,
        client_token=client_token,
    )
    _touch(locked)
    return attendee


@history.recorded
@transaction.atomic
def attendee_remove(*, actor, attendee: Attendee) -> None:
    locked = meeting_lock_draft(actor, attendee.meeting)
    Delegate.objects.filter(attendee=attendee).delete()
    attendee.delete()
    _touch(locked)


@history.recorded
@transaction.atomic
def attendance_counts_set(*, actor, meeting: Meeting, counts: dict[str, int]) -> None:
    """People counted without names, per group (for sensitive groups such as difabel)."""
    locked = meeting_lock_draft(actor, meeting)
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


def meeting_proposals(meeting: Meeting):
    """The proposals the meeting decides on.

    A Rembug or a Musrenbang Tematik: its own proposals of the year (drafts, and those it agreed before).
    A Musrenbang Kelurahan: what the finalized Rembug and Tematik forums of the kelurahan agreed (and what it
    merged), and the proposals of kinds that enter it directly — the kelurahan itself and its lembaga, as in
    practice (issue 11 point 1). A Musrenbang Kecamatan: what its kelurahan forwarded.
    """
    base = Proposal.objects.filter(cycle=meeting.cycle)
    if meeting.kind == MeetingKind.MUSRENBANG_KELURAHAN:
        direct = Q(status=Status.DRAFT, proposer_kind__entry_forum=EntryForum.KELURAHAN)
        return base.filter(Q(status=Status.AGREED) | direct, kelurahan=meeting.holder_region)
    if meeting.kind == MeetingKind.MUSRENBANG_KECAMATAN:
        return base.filter(kelurahan__parent=meeting.holder_region, status=Status.FORWARDED_KECAMATAN)
    if meeting.kind == MeetingKind.TEMATIK:
        return base.filter(proposer_region=meeting.holder_region, theme=meeting.theme).exclude(
            status__in=(Status.WITHDRAWN, Status.MERGED)
        )
    return base.filter(proposer_region=meeting.holder_region, proposer_group=meeting.holder_group).exclude(
        status__in=(Status.WITHDRAWN, Status.MERGED)
    )


@history.recorded
@transaction.atomic
def meeting_sync_items(*, actor, meeting: Meeting) -> list[MeetingItem]:
    """Put every proposal of the holder on the list (new ones at the bottom), dropping withdrawn ones."""
    locked = meeting_lock_draft(actor, meeting)
    proposals = list(meeting_proposals(locked).order_by("sequence").values_list("pk", flat=True))
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
    locked = meeting_lock_draft(actor, meeting, version)
    items = {i.proposal_id: i for i in locked.items.all()}
    if sorted(proposal_ids) != sorted(items):
        raise DomainError(_("Urutan harus memuat setiap usulan tepat satu kali."), field="order")
    history.bulk_update(MeetingItem, _ranked(items, proposal_ids), ["rank"])
    _touch(locked)


@history.recorded
@transaction.atomic
def meeting_move_item(*, actor, meeting: Meeting, proposal_id: int, direction: str, version: int) -> None:
    """Move one item up or down by one place: reordering with two buttons on a phone."""
    locked = meeting_lock_draft(actor, meeting, version)
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
    locked = meeting_lock_draft(actor, meeting)
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
