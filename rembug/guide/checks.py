"""Named checks that tick a guide's checklist from the data. The REGISTRY is code; which checks a page shows is content.

A check is `(user, ctx) -> bool | None`: True done, False not yet, None when it does not apply to this person (e.g.
"funding_complete" for a verifier). `ctx` is one role assignment's view of a `GuideData` shared by all the user's
assignments, which loads what the checks need once (a fixed number of queries, however many checks and roles).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from rembug.accounts.roles import CITY_PLANNERS, KECAMATAN_STAFF, KELURAHAN_STAFF, PROPOSER_CHAIRS, Role
from rembug.forums.inclusion import Person, summarize
from rembug.forums.models import REMBUG_KINDS, ForumDecision, Meeting, MeetingKind, MeetingStatus
from rembug.proposals.lifecycle import CARRY_OVER_FROM, Status
from rembug.proposals.models import Attachment, AttachmentKind, Proposal
from rembug.proposals.selectors import responsible_agency_id
from rembug.regions.models import VILLAGE_LEVELS, Level, Region

#: The roles that sit in the Musrenbang Kelurahan of their kelurahan (LPMK guards the residents' proposals there).
KELURAHAN_FORUM_ROLES = (*KELURAHAN_STAFF, Role.LPMK)
ForumKey = tuple[int, int | None]  # (region id, group id) of a forum's holder or of the proposer of its proposals


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    func: Callable


REGISTRY: dict[str, Check] = {}


def check(key: str, label):
    """Register `func` under `key` (the value a ChecklistItem stores) with a label for the admin's choice list."""

    def register(func):
        REGISTRY[key] = Check(key, label, func)
        return func

    return register


def check_choices() -> list[tuple[str, str]]:
    return [(key, f"{key} — {c.label}") for key, c in sorted(REGISTRY.items())]


def evaluate(key: str, user, ctx: CheckContext) -> bool | None:
    found = REGISTRY.get(key)
    return None if not key or found is None else found.func(user, ctx)


def forum_key(assignment) -> ForumKey | None:
    """The forum an assignment holds: the Rembug it holds, the Musrenbang Kelurahan or the Musrenbang Kecamatan."""
    if assignment.role in (Role.KETUA_RT, Role.KETUA_RW):
        return (assignment.region_id, None)
    if assignment.role == Role.KETUA_POKMAS and assignment.group_id:
        return (assignment.group.region_id, assignment.group_id)
    if assignment.role in KELURAHAN_FORUM_ROLES or assignment.role in KECAMATAN_STAFF:
        return (assignment.region_id, None)
    return None


def _forum_key_q(keys, prefix: str) -> Q:
    """Records whose `prefix` (holder of a meeting, proposer of a proposal) is one of the (region, group) keys."""
    region_field, group_field = f"{prefix}_region_id", f"{prefix}_group_id"
    query = Q(pk__in=[])
    for region_id, group_id in keys:
        query |= (
            Q(**{region_field: region_id, group_field: group_id})
            if group_id
            else Q(**{region_field: region_id, f"{group_field.removesuffix('_id')}__isnull": True})
        )
    return query


