"""What an API request names, looked up once for every endpoint: a proposer or forum holder, and the planning year.

A name that matches nothing is a 400 on the field that named it, with the same words in every endpoint.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from rembug.cycles.models import PlanningCycle
from rembug.cycles.selectors import cycle_of_city
from rembug.regions.models import CommunityGroup, Region
from rembug.regions.selectors import group_by_id, pokmas_by_id, region_by_code


def region_named(code: str, *, field: str) -> Region:
    region = region_by_code(code)
    if region is None:
        raise serializers.ValidationError({field: _("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code}})
    return region


def region_or_pokmas_named(code: str | None, group_id: int | None, *, field: str) -> Region | CommunityGroup:
    """A proposer or a forum's holder: a region by its code (the request's `field`: `proposer` or `holder`) or a
    Pokmas by its id (field `group`)."""
    if bool(code) == (group_id is not None):
        raise serializers.ValidationError({field: _("Isi salah satu: kode wilayah RT/RW atau id Pokmas.")})
    if code:
        return region_named(code, field=field)
    group = pokmas_by_id(group_id)
    if group is None:
        raise serializers.ValidationError({"group": _("Pokmas tidak ditemukan.")})
    return group


def proposer_named(code: str | None, group_id: int | None, *, field: str = "proposer") -> Region | CommunityGroup:
    """A proposal's proposer: a region by its code (an RT, an RW or the kelurahan itself) or a group of any kind —
    Pokmas or lembaga — by its id (field `group`)."""
    if bool(code) == (group_id is not None):
        raise serializers.ValidationError({field: _("Isi salah satu: kode wilayah pengusul atau id kelompok/lembaga.")})
    if code:
        return region_named(code, field=field)
    group = group_by_id(group_id)
    if group is None:
        raise serializers.ValidationError({"group": _("Kelompok/lembaga tidak ditemukan.")})
    return group


def cycle_named(
    city_id: int | None, *, year: int | None = None, pk: int | None = None, field: str = "cycle"
) -> PlanningCycle:
    """The city's planning year named by its year or its id (exactly one of them)."""
    if (year is None) == (pk is None):
        raise serializers.ValidationError({field: _("Isi tahun perencanaan (cycle) atau id siklus (cycle_id).")})
    cycle = cycle_of_city(city_id, year=year, pk=pk)
    if cycle is None:
        raise serializers.ValidationError({field: _("Siklus perencanaan tidak ditemukan di kota ini.")})
    return cycle
