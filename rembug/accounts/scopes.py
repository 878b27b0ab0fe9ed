"""Who the current user is in the process: their active role assignments, loaded once per request.

Every permission predicate reads from here, so checking a page full of objects costs one query, not one per object.
"""

from __future__ import annotations

from collections.abc import Iterable

from rembug.regions.models import Region

from .models import RoleAssignment
from .roles import ROLE_SPECS, Role

_CACHE_ATTR = "_rembug_assignments"


def assignments_of(user) -> list[RoleAssignment]:
    """The user's active assignments (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, is_active=True).select_related(
                "region", "city", "agency", "group", "group__region"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_assignments(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(a.role in wanted for a in assignments_of(user))


def assignments_covering(user, region: Region | None, roles: Iterable[str]) -> list[RoleAssignment]:
    """Assignments with one of `roles` whose region contains `region` (the user may act there)."""
    if region is None:
        return []
    wanted = set(roles)
    return [a for a in assignments_of(user) if a.role in wanted and a.region.contains(region)]


def acts_in(user, region: Region | None, roles: Iterable[str]) -> bool:
    return bool(assignments_covering(user, region, roles))


def cities_of(user) -> set[int]:
    """Ids of the kota/kabupaten where the user holds any role: the limit of what staff may see that is not public."""
    return {a.city_id for a in assignments_of(user)}


def staff_cities_of(user) -> set[int]:
    """Ids of the cities whose back office (the Django admin) the user runs: where they hold a city-staff role.

    Narrower than `cities_of`: a Bappeda of one city who chairs an RT in another must not run the other's admin.
    """
    return {a.city_id for a in assignments_of(user) if ROLE_SPECS[Role(a.role)].city_staff}


def agencies_of(user) -> set[int]:
    return {a.agency_id for a in assignments_of(user) if a.agency_id}
