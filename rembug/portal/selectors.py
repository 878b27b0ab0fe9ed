"""Reads of the public portal: what residents of an area may follow, aggregated in the database.

Everything here is public. Attendees are only ever counted (per stakeholder group, in SQL): no name, position or
any other attendee field leaves these functions (UU 27/2022 on personal data protection).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from rembug.forums.models import AttendanceCount, Attendee, Meeting, MeetingItem, MeetingStatus, Stakeholder
from rembug.proposals.choices import Field
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.proposals.public import HIDDEN, public_proposals
from rembug.regions.models import CITY_LEVELS, VILLAGE_LEVELS, Level, Region

#: Levels that have a portal page: the city, a kecamatan, a kelurahan/desa and an RW.
AREA_LEVELS = (*CITY_LEVELS, Level.KECAMATAN, *VILLAGE_LEVELS, Level.RW)
#: Public statuses a visitor may filter on (drafts and withdrawn proposals never leave their proposer).
PUBLIC_STATUSES = [(value, label) for value, label in Status.choices if value not in HIDDEN]
#: Funded one way or another: by the kelurahan, in the RKPD, or already being built.
ACCOMMODATED = (Status.FUNDED_KELURAHAN, Status.ACCOMMODATED, Status.IN_PROGRESS, Status.DONE)
BUILT = (Status.DONE,)
#: Proposed at least this many years running: the seed's "re-submitted for years without an answer".
REPEATED_FROM = 3
#: Forums whose record is public: finalized, and finalized ones later corrected (their QR code still works).
PUBLIC_FORUM_STATUSES = (MeetingStatus.FINALIZED, MeetingStatus.SUPERSEDED)
GROUPS = tuple(Stakeholder.values)
#: Groups a person belongs to by gender or age as well as by declaration (forums.inclusion.groups_of).
_IMPLIED = {"perempuan": Q(gender="P"), "pemuda": Q(age_group="pemuda"), "lansia": Q(age_group="lansia")}


def area_of(code: str) -> Region | None:
    return Region.objects.filter(code=code, level__in=AREA_LEVELS).select_related("parent").first()


def proposals_in(region: Region) -> Q:
    """Proposals whose proposer lies in `region` (using the stored kelurahan/city where the level allows)."""
    if region.level in CITY_LEVELS:
        return Q(city_id=region.pk)
    if region.level == Level.KECAMATAN:
        return Q(kelurahan__parent_id=region.pk)
    if region.level in VILLAGE_LEVELS:
        return Q(kelurahan_id=region.pk)
    return Q(kelurahan_id=region.parent_id) & (
        Q(proposer_region_id=region.pk) | Q(proposer_region__code__startswith=f"{region.code}.")
    )


def meetings_in(region: Region) -> Q:
    if region.level in CITY_LEVELS:
        return Q(city_id=region.pk)
    if region.level == Level.KECAMATAN:
        return Q(holder_region_id=region.pk) | Q(kelurahan__parent_id=region.pk)
    if region.level in VILLAGE_LEVELS:
        return Q(kelurahan_id=region.pk)
    return Q(holder_region_id=region.pk) | Q(holder_region__code__startswith=f"{region.code}.")


def breadcrumbs(region: Region) -> list[Region]:
    """The areas above `region` that have a portal page, highest first (one query)."""
    codes = region.ancestor_codes()[:-1]
    return list(Region.objects.filter(code__in=codes, level__in=AREA_LEVELS).order_by("code"))


def sub_areas(region: Region) -> QuerySet[Region]:
    return (
        Region.objects.filter(parent_id=region.pk, level__in=AREA_LEVELS).order_by("code").only("code", "name", "level")
    )


def latest_reason() -> Subquery:
    """The reason of a proposal's latest status change (the public history's last word)."""
    events = ProposalEvent.objects.filter(proposal=OuterRef("pk"), kind="transition").order_by("-at", "-pk")
    return Subquery(events.values("reason")[:1])


def portal_proposals(
    region: Region, *, year: int | None = None, status: str = "", field: str = "", q: str = ""
) -> QuerySet[Proposal]:
    """The public proposals of an area, filtered as the page asks, each with its latest reason (one query)."""
    queryset = public_proposals().filter(proposals_in(region)).select_related("cycle")
    if year:
        queryset = queryset.filter(cycle__year=year)
    if status and status not in HIDDEN:
        queryset = queryset.filter(status=status)
    if field:
        queryset = queryset.filter(field=field)
    words = [w for w in q.split() if len(w) > 1][:5]
    if words:
        condition = Q()
        for word in words:  # as the public search (proposals.public.search) matches
            condition &= Q(title__icontains=word) | Q(number__icontains=word)
        queryset = queryset.filter(condition)
    return queryset.annotate(reason=latest_reason()).order_by("-cycle__year", "number")


def years_of(region: Region) -> list[int]:
    return list(
        public_proposals()
        .filter(proposals_in(region))
        .order_by("-cycle__year")
        .values_list("cycle__year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Tally:
    """Proposed, accommodated and built, as counts and estimated cost (Rp), for one row of a chart."""

    key: str
    label: str
    proposed: int
    accommodated: int
    built: int
    proposed_cost: int
    accommodated_cost: int
    built_cost: int


_MEASURES = {
    "proposed": Count("pk"),
    "proposed_cost": Coalesce(Sum("estimated_cost"), 0),
    "accommodated": Count("pk", filter=Q(status__in=ACCOMMODATED)),
    "accommodated_cost": Coalesce(Sum("estimated_cost", filter=Q(status__in=ACCOMMODATED)), 0),
    "built": Count("pk", filter=Q(status__in=BUILT)),
    "built_cost": Coalesce(Sum("estimated_cost", filter=Q(status__in=BUILT)), 0),
}


def counted(region: Region) -> QuerySet[Proposal]:
    """What the charts count: public proposals of the area; a merged one counts in the proposal it joined."""
    return Proposal.objects.exclude(status__in=(*HIDDEN, Status.MERGED)).filter(proposals_in(region))


def _tallies(queryset, key: str, label: str = "", labels: dict | None = None) -> list[Tally]:
    """One GROUP BY query: the measures per value of `key` (with `label` beside it when another column)."""
    fields = [key, label] if label else [key]
    rows = queryset.values(*fields).annotate(**_MEASURES).order_by(key)
    return [
        Tally(
            key=str(r[key]),
            label=str((labels or {}).get(r[label or key], r[label or key])),
            **{m: int(r[m]) for m in _MEASURES},
        )
        for r in rows
    ]


def tally_by_year(region: Region) -> list[Tally]:
    """Year over year (GROUP BY the planning year)."""
    return _tallies(counted(region), "cycle__year")


def tally_by_field(region: Region, year: int) -> list[Tally]:
    return _tallies(counted(region).filter(cycle__year=year), "field", labels=dict(Field.choices))


def tally_by_kelurahan(region: Region, year: int) -> list[Tally]:
    return _tallies(counted(region).filter(cycle__year=year), "kelurahan__code", "kelurahan__name")


def repeated_proposals(region: Region, *, offset: int = 0, limit: int = 50) -> QuerySet[Proposal]:
    """Proposals asked for three or more years, each once (its latest year: not carried into a later one)."""
    return (
        public_proposals()
        .filter(proposals_in(region), times_proposed__gte=REPEATED_FROM, carried_into__isnull=True)
        .select_related("cycle")
        .annotate(reason=latest_reason())
        .order_by("-times_proposed", "-cycle__year", "number")[offset : offset + limit]
    )


def _count_of(model, meeting_ref: str, condition: Q) -> Coalesce:
    rows = (
        model.objects.filter(condition, **{meeting_ref: OuterRef("pk")})
        .order_by()
        .values(meeting_ref)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _sum_of_counts(group: str | None) -> Coalesce:
    condition = Q(meeting=OuterRef("pk")) & (Q(group=group) if group else Q())
    rows = AttendanceCount.objects.filter(condition).order_by().values("meeting").annotate(n=Sum("count")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def item_count() -> Coalesce:
    """How many proposals a meeting's list holds (a subquery: no join multiplies the attendee counts)."""
    return _count_of(MeetingItem, "meeting", Q())


