"""Named permissions of proposals, composed from the proposer a proposal belongs to and the person's assignments."""

from __future__ import annotations

import rules

from rembug.accounts.roles import CITY_PLANNERS, KECAMATAN_STAFF, KELURAHAN_STAFF, Role
from rembug.accounts.rules import is_city_planner
from rembug.accounts.scopes import assignments_of
from rembug.regions.models import CommunityGroup, Level, Region


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


# Proposer chairs write their own proposals; kelurahan staff enter paper rembug results for any RT/RW.
rules.add_perm("proposals.add_proposal", chairs_proposer | is_kelurahan_staff_of)
rules.add_perm("proposals.change_proposal", chairs_proposer | is_kelurahan_staff_of)
rules.add_perm(
    "proposals.view_proposal", chairs_proposer | chairs_rw_above | is_region_staff_of | verifies_routed_agency
)
rules.add_perm("proposals.carry_over_proposal", chairs_proposer | is_kelurahan_staff_of)
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
