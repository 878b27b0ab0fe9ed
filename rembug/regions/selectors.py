"""Reads of the region tree."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import CommunityGroup, GroupKind, Level, Region


def region_children(parent_code: str | None) -> QuerySet[Region] | None:
    """Direct children of the region with `parent_code` (provinces when None); None when that code is unknown."""
    if parent_code is None:
        return Region.objects.filter(level=Level.PROVINSI).only("code", "name", "level")
    parent_id = Region.objects.filter(code=parent_code).values_list("id", flat=True).first()
    if parent_id is None:
        return None
    return Region.objects.filter(parent_id=parent_id).only("code", "name", "level").order_by("code")


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).select_related("parent", "city").first()


def pokmas_by_id(group_id: int) -> CommunityGroup | None:
    """A Pokmas (community group that proposes like an RT) by its id, with its region; None for other groups."""
    return CommunityGroup.objects.select_related("region").filter(pk=group_id, kind=GroupKind.POKMAS).first()
