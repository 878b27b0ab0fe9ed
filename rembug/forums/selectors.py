"""Reads about meetings: what a kelurahan has received from its RT, RW and Pokmas."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from rembug.cycles.models import PlanningCycle
from rembug.proposals.models import Proposal
from rembug.proposals.selectors import scope_filter
from rembug.regions.models import Region

from .models import Attendee, Meeting, MeetingItem, MeetingStatus


@dataclass(frozen=True)
class HandedOver:
    meeting: Meeting
    agreed: int
    outside_quota: int
    agreed_cost: int


def kelurahan_received(kelurahan: Region, cycle: PlanningCycle, *, limit: int = 200) -> list[HandedOver]:
    """Finalized Rembug lists handed to the kelurahan, newest first, with counts and cost aggregated in SQL."""
    meetings = (
        Meeting.objects.filter(kelurahan=kelurahan, cycle=cycle, status=MeetingStatus.FINALIZED)
        .select_related("holder_region", "holder_group")
        .annotate(
            agreed=Count("items", filter=Q(items__within_quota=True)),
            outside=Count("items", filter=Q(items__within_quota=False)),
            cost=Sum("items__proposal__estimated_cost", filter=Q(items__within_quota=True)),
        )
        .order_by("-finalized_at")[:limit]
    )
    return [HandedOver(m, m.agreed, m.outside, m.cost or 0) for m in meetings]


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """The queryset twin of `forums.view_meeting`: the holder's chair, the Ketua RW above, and region staff."""
    return Meeting.objects.filter(scope_filter(user, "holder"))


def meeting_list(
    user, *, year: int | None = None, holder: str = "", kelurahan: str = "", status: str = ""
) -> QuerySet[Meeting]:
    """The meetings the person may view, filtered by year, holder code, kelurahan code and status, newest year first."""
    queryset = meetings_visible_to(user).select_related("cycle", "holder_region", "holder_group", "kelurahan")
    queryset = queryset.annotate(item_count=Count("items"))
    if year:
        queryset = queryset.filter(cycle__year=year)
    if holder:
        queryset = queryset.filter(holder_region__code=holder)
    if kelurahan:
        queryset = queryset.filter(kelurahan__code=kelurahan)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-cycle__year", "holder_region__code", "holder_group_id", "-revision")


def meeting_visible(user, meeting_id: int, *, details: bool = False) -> Meeting | None:
    """One meeting the person may view (None otherwise); with `details`, its items, attendance and delegates."""
    queryset = meetings_visible_to(user).select_related("cycle", "holder_region", "holder_group", "kelurahan")
    if details:
        queryset = queryset.prefetch_related(
            Prefetch("items", queryset=MeetingItem.objects.select_related("proposal").order_by("rank")),
            "attendees",
            "counts",
            "delegates__attendee",
            "signatories",
            "official_counts",
        )
    return queryset.filter(pk=meeting_id).first()


def meeting_with_context(meeting_id: int) -> Meeting | None:
    """A meeting with what its pages show (cycle, holder, kelurahan, city); permission is the caller's check."""
    return (
        Meeting.objects.select_related(
            "cycle", "holder_region", "holder_region__parent", "holder_group", "kelurahan", "city"
        )
        .filter(pk=meeting_id)
        .first()
    )


def meeting_attendee(meeting: Meeting, attendee_id: int) -> Attendee | None:
    """An attendee of this meeting (None for another meeting's attendee)."""
    return Attendee.objects.filter(meeting_id=meeting.pk, pk=attendee_id).first()


def meeting_proposal(meeting: Meeting, number: str) -> Proposal | None:
    """A proposal on this meeting's list by its number (None if it is not on the list)."""
    return Proposal.objects.filter(meeting_items__meeting=meeting, number=number).first()


def current_meeting(
    *, cycle: PlanningCycle, holder_region: Region, holder_group, kind: str, theme: str = ""
) -> Meeting | None:
    """The holder's forum of the year that still counts: its latest revision, never a superseded one."""
    return (
        Meeting.objects.filter(
            cycle=cycle, holder_region=holder_region, holder_group=holder_group, kind=kind, theme=theme
        )
        .exclude(status=MeetingStatus.SUPERSEDED)
        .order_by("-revision")
        .first()
    )


def duplicate_suggestions(meeting: Meeting) -> list:
    """Likely duplicates among the meeting's items (one query), for the Musrenbang to merge."""
    from .duplicates import Candidate, likely_duplicates

    rows = meeting.items.values_list(
        "proposal_id",
        "proposal__item_id",
        "proposal__title",
        "proposal__address",
        "proposal__latitude",
        "proposal__longitude",
    )
    return likely_duplicates([Candidate(*row) for row in rows])


def location_checks(meeting: Meeting) -> list[dict]:
    """Items of a Musrenbang whose map point is missing or outside their kelurahan (two queries)."""
    from rembug.regions.models import Region

    from .locations import location_problem

    rows = list(
        meeting.items.values_list(
            "proposal_id",
            "proposal__number",
            "proposal__title",
            "proposal__latitude",
            "proposal__longitude",
            "proposal__kelurahan_id",
        )
    )
    boundaries = dict(Region.objects.filter(pk__in={r[5] for r in rows}).values_list("pk", "boundary"))
    found = []
    for pid, number, title, lat, lng, kelurahan_id in rows:
        problem = location_problem(lat, lng, boundaries.get(kelurahan_id))
        if problem:
            found.append({"proposal_id": pid, "number": number, "title": title, "problem": problem})
    return found