def with_inclusion(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate each meeting with `total` and `g_<group>` participant counts, in SQL (correlated subqueries).

    Named attendees count in a group they declared or, for women, youth and elderly, by gender and age; people
    counted without names (AttendanceCount) add to their group. The same numbers as `forums.inclusion.summarize`.
    """
    annotations = {"total": _count_of(Attendee, "meeting", Q()) + _sum_of_counts(None)}
    for group in GROUPS:
        declared = Q(groups__icontains=f'"{group}"')
        named = declared | _IMPLIED[group] if group in _IMPLIED else declared
        annotations[f"g_{group}"] = _count_of(Attendee, "meeting", named) + _sum_of_counts(group)
    return queryset.annotate(**annotations)


def public_forums(region: Region | None = None, *, year: int | None = None, current: bool = False) -> QuerySet[Meeting]:
    """Forums with a public record (with `current`, only those in force: a corrected one gives way to its revision),
    each annotated with its participant counts by group and the length of its list."""
    statuses = (MeetingStatus.FINALIZED,) if current else PUBLIC_FORUM_STATUSES
    queryset = Meeting.objects.filter(status__in=statuses)
    if region is not None:
        queryset = queryset.filter(meetings_in(region))
    if year:
        queryset = queryset.filter(cycle__year=year)
    return with_inclusion(
        queryset.select_related("cycle", "holder_region", "holder_group", "kelurahan").annotate(item_count=item_count())
    )


def group_counts(meeting: Meeting) -> list[tuple[str, int]]:
    """(label, count) for every stakeholder group of an annotated meeting."""
    return [(str(label), getattr(meeting, f"g_{value}")) for value, label in Stakeholder.choices]


def forum_detail(pk: int) -> Meeting | None:
    return (
        public_forums()
        .select_related("cycle__city", "kelurahan__parent", "holder_region__parent", "revised_by")
        .filter(pk=pk)
        .first()
    )


def forum_items(meeting: Meeting) -> list[MeetingItem]:
    """The forum's list with each proposal's status now (drafts and withdrawn ones stay hidden)."""
    return list(
        meeting.items.exclude(proposal__status__in=HIDDEN)
        .select_related("proposal", "proposal__proposer_region", "proposal__proposer_group")
        .order_by("rank")
    )
