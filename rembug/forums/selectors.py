"""Reads about meetings: what a kelurahan has received from its RT, RW and Pokmas."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from rembug.cycles.models import PlanningCycle
from rembug.proposals.selectors import unit_scope_filter
from rembug.regions.models import Region

from .models import Meeting, MeetingStatus


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
        .select_related("unit_region", "unit_group")
        .annotate(
            agreed=Count("items", filter=Q(items__within_quota=True)),
            outside=Count("items", filter=Q(items__within_quota=False)),
            cost=Sum("items__proposal__estimated_cost", filter=Q(items__within_quota=True)),
        )
        .order_by("-finalized_at")[:limit]
    )
    return [HandedOver(m, m.agreed, m.outside, m.cost or 0) for m in meetings]


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """The queryset twin of `forums.view_meeting`: the unit's chair, the Ketua RW above, and region staff."""
    return Meeting.objects.filter(unit_scope_filter(user))


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
