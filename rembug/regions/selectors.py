"""Reads of the region tree."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import CommunityGroup, GroupKind, Level, Region


def region_children(parent_code: str | None) -> QuerySet[Region] | None:
    """Direct children of the region with `parent_code` (provinces when None); None when that code is unknown."""
    if parent_code is None:
        return Region.objects.filter(level=Level.PROVINSI).only("code", "name", "level")
    parent_id = Region.objects.filter(code=parent_code).values_list("id", flat=True).first()
    if parent_id is None:
        return None
    # Retired RW/RT leave every choice (issue 11 point 6); they stay in the records that name them.
    children = Region.objects.filter(parent_id=parent_id, is_active=True)
    return children.only("code", "name", "level").order_by("code")


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).select_related("parent", "city").first()


def pokmas_by_id(group_id: int) -> CommunityGroup | None:
    """A Pokmas (community group that proposes like an RT) by its id, with its region; None for other groups."""
    return CommunityGroup.objects.select_related("region").filter(pk=group_id, kind=GroupKind.POKMAS).first()


def group_by_id(group_id: int) -> CommunityGroup | None:
    """A Pokmas or lembaga (any group kind of its city) by its id, with its region."""
    return CommunityGroup.objects.select_related("region", "region__parent").filter(pk=group_id).first()


def kelurahan_tree(kelurahan: Region) -> list[tuple[Region, list[Region]]]:
    """A kelurahan's RW, each with its RT, retired ones included (marked), in one query: what its staff keep."""
    rows = list(
        Region.objects.within(kelurahan, include_self=False).filter(level__in=(Level.RW, Level.RT)).order_by("code")
    )
    rts: dict[int, list[Region]] = {}
    for row in rows:
        if row.level == Level.RT:
            rts.setdefault(row.parent_id, []).append(row)
    return [(rw, rts.get(rw.pk, [])) for rw in rows if rw.level == Level.RW]


def kelurahan_groups(kelurahan: Region) -> list[CommunityGroup]:
    """The kelurahan's Pokmas and lembaga (also those attached to its RW), retired ones included."""
    return list(
        CommunityGroup.objects.filter(Q(region=kelurahan) | Q(region__parent=kelurahan))
        .select_related("region")
        .order_by("kind", "name")
    )
