"""Reads of the Forum Perangkat Daerah: an agency's queue of proposals, and every level's recommendations.

The queue follows the agency responsible *now* (the final one once re-routed, else the one first routed to), as
the rule `proposals.verify_proposal` does, so a re-routed proposal leaves one queue and enters the other.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from rembug.accounts.roles import Role
from rembug.accounts.scopes import agencies_of, assignments_of, cities_of
from rembug.cycles.models import PlanningCycle
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.proposals.selectors import responsible_agency_filter

from .models import LEVEL_ORDER, Recommendation

#: `status` value of `agency_queue` for every proposal that reached the Forum, whatever became of it.
ALL = "all"


def verifier_agencies(user) -> set[int]:
    """The agencies the user verifies for (an agency belongs to one city, so this is also the city)."""
    verifier = {a.agency_id for a in assignments_of(user) if a.role == Role.VERIFIKATOR_OPD}
    return agencies_of(user) & verifier


def verifier_cities(user) -> set[int]:
    """The cities where the user verifies for an agency: the cities the verification queue may work in."""
    return {a.city_id for a in assignments_of(user) if a.role == Role.VERIFIKATOR_OPD and a.agency_id}


def _reached_forum() -> Q:
    """Waiting at the Forum now, or went through it (the history shows the move to the agencies)."""
    went_through = ProposalEvent.objects.filter(proposal=OuterRef("pk"), to_status=Status.FORWARDED_OPD)
    return Q(status=Status.FORWARDED_OPD) | Q(Exists(went_through))


def agency_queue(
    user, *, cycle: PlanningCycle | None = None, status: str | None = None, kecamatan: str = ""
) -> QuerySet[Proposal]:
    """Proposals for the user's agencies in the user's city: by default those waiting for verification.

    `status` narrows to one status (among those that reached the Forum), or `ALL`; `kecamatan` is a region code.
    Rows come with what the queue and the review page show, in a fixed number of queries.
    """
    agencies = verifier_agencies(user)
    if not agencies:
        return Proposal.objects.none()
    queryset = Proposal.objects.filter(responsible_agency_filter(agencies), city_id__in=cities_of(user))
    if status in (None, "", Status.FORWARDED_OPD):
        queryset = queryset.filter(status=Status.FORWARDED_OPD)
    else:
        queryset = queryset.filter(_reached_forum())
        if status != ALL:
            queryset = queryset.filter(status=status)
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    if kecamatan:
        queryset = queryset.filter(kelurahan__code__startswith=f"{kecamatan}.")
    return with_review_details(queryset).order_by("number")


def with_review_details(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """What a verifier reads about each proposal — photos, every level's recommendations, the history — joined
    or prefetched, so a page costs the same few queries whatever its length."""
    return queryset.select_related(
        "cycle",
        "kelurahan",
        "kelurahan__parent",
        "proposer_region",
        "proposer_group",
        "item",
        "item__agency",
        "routed_agency",
        "final_agency",
    ).prefetch_related(
        "attachments",
        Prefetch("recommendations", queryset=_recommendations()),
        Prefetch("events", queryset=ProposalEvent.objects.select_related("actor").order_by("at", "pk")),
    )


def agency_proposal(user, number: str) -> Proposal | None:
    """One proposal of the user's agencies that reached the Forum, with its details; None: not theirs to see."""
    return agency_queue(user, status=ALL).filter(number=number).first()


def _recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related("actor", "agency", "to_agency").order_by("at", "pk")


def recommendations_of(proposal: Proposal) -> list[Recommendation]:
    """Every level's recommendations on the proposal, in the order of the flow, then of time."""
    cache = getattr(proposal, "_prefetched_objects_cache", {})
    rows = (
        list(cache["recommendations"])
        if "recommendations" in cache
        else list(_recommendations().filter(proposal=proposal))
    )
    return sorted(rows, key=lambda r: (LEVEL_ORDER[r.level], r.at, r.pk))


def with_recommended_money(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate `recommended_volume` and `recommended_cost`: the latest recommendation that named a cost (an
    agency's accepted volume and cost, usually), or None. With the funding split agreed in the forums, this is the
    one source of the money the fit, the lists, the activity and the proposer's message use (issue 12, point 3)."""
    latest = Recommendation.objects.filter(proposal=OuterRef("pk"), cost__isnull=False).order_by("-at", "-pk")
    return queryset.annotate(
        recommended_volume=Subquery(latest.values("volume")[:1]),
        recommended_cost=Subquery(latest.values("cost")[:1]),
    )
