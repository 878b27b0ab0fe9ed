"""Named permissions of proposals, composed from the proposer a proposal belongs to and the person's assignments."""

from __future__ import annotations

import rules

from rembug.accounts.roles import CITY_PLANNERS, KECAMATAN_STAFF, KELURAHAN_STAFF, Role
from rembug.accounts.rules import is_city_planner
from rembug.accounts.scopes import assignments_of
from rembug.regions.kinds import kind_of_proposer, kinds_of_city
from rembug.regions.models import CommunityGroup, Level, ProposerKind, Region

_KINDS_ATTR = "_rembug_proposer_kinds"


def _region_and_group(obj) -> tuple[Region | None, CommunityGroup | None]:
    """(region, group) of a proposer: a Region (RT/RW), a CommunityGroup, a Proposal (its proposer) or a Meeting
    (its holder)."""
    if isinstance(obj, Region):
        return obj, None
    if isinstance(obj, CommunityGroup):
        return obj.region, obj
    if obj is not None and hasattr(obj, "proposer_region"):
        return obj.proposer_region, obj.proposer_group
    if obj is not None and hasattr(obj, "holder_region"):
        return obj.holder_region, obj.holder_group
    return None, None


@rules.predicate
def chairs_proposer(user, obj) -> bool:
    """The Ketua RT of the RT, the Ketua RW of the RW, or the chair of the Pokmas that proposes."""
    region, group = _region_and_group(obj)
    if region is None:
        return False
    for a in assignments_of(user):
        if group is not None:
            if a.role == Role.KETUA_POKMAS and a.group_id == group.pk:
                return True
        elif (a.role == Role.KETUA_RT and region.level == Level.RT and a.region_id == region.pk) or (
            a.role == Role.KETUA_RW and region.level == Level.RW and a.region_id == region.pk
        ):
            return True
    return False


def city_kinds(user, city_id: int) -> list[ProposerKind]:
    """The city's kinds of proposer, read once per request (cached on the user object like the assignments)."""
    cache = getattr(user, _KINDS_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _KINDS_ATTR, cache)
    if city_id not in cache:
        cache[city_id] = kinds_of_city(city_id)
    return cache[city_id]


def forget_kinds(user) -> None:
    if hasattr(user, _KINDS_ATTR):
        delattr(user, _KINDS_ATTR)


def proposer_kind_of(user, obj) -> ProposerKind | None:
    """The kind of the proposer `obj` names: a proposal's own (`proposer_kind`), else the one its region or group
    is (regions.kinds.kind_of_proposer)."""
    region, group = _region_and_group(obj)
    if region is None or region.city_id is None:
        return None
    kinds = city_kinds(user, region.city_id)
    kind_id = getattr(obj, "proposer_kind_id", None)
    if kind_id is not None:
        return next((k for k in kinds if k.pk == kind_id), None)
    return kind_of_proposer(kinds, region=region, group=group, theme=getattr(obj, "theme", "") or "")


@rules.predicate
def writes_for_proposer(user, obj) -> bool:
    """The person holds a role the proposer's kind lists in `writer_roles` (the city's data, issue 11 point 1),
    over the proposer: a group-bound role (Ketua Pokmas) for its own group, any other inside its own region."""
    region, group = _region_and_group(obj)
    kind = proposer_kind_of(user, obj) if region is not None else None
    if kind is None or not kind.is_active:
        return False
    for a in assignments_of(user):
        if a.role not in kind.writer_roles:
            continue
        if a.group_id is not None:
            if group is not None and a.group_id == group.pk:
                return True
        elif a.region.contains(region):
            return True
    return False


@rules.predicate
def proposer_is_active(user, obj) -> bool:
    """A retired RW, RT, Pokmas or lembaga proposes nothing new (its past proposals stay)."""
    region, group = _region_and_group(obj)
    return region is not None and region.is_active and (group is None or group.is_active)


def _covers(user, obj, roles) -> bool:
    region, _ = _region_and_group(obj)
    return region is not None and any(a.role in roles and a.region.contains(region) for a in assignments_of(user))


@rules.predicate
def is_kelurahan_staff_of(user, obj) -> bool:
    return _covers(user, obj, KELURAHAN_STAFF)


@rules.predicate
def is_region_staff_of(user, obj) -> bool:
    """Kelurahan, kecamatan and city staff above the proposer (read access, monitoring)."""
    return _covers(user, obj, (*KELURAHAN_STAFF, Role.LPMK, *KECAMATAN_STAFF, *CITY_PLANNERS))


@rules.predicate
def chairs_rw_above(user, obj) -> bool:
    """A Ketua RW follows the proposals of the RTs in the RW."""
    region, _ = _region_and_group(obj)
    return region is not None and any(
        a.role == Role.KETUA_RW and a.region.contains(region) for a in assignments_of(user)
    )


@rules.predicate
def verifies_routed_agency(user, obj) -> bool:
    """A verifier of the agency (OPD) the proposal's dictionary item routes it to."""
    if not hasattr(obj, "item_id"):
        return False
    agency_id = obj.agency_id
    return any(
        a.role == Role.VERIFIKATOR_OPD and a.agency_id == agency_id and a.city_id == obj.city_id
        for a in assignments_of(user)
    )


@rules.predicate
def is_kecamatan_staff_of(user, obj) -> bool:
    return _covers(user, obj, KECAMATAN_STAFF)


@rules.predicate
def plans_city_of(user, obj) -> bool:
    city_id = getattr(obj, "city_id", None)
    return city_id is not None and any(a.role in CITY_PLANNERS and a.city_id == city_id for a in assignments_of(user))


# Who writes for each kind of proposer is the city's data (ProposerKind.writer_roles): by default the chairs write
# their own, kelurahan staff enter paper results and write for the kelurahan and its lembaga, the LPMK for lembaga.
rules.add_perm("proposals.add_proposal", writes_for_proposer & proposer_is_active)
rules.add_perm("proposals.change_proposal", writes_for_proposer | is_kelurahan_staff_of)
rules.add_perm(
    "proposals.view_proposal", chairs_proposer | chairs_rw_above | is_region_staff_of | verifies_routed_agency
)
rules.add_perm("proposals.carry_over_proposal", writes_for_proposer | is_kelurahan_staff_of)
for action in ("view", "add", "change"):
    rules.add_perm(f"proposals.{action}_dictionaryitem", rules.is_superuser | is_city_planner)

# The upward flow (lifecycle.TRANSITIONS names these): each level decides on what reached it.
# obj: the Musrenbang Kelurahan / Kecamatan meeting whose finalizing (or merging) moves the proposals.
rules.add_perm("proposals.decide_kelurahan", is_kelurahan_staff_of)
rules.add_perm("proposals.decide_kecamatan", is_kecamatan_staff_of)
# obj: the proposal to verify.
rules.add_perm("proposals.verify_proposal", verifies_routed_agency)
# obj: the cycle whose budget fit is published.
rules.add_perm("proposals.fit_proposal", plans_city_of)
