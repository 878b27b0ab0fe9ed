"""Reads of delivery: an agency's activities, a city's activities for Bappeda, one activity, and the public
timeline of a proposal's progress (dates, percent, notes and photos — no account names, as on every public page).
"""

from __future__ import annotations

from django.db.models import QuerySet

from rembug.accounts.roles import CITY_PLANNERS, Role
from rembug.accounts.scopes import assignments_of
from rembug.proposals.models import Proposal

from .models import Activity, ActivityStatus, ProgressReport


def implementing_agencies(user) -> set[int]:
    """The agencies the user reports for (verifier assignments; an agency belongs to one city)."""
    return {a.agency_id for a in assignments_of(user) if a.role == Role.VERIFIKATOR_OPD and a.agency_id}


def planned_cities(user) -> set[int]:
    """The cities whose activities the user plans (Bappeda, city administrator)."""
    return {a.city_id for a in assignments_of(user) if a.role in CITY_PLANNERS}


def with_list_details(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """What a list row shows, joined in the same query: a page costs the same whatever its length."""
    return queryset.select_related("proposal", "proposal__kelurahan", "proposal__kelurahan__parent", "agency", "city")


def _filtered(queryset: QuerySet[Activity], status: str) -> QuerySet[Activity]:
    if status in ActivityStatus.values:
        queryset = queryset.filter(status=status)
    return with_list_details(queryset).order_by("status", "ends_on", "pk")


def activities_of_agency(user, *, status: str = "") -> QuerySet[Activity]:
    """The activities the user's agencies implement (all budget years), optionally of one status; the caller pages."""
    agencies = implementing_agencies(user)
    if not agencies:
        return Activity.objects.none()
    return _filtered(Activity.objects.filter(agency_id__in=agencies), status)


def activities_of_city(user, *, city_id: int | None, status: str = "") -> QuerySet[Activity]:
    """Every activity of a city, for its Bappeda; nothing for anybody else."""
    if city_id is None or city_id not in planned_cities(user):
        return Activity.objects.none()
    return _filtered(Activity.objects.filter(city_id=city_id), status)


def activities_for(user, *, city_id: int | None = None, status: str = "") -> QuerySet[Activity]:
    """The list a person works with: their agency's activities, else (Bappeda) those of `city_id`, the city they
    plan for and work in now (`accounts.scopes.current_city_id` among `planned_cities`, chosen by the view)."""
    if implementing_agencies(user):
        return activities_of_agency(user, status=status)
    return activities_of_city(user, city_id=city_id, status=status)


def activity_detail(user, pk: int) -> Activity | None:
    """One activity with its reports, if the user implements or plans it; None: not theirs to see."""
    activity = (
        with_list_details(Activity.objects.filter(pk=pk))
        .select_related("proposal__cycle", "proposal__item")
        .prefetch_related("reports", "reports__actor")
        .first()
    )
    if activity is None or not user.has_perm("delivery.follow_activity", activity):
        return None
    return activity


def activity_of_proposal(proposal: Proposal) -> Activity | None:
    return Activity.objects.select_related("agency").filter(proposal_id=proposal.pk).first()


def activity_summary(proposal: Proposal) -> dict | None:
    """What residents read about the plan of a proposal: budget, agency, schedule, progress (None: not planned)."""
    activity = activity_of_proposal(proposal)
    if activity is None:
        return None
    return {
        "budget_year": activity.budget_year,
        "budget_amount": activity.budget_amount,
        "funding_source": activity.get_funding_source_display(),
        "agency": activity.agency.name,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "percent_done": activity.percent_done,
        "status": activity.status,
        "status_label": activity.get_status_display(),
    }


def activity_timeline(proposal: Proposal) -> list[dict]:
    """The progress reports of a proposal's activity, oldest first, for public display (one query)."""
    reports = (
        ProgressReport.objects.filter(activity__proposal_id=proposal.pk)
        .only("id", "reported_on", "percent", "note", "photo")
        .order_by("reported_on", "pk")
    )
    return [
        {
            "reported_on": r.reported_on,
            "percent": r.percent,
            "note": r.note,
            "photo_url": r.photo_url,
            "photo_thumb_url": r.photo_thumb_url,
        }
        for r in reports
    ]
