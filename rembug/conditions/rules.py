"""Named permissions of the condition survey and the city priorities.

An RT/RW chair answers the survey for their own RT/RW only; kelurahan staff may answer for (or import) any RT/RW of
their kelurahan. Bappeda (or the city administrator) of the city sets indicators and city priorities. Anyone with
a role in the city may read the gap analysis: the forums use it while ranking.
"""

from __future__ import annotations

import rules

from rembug.accounts.roles import KELURAHAN_STAFF, Role
from rembug.accounts.rules import is_city_planner, is_city_planner_of
from rembug.accounts.scopes import assignments_of
from rembug.regions.models import Level, Region

_CHAIR_OF = {Role.KETUA_RT: Level.RT, Role.KETUA_RW: Level.RW}


@rules.predicate
def chairs_surveyed_region(user, region) -> bool:
    """The Ketua RT of this RT or the Ketua RW of this RW (not an RW chair for the RTs below)."""
    if not isinstance(region, Region):
        return False
    return any(_CHAIR_OF.get(a.role) == region.level and a.region_id == region.pk for a in assignments_of(user))


@rules.predicate
def is_kelurahan_staff_over(user, region) -> bool:
    if not isinstance(region, Region):
        return False
    return any(a.role in KELURAHAN_STAFF and a.region.contains(region) for a in assignments_of(user))


@rules.predicate
def works_in_city(user, obj) -> bool:
    city_id = getattr(obj, "city_id", None)
    return city_id is not None and any(a.city_id == city_id for a in assignments_of(user))


# obj: the RT/RW region.
rules.add_perm("conditions.enter_survey", rules.is_superuser | chairs_surveyed_region | is_kelurahan_staff_over)
# obj: the kelurahan.
rules.add_perm("conditions.import_survey", rules.is_superuser | is_kelurahan_staff_over)
# obj: the PlanningCycle.
rules.add_perm("conditions.manage_priorities", rules.is_superuser | is_city_planner_of)
rules.add_perm("conditions.manage_indicators", rules.is_superuser | is_city_planner_of)
rules.add_perm("conditions.view_gap", rules.is_superuser | works_in_city)

# The Django admin for the city's planners (rows are limited to their city by CityScopedAdmin): the year's
# indicators and priorities; survey answers are only looked at there (they are entered by the RT/RW).
for _action in ("view", "add", "change"):
    rules.add_perm(f"conditions.{_action}_indicator", rules.is_superuser | is_city_planner)
    rules.add_perm(f"conditions.{_action}_citypriority", rules.is_superuser | is_city_planner)
rules.add_perm("conditions.view_surveyresponse", rules.is_superuser | is_city_planner)
