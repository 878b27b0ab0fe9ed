"""Who the current user is in the process: their active role assignments, loaded once per request.

Every permission predicate reads from here, so checking a page full of objects costs one query, not one per object.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from rembug.errors import CityNotChosen, DomainError
from rembug.regions.models import Region

from .models import RoleAssignment
from .roles import ROLE_SPECS, Role

_CACHE_ATTR = "_rembug_assignments"
#: Session key of the city a person with roles in several cities chose in the header's city switch.
CITY_SESSION_KEY = "rembug_city"


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


def city_choices(user) -> list[Region]:
    """The cities where the user holds a role, by Kemendagri code: what the header's city switch offers."""
    found = {a.city_id: a.city for a in assignments_of(user)}
    return sorted(found.values(), key=lambda city: city.code)


def current_city_id(request, *, among: Iterable[int] | None = None, explicit: str | None = None) -> int | None:
    """The city a page or API call works in for this person (docs/decisions/0021): the only city of their roles,
    else the one chosen in the header's city switch (kept in the session). None when they have no city at all.

    `among` narrows the cities the page serves (e.g. only where the person plans); by default every city of their
    roles. `explicit` is a city code the API caller named (`?city=35.79`): it must be one of them. With several
    cities and no valid choice, raises `CityNotChosen` (pages then ask to choose). This replaces six copies of
    "the lowest city id", under which a person with roles in Kota Malang and Kota Batu never reached Batu.
    """
    cities = set(cities_of(request.user) if among is None else among)
    if explicit:
        found = Region.objects.filter(code=explicit, pk__in=cities).values_list("pk", flat=True).first()
        if found is None:
            raise DomainError(_("Anda tidak memiliki peran di kota/kabupaten itu."), field="city")
        return found
    if len(cities) <= 1:
        return next(iter(cities), None)
    session = getattr(request, "session", None)
    chosen = session.get(CITY_SESSION_KEY) if session is not None else None
    if chosen in cities:
        return chosen
    raise CityNotChosen(
        _("Anda memiliki peran di beberapa kota/kabupaten: pilih dulu kota yang dikerjakan (parameter API: city)."),
        field="city",
    )


def current_city(request, *, among: Iterable[int] | None = None, explicit: str | None = None) -> Region | None:
    """`current_city_id` as a Region (no query: the user's assignments carry their cities)."""
    city_id = current_city_id(request, among=among, explicit=explicit)
    if city_id is None:
        return None
    for assignment in assignments_of(request.user):
        if assignment.city_id == city_id:
            return assignment.city
    return Region.objects.get(pk=city_id)


def city_choose(request, city_id: int) -> None:
    """Remember the city chosen in the switch; refused unless the user holds a role there."""
    if city_id not in cities_of(request.user):
        raise DomainError(_("Anda tidak memiliki peran di kota/kabupaten itu."), field="city")
    request.session[CITY_SESSION_KEY] = city_id


def staff_cities_of(user) -> set[int]:
    """Ids of the cities whose back office (the Django admin) the user runs: where they hold a city-staff role.

    Narrower than `cities_of`: a Bappeda of one city who chairs an RT in another must not run the other's admin.
    """
    return {a.city_id for a in assignments_of(user) if ROLE_SPECS[Role(a.role)].city_staff}


def agencies_of(user) -> set[int]:
    return {a.agency_id for a in assignments_of(user) if a.agency_id}
