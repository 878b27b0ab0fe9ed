"""Named permissions of ranking: Bappeda keeps the city's criteria; whoever holds a forum scores and votes in it."""

import rules

from rembug.accounts.rules import is_city_planner_of
from rembug.accounts.scopes import cities_of
from rembug.forums.services import may_hold


@rules.predicate
def may_hold_meeting(user, meeting) -> bool:
    """Exactly who may hold the meeting in forums (a Rembug's chair, the kelurahan's or kecamatan's staff for their
    Musrenbang), so ranking is available in every forum and the two rules cannot drift apart."""
    return meeting is not None and may_hold(user, meeting)


@rules.predicate
def works_in_city_of(user, obj) -> bool:
    """Holds any role in the city of `obj` (a PlanningCycle): every forum of the city ranks with its criteria."""
    city_id = getattr(obj, "city_id", None)
    return city_id is not None and city_id in cities_of(user)


# obj: the PlanningCycle (or CriteriaSet) whose city the criteria belong to.
rules.add_perm("scoring.manage_criteria", rules.is_superuser | is_city_planner_of)
# Another city's criteria are not theirs to read (decision 0017).
rules.add_perm("scoring.view_criteria", rules.is_superuser | works_in_city_of)
# obj: the Meeting.
rules.add_perm("scoring.score_meeting", may_hold_meeting)
