"""Named permissions of delivery: Bappeda plans the city's activities, the implementing agency reports progress."""

from __future__ import annotations

import rules

from rembug.accounts.roles import Role
from rembug.accounts.rules import is_city_planner, is_city_planner_of
from rembug.accounts.scopes import assignments_of
from rembug.proposals.public import HIDDEN


@rules.predicate
def implements_activity(user, activity) -> bool:
    """A verifier of the activity's implementing agency, in the activity's city (an agency belongs to one city)."""
    agency_id, city_id = getattr(activity, "agency_id", None), getattr(activity, "city_id", None)
    return agency_id is not None and any(
        a.role == Role.VERIFIKATOR_OPD and a.agency_id == agency_id and a.city_id == city_id
        for a in assignments_of(user)
    )


# `obj` is the proposal to plan or its activity: both carry `city_id`.
rules.add_perm("delivery.plan_activity", is_city_planner_of)
rules.add_perm("delivery.report_progress", implements_activity)
# Who opens an activity's page and its API answer (residents follow the public proposal page instead).
rules.add_perm("delivery.follow_activity", implements_activity | is_city_planner_of)


@rules.predicate
def proposal_is_public(user, activity) -> bool:
    """The activity's proposal is on the public pages (every planned one is: it was accommodated)."""
    proposal = getattr(activity, "proposal", None)
    return proposal is not None and proposal.status not in HIDDEN


# Progress photos are shown on the proposal's public page: residents follow the work they proposed (0024).
rules.add_perm("delivery.view_progress_photo", proposal_is_public | implements_activity | is_city_planner_of)
# The Django admin (read-only there): the city's planners.
for model in ("activity", "progressreport"):
    rules.add_perm(f"delivery.view_{model}", rules.is_superuser | is_city_planner)
