"""Named permissions of the accounts app, composed from small predicates (django-rules)."""

from __future__ import annotations

import rules

from rembug.regions.models import Level, Region

from .roles import CITY_PLANNERS, KECAMATAN_STAFF, KELURAHAN_STAFF, Role
from .scopes import acts_in, assignments_of, has_role

# Which roles each assigner may hand out, within their own region: the city's planners appoint anyone in the city,
# the kecamatan staff appoint kelurahan staff, the kelurahan staff appoint the RT/RW/Pokmas chairs and the LPMK.
ASSIGNABLE_BY: dict[str, tuple[str, ...]] = {
    **{r: tuple(Role) for r in CITY_PLANNERS},
    **{r: (*KELURAHAN_STAFF, Role.LPMK, Role.KETUA_RW, Role.KETUA_RT, Role.KETUA_POKMAS) for r in KECAMATAN_STAFF},
    **{r: (Role.LPMK, Role.KETUA_RW, Role.KETUA_RT, Role.KETUA_POKMAS) for r in KELURAHAN_STAFF},
}


@rules.predicate
def can_assign_role(user, assignment) -> bool:
    """`assignment` is an unsaved RoleAssignment: its role must be one the user may give, inside the user's region."""
    if assignment is None:
        return any(a.role in ASSIGNABLE_BY for a in assignments_of(user))
    return any(
        assignment.role in ASSIGNABLE_BY.get(a.role, ()) and a.region.contains(assignment.region)
        for a in assignments_of(user)
    )


@rules.predicate
def is_city_planner(user) -> bool:
    return any(a.role in CITY_PLANNERS for a in assignments_of(user))


@rules.predicate
def is_city_planner_of(user, obj) -> bool:
    """Bappeda/city administrator of the city that `obj` (anything with `city_id`) belongs to."""
    city_id = getattr(obj, "city_id", None)
    return city_id is not None and any(a.role in CITY_PLANNERS and a.city_id == city_id for a in assignments_of(user))


def region_staff(*roles: str):
    """Predicate factory: the user holds one of `roles` over the object's region (obj is a Region or has .region)."""

    @rules.predicate(name=f"acts_in_region_as_{'_or_'.join(roles)}")
    def predicate(user, obj) -> bool:
        if obj is None:  # "may this person do it somewhere?" (lists, the admin's add button)
            return has_role(user, roles)
        region = obj if isinstance(obj, Region) else getattr(obj, "region", None)
        return acts_in(user, region, roles)

    return predicate


rules.add_perm("accounts.assign_role", rules.is_superuser | can_assign_role)
rules.add_perm("accounts.view_people", rules.is_superuser | is_city_planner)

for action in ("view", "add", "change"):
    rules.add_perm(f"accounts.{action}_roleassignment", rules.is_superuser | is_city_planner)
    rules.add_perm(f"accounts.{action}_user", rules.is_superuser | is_city_planner)

# The reference data below accounts (moved from regions/rules.py and agencies/rules.py, issue 10 point 2: their
# rules need the roles, and an app imports only the apps below it).
# Region names and codes are public facts (Kepmendagri); Pokmas are registered by their kelurahan or the city.
rules.add_perm("regions.view_region", rules.always_allow)


@rules.predicate
def keeps_regions_of(user, obj) -> bool:
    """Kelurahan staff keep the RW and RT of their own kelurahan (issue 11 point 6): `obj` is the kelurahan or RW a
    new region goes under, or the RW/RT changed. Never the kelurahan itself, which is Kemendagri's."""
    if obj is None:
        return has_role(user, KELURAHAN_STAFF)
    region = obj if isinstance(obj, Region) else getattr(obj, "region", None)
    return region is not None and region.level != Level.KECAMATAN and acts_in(user, region, KELURAHAN_STAFF)


@rules.predicate
def is_rw_or_rt(user, obj) -> bool:
    return obj is None or getattr(obj, "level", None) in (Level.RW, Level.RT)


rules.add_perm("regions.add_region", rules.is_superuser | keeps_regions_of)
rules.add_perm("regions.change_region", is_rw_or_rt & (rules.is_superuser | keeps_regions_of))
rules.add_perm("regions.add_communitygroup", rules.is_superuser | region_staff(*KELURAHAN_STAFF, *CITY_PLANNERS))
rules.add_perm("regions.change_communitygroup", rules.is_superuser | region_staff(*KELURAHAN_STAFF, *CITY_PLANNERS))
rules.add_perm("regions.view_communitygroup", rules.is_superuser | is_city_planner)

# The city's planners keep its list of agencies (Django admin, own city only).
for action in ("view", "add", "change"):
    rules.add_perm(f"agencies.{action}_agency", rules.is_superuser | is_city_planner)

# The city's word lists (units, urusan, jenis usulan, …; issue 11 point 3): its planners edit them (pages, API and
# the admin, own city only); everyone signed in reads them through the forms that offer them.
rules.add_perm("vocabularies.manage_terms", rules.is_superuser | is_city_planner_of)
for action in ("view", "add", "change"):
    rules.add_perm(f"vocabularies.{action}_term", rules.is_superuser | is_city_planner)