class GuideData:
    """Everything the checks read for one user, each part loaded on first use for all the user's assignments."""

    def __init__(self, assignments, cycles: dict[int, object]):
        self.assignments = [a for a in assignments if cycles.get(a.city_id) is not None]
        self.cycles = cycles
        self.cycle_ids = [c.pk for c in cycles.values() if c is not None]

    def _with_role(self, roles):
        return [a for a in self.assignments if a.role in roles]

    @cached_property
    def forums(self) -> dict[ForumKey, Meeting]:
        """The forum in force (or its draft revision) per holder: attendance, counts, delegates and list prefetched."""
        keys = {forum_key(a) for a in self.assignments} - {None}
        if not keys:
            return {}
        meetings = (
            Meeting.objects.filter(_forum_key_q(keys, "holder"), cycle_id__in=self.cycle_ids, theme="")
            .exclude(status=MeetingStatus.SUPERSEDED)
            .order_by("revision")
            .prefetch_related("attendees", "counts", "delegates", "items")
        )
        return {(m.holder_region_id, m.holder_group_id): m for m in meetings}

    @cached_property
    def chaired_proposals(self) -> dict[ForumKey, list[Proposal]]:
        """This year's live proposals of each proposer the user chairs, with their funding and photos."""
        keys = {forum_key(a) for a in self._with_role(PROPOSER_CHAIRS)} - {None}
        found: dict[ForumKey, list[Proposal]] = defaultdict(list)
        if not keys:
            return found
        photos = Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(kind=AttachmentKind.PHOTO).only("pk", "proposal_id"),
            to_attr="photos",
        )
        proposals = (
            Proposal.objects.filter(_forum_key_q(keys, "proposer"), cycle_id__in=self.cycle_ids, theme="")
            .exclude(status__in=(Status.WITHDRAWN, Status.MERGED))
            .only("pk", "proposer_region_id", "proposer_group_id", "estimated_cost", "latitude", "longitude")
            .prefetch_related("funding", photos)
            .order_by("sequence")
        )
        for proposal in proposals:
            found[(proposal.proposer_region_id, proposal.proposer_group_id)].append(proposal)
        return found

    @cached_property
    def carry_over(self) -> dict[ForumKey, list[bool]]:
        """For each chaired proposer: earlier years' not-accommodated proposals, True when proposed again since."""
        chairs = self._with_role(PROPOSER_CHAIRS)
        keys = {forum_key(a) for a in chairs} - {None}
        found: dict[ForumKey, list[bool]] = defaultdict(list)
        if not keys:
            return found
        years = Q(pk__in=[])
        for city_id, cycle in self.cycles.items():
            if cycle is not None:
                years |= Q(city_id=city_id, cycle__year__lt=cycle.year)
        again = Proposal.objects.filter(previous=OuterRef("pk"))
        rows = (
            Proposal.objects.filter(_forum_key_q(keys, "proposer"), years, status__in=CARRY_OVER_FROM)
            .annotate(again=Exists(again))
            .values_list("proposer_region_id", "proposer_group_id", "again")
        )
        for region_id, group_id, followed in rows:
            found[(region_id, group_id)].append(followed)
        return found

    @cached_property
    def village_rembugs(self) -> dict[int, set[int]]:
        """kelurahan id → the RW ids that handed over a finalized Rembug (an RT's counts for its RW; -1: Pokmas)."""
        kelurahan_ids = {a.region_id for a in self._with_role(KELURAHAN_FORUM_ROLES)}
        found: dict[int, set[int]] = defaultdict(set)
        if not kelurahan_ids:
            return found
        rows = Meeting.objects.filter(
            kelurahan_id__in=kelurahan_ids,
            cycle_id__in=self.cycle_ids,
            kind__in=REMBUG_KINDS,
            status=MeetingStatus.FINALIZED,
        ).values_list("kelurahan_id", "holder_region_id", "holder_region__parent_id", "holder_region__level")
        for kelurahan_id, region_id, parent_id, level in rows:
            found[kelurahan_id].add(region_id if level == Level.RW else parent_id if level == Level.RT else -1)
        return found

    @cached_property
    def village_rws(self) -> dict[int, set[int]]:
        kelurahan_ids = {a.region_id for a in self._with_role(KELURAHAN_FORUM_ROLES)}
        found: dict[int, set[int]] = defaultdict(set)
        for rw_id, parent_id in Region.objects.filter(
            parent_id__in=kelurahan_ids, level=Level.RW, is_active=True
        ).values_list("pk", "parent_id"):
            found[parent_id].add(rw_id)
        return found

    @cached_property
    def kecamatan_progress(self) -> dict[int, tuple[int, int]]:
        """kecamatan id → (kelurahan with a finalized Musrenbang Kelurahan, all kelurahan)."""
        ids = {a.region_id for a in self._with_role(KECAMATAN_STAFF)}
        if not ids:
            return {}
        villages = dict(
            Region.objects.filter(parent_id__in=ids, level__in=VILLAGE_LEVELS)
            .values("parent_id")
            .annotate(n=Count("pk"))
            .values_list("parent_id", "n")
        )
        done = dict(
            Meeting.objects.filter(
                kelurahan__parent_id__in=ids,
                cycle_id__in=self.cycle_ids,
                theme="",
                kind=MeetingKind.MUSRENBANG_KELURAHAN,
                status=MeetingStatus.FINALIZED,
            )
            .values("kelurahan__parent_id")
            .annotate(n=Count("kelurahan_id", distinct=True))
            .values_list("kelurahan__parent_id", "n")
        )
        return {i: (done.get(i, 0), villages.get(i, 0)) for i in ids}

    @cached_property
    def agency_waiting(self) -> dict[int, int]:
        """agency id → proposals waiting for its verification (the agency responsible now, as the queue reads it)."""
        agencies = {a.agency_id for a in self._with_role((Role.VERIFIKATOR_OPD,)) if a.agency_id}
        if not agencies:
            return {}
        rows = (
            Proposal.objects.filter(cycle_id__in=self.cycle_ids, status=Status.FORWARDED_OPD)
            .annotate(responsible=responsible_agency_id())
            .filter(responsible__in=agencies)
            .values("responsible")
            .annotate(n=Count("pk"))
        )
        return {row["responsible"]: row["n"] for row in rows}

    @cached_property
    def city_progress(self) -> dict[int, dict[str, int]]:
        """city id → counts Bappeda follows: finalized Rembug, kecamatan (all / finalized forum), waiting at OPD."""
        city_ids = {a.city_id for a in self._with_role(CITY_PLANNERS)}
        if not city_ids:
            return {}
        found = {c: {"rembug": 0, "kecamatan": 0, "kecamatan_done": 0, "waiting": 0} for c in city_ids}
        meetings = (
            Meeting.objects.filter(city_id__in=city_ids, cycle_id__in=self.cycle_ids, status=MeetingStatus.FINALIZED)
            .values("city_id")
            .annotate(
                rembug=Count("pk", filter=Q(kind__in=REMBUG_KINDS)),
                kecamatan_done=Count(
                    "holder_region_id", filter=Q(kind=MeetingKind.MUSRENBANG_KECAMATAN), distinct=True
                ),
            )
        )
        for row in meetings:
            found[row["city_id"]].update(rembug=row["rembug"], kecamatan_done=row["kecamatan_done"])
        for city_id, n in (
            Region.objects.filter(city_id__in=city_ids, level=Level.KECAMATAN)
            .values("city_id")
            .annotate(n=Count("pk"))
            .values_list("city_id", "n")
        ):
            found[city_id]["kecamatan"] = n
        for city_id, n in (
            Proposal.objects.filter(city_id__in=city_ids, cycle_id__in=self.cycle_ids, status=Status.FORWARDED_OPD)
            .values("city_id")
            .annotate(n=Count("pk"))
            .values_list("city_id", "n")
        ):
            found[city_id]["waiting"] = n
        return found


@dataclass
class CheckContext:
    """One role assignment's view of the shared data."""

    assignment: object
    cycle: object
    data: GuideData

    @property
    def role(self) -> str:
        return self.assignment.role

    @property
    def is_chair(self) -> bool:
        return self.role in PROPOSER_CHAIRS

    @cached_property
    def forum(self) -> Meeting | None:
        key = forum_key(self.assignment)
        return self.data.forums.get(key) if key else None

    @cached_property
    def proposals(self) -> list[Proposal]:
        key = forum_key(self.assignment)
        return self.data.chaired_proposals.get(key, []) if self.is_chair and key else []

    @cached_property
    def inclusion(self):
        meeting = self.forum
        people = [Person(a.gender, a.age_group, tuple(a.groups)) for a in meeting.attendees.all()]
        return summarize(people, {c.group: c.count for c in meeting.counts.all()})


def _has_forum(ctx: CheckContext) -> bool | None:
    """None when the role holds no forum; False when it holds one not yet opened."""
    if forum_key(ctx.assignment) is None:
        return None
    return ctx.forum is not None


def _on_forum(ctx: CheckContext, test: Callable[[Meeting], bool]) -> bool | None:
    opened = _has_forum(ctx)
    return opened and test(ctx.forum)


def _finalized(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.FINALIZED


# — Ketua RT / RW / Pokmas: proposals and their Rembug ————————————————————————————————————————————


@check("proposals_written", _("Unit Anda punya sedikitnya satu usulan tahun ini"))
def proposals_written(user, ctx):
    return bool(ctx.proposals) if ctx.is_chair else None


@check("photos_attached", _("Setiap usulan punya foto"))
def photos_attached(user, ctx):
    if not ctx.is_chair:
        return None
    return bool(ctx.proposals) and all(p.photos for p in ctx.proposals)


@check("location_marked", _("Setiap usulan punya titik di peta"))
def location_marked(user, ctx):
    if not ctx.is_chair:
        return None
    return bool(ctx.proposals) and all(p.latitude is not None and p.longitude is not None for p in ctx.proposals)


@check("funding_complete", _("Rencana pendanaan setiap usulan sama dengan biayanya"))
def funding_complete(user, ctx):
    if not ctx.is_chair:
        return None
    return bool(ctx.proposals) and all(
        sum(f.amount for f in p.funding.all()) == p.estimated_cost for p in ctx.proposals
    )


@check("carry_over_followed", _("Usulan tahun lalu yang belum diakomodasi sudah diusulkan kembali"))
def carry_over_followed(user, ctx):
    if not ctx.is_chair:
        return None
    earlier = ctx.data.carry_over.get(forum_key(ctx.assignment), [])
    return all(earlier) if earlier else None


@check("rembug_opened", _("Rembug sudah dibuka di aplikasi"))
def rembug_opened(user, ctx):
    return ctx.forum is not None if ctx.is_chair else None


@check("order_agreed", _("Daftar prioritas memuat semua usulan unit"))
def order_agreed(user, ctx):
    if not ctx.is_chair:
        return None
    if ctx.forum is None or not ctx.proposals:
        return False
    return _finalized(ctx.forum) or {i.proposal_id for i in ctx.forum.items.all()} == {p.pk for p in ctx.proposals}


@check("rembug_finalized", _("Rembug sudah ditetapkan dan Berita Acara tersedia"))
def rembug_finalized(user, ctx):
    return (ctx.forum is not None and _finalized(ctx.forum)) if ctx.is_chair else None


# — Every forum (Rembug, Musrenbang Kelurahan, Musrenbang Kecamatan) ——————————————————————————————————


@check("meeting_details_filled", _("Tanggal, tempat dan pimpinan rapat sudah diisi"))
def meeting_details_filled(user, ctx):
    return _on_forum(ctx, lambda m: bool(m.held_on and m.place.strip() and m.chair_name.strip()))


@check("attendance_recorded", _("Daftar hadir sudah dicatat"))
def attendance_recorded(user, ctx):
    return _on_forum(ctx, lambda m: bool(m.attendees.all()))


@check("women_represented", _("Perempuan sedikitnya 30 % peserta"))
def women_represented(user, ctx):
    return _on_forum(
        ctx,
        lambda m: (
            ctx.inclusion.total > 0
            and "perempuan" not in ctx.inclusion.missing
            and "perempuan" not in ctx.inclusion.under_represented
        ),
    )


@check("all_groups_present", _("Semua kelompok hadir: tokoh, perempuan, pemuda, lansia, difabel, rentan"))
def all_groups_present(user, ctx):
    return _on_forum(ctx, lambda m: ctx.inclusion.total > 0 and not ctx.inclusion.missing)


@check("delegates_chosen", _("Delegasi ke forum berikutnya sudah dipilih"))
def delegates_chosen(user, ctx):
    return _on_forum(ctx, lambda m: bool(m.delegates.all()))


@check("decisions_made", _("Setiap usulan sudah diputuskan, yang tidak diakomodasi dengan alasan"))
def decisions_made(user, ctx):
    if ctx.is_chair:
        return None

    def decided(meeting):
        items = meeting.items.all()
        return bool(items) and all(
            i.decision and (i.decision != ForumDecision.NOT_ACCOMMODATED or i.reason) for i in items
        )

    return _on_forum(ctx, decided)


# — Kelurahan ————————————————————————————————————————————————————————————————————————————————————


@check("kelurahan_lists_received", _("Sedikitnya satu hasil Rembug sudah diserahkan ke kelurahan"))
def kelurahan_lists_received(user, ctx):
    if ctx.role not in KELURAHAN_FORUM_ROLES:
        return None
    return bool(ctx.data.village_rembugs.get(ctx.assignment.region_id))


@check("all_rw_handed_over", _("Setiap RW sudah menyerahkan hasil Rembug (RW atau RT-nya)"))
def all_rw_handed_over(user, ctx):
    if ctx.role not in KELURAHAN_FORUM_ROLES:
        return None
    rws = ctx.data.village_rws.get(ctx.assignment.region_id, set())
    return bool(rws) and rws <= ctx.data.village_rembugs.get(ctx.assignment.region_id, set())


@check("kelurahan_forum_opened", _("Musrenbang Kelurahan sudah dibuka di aplikasi"))
def kelurahan_forum_opened(user, ctx):
    return ctx.forum is not None if ctx.role in KELURAHAN_FORUM_ROLES else None


@check("kelurahan_forum_finalized", _("Musrenbang Kelurahan sudah ditetapkan"))
def kelurahan_forum_finalized(user, ctx):
    return (ctx.forum is not None and _finalized(ctx.forum)) if ctx.role in KELURAHAN_FORUM_ROLES else None


# — Kecamatan ————————————————————————————————————————————————————————————————————————————————————


@check("kelurahan_forums_finalized", _("Semua kelurahan sudah menetapkan Musrenbang Kelurahan"))
def kelurahan_forums_finalized(user, ctx):
    if ctx.role not in KECAMATAN_STAFF:
        return None
    done, total = ctx.data.kecamatan_progress.get(ctx.assignment.region_id, (0, 0))
    return total > 0 and done >= total


@check("kecamatan_forum_opened", _("Musrenbang Kecamatan sudah dibuka di aplikasi"))
def kecamatan_forum_opened(user, ctx):
    return ctx.forum is not None if ctx.role in KECAMATAN_STAFF else None


@check("kecamatan_forum_finalized", _("Musrenbang Kecamatan sudah ditetapkan"))
def kecamatan_forum_finalized(user, ctx):
    return (ctx.forum is not None and _finalized(ctx.forum)) if ctx.role in KECAMATAN_STAFF else None


# — Perangkat Daerah and Bappeda ————————————————————————————————————————————————————————————————————


@check("queue_empty", _("Tidak ada usulan yang menunggu verifikasi perangkat daerah Anda"))
def queue_empty(user, ctx):
    if ctx.role != Role.VERIFIKATOR_OPD or not ctx.assignment.agency_id:
        return None
    return ctx.data.agency_waiting.get(ctx.assignment.agency_id, 0) == 0


@check("city_rembugs_started", _("Sedikitnya satu Rembug di kota sudah ditetapkan"))
def city_rembugs_started(user, ctx):
    if ctx.role not in CITY_PLANNERS:
        return None
    return ctx.data.city_progress[ctx.assignment.city_id]["rembug"] > 0


@check("kecamatan_forums_finalized", _("Semua kecamatan sudah menetapkan Musrenbang Kecamatan"))
def kecamatan_forums_finalized(user, ctx):
    if ctx.role not in CITY_PLANNERS:
        return None
    progress = ctx.data.city_progress[ctx.assignment.city_id]
    return progress["kecamatan"] > 0 and progress["kecamatan_done"] >= progress["kecamatan"]


@check("opd_verification_done", _("Semua perangkat daerah selesai memverifikasi"))
def opd_verification_done(user, ctx):
    if ctx.role not in CITY_PLANNERS:
        return None
    return ctx.data.city_progress[ctx.assignment.city_id]["waiting"] == 0
