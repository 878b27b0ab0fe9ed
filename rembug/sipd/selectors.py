"""Reads for SIPD: whose list a person may export or import, and the proposals of a list as SIPD's rows.

A kelurahan's staff get their kelurahan, a kecamatan's staff their kecamatan, Bappeda the whole city (issue 11,
point 5). Rows come in a fixed number of queries, whatever their count: regions, agencies, dictionary terms and
every level's recommendations are joined or prefetched, and proposals are streamed in chunks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from string import Formatter
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from rembug.accounts.roles import CITY_PLANNERS, KECAMATAN_STAFF, KELURAHAN_STAFF
from rembug.accounts.scopes import assignments_of
from rembug.formats import quantity
from rembug.proposals.models import Proposal
from rembug.regions.models import Level, Region
from rembug.rupiah import rupiah
from rembug.verification.models import LEVEL_ORDER, Recommendation

from .columns import EXPORTED_STATUSES, RECOMMENDATION_COLUMNS, SIPD_STATUS, address_cell

#: Who may export a SIPD list (their own region's), and who may import one.
EXPORTERS = (*CITY_PLANNERS, *KECAMATAN_STAFF, *KELURAHAN_STAFF)
IMPORTERS = (*CITY_PLANNERS, *KELURAHAN_STAFF)
CHUNK = 500


def sipd_regions(user, city: Region, roles: Iterable[str] = EXPORTERS) -> list[Region]:
    """The regions of `city` whose SIPD list `user` may export (or, with IMPORTERS, import): the city for Bappeda,
    else the kecamatan and kelurahan of their roles there. Empty: they may not."""
    if getattr(user, "is_superuser", False):
        return [city]
    wanted = set(roles)
    regions = [a.region for a in assignments_of(user) if a.role in wanted and a.city_id == city.pk]
    if any(region.level in (Level.KOTA, Level.KABUPATEN) for region in regions):
        return [city]
    return sorted({r.code: r for r in regions}.values(), key=lambda r: r.code)


def may_use_sipd(user, roles: Iterable[str] = EXPORTERS) -> bool:
    """True when the user holds a role that exports (or imports) SIPD lists somewhere."""
    wanted = set(roles)
    return bool(getattr(user, "is_superuser", False)) or any(a.role in wanted for a in assignments_of(user))


def sipd_proposals(*, city: Region, year: int, regions: Iterable[Region] | None = None) -> QuerySet[Proposal]:
    """Every proposal of the city's planning year that reached SIPD (drafts and withdrawn ones never did), inside
    `regions` when given, each with what its row shows; in SIPD's order (kecamatan, kelurahan, number)."""
    queryset = Proposal.objects.filter(city=city, cycle__year=year, status__in=EXPORTED_STATUSES)
    if regions is not None:
        inside = Q(pk__in=[])
        for region in regions:
            inside |= Q(kelurahan__code=region.code) | Q(kelurahan__code__startswith=f"{region.code}.")
        queryset = queryset.filter(inside)
    return (
        queryset.select_related(
            "city",
            "kelurahan",
            "kelurahan__parent",
            "proposer_kind",
            "proposer_region",
            "proposer_region__parent",
            "proposer_group",
            "item",
            "item__agency",
            "item__spending_type",
            "item__sub_activity",
            "routed_agency",
            "final_agency",
        )
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("to_agency").order_by("at", "pk"),
            )
        )
        .order_by("kelurahan__code", "number")
    )


# --- one proposal as one row -----------------------------------------------------------------------------------


def proposer_name(proposal: Proposal) -> str:
    """Pengusul as SIPD shows it: "RT 001 RW 03", "RW 03", a group's name, or "Kelurahan Dinoyo"."""
    if proposal.proposer_group_id:
        return proposal.proposer_group.name
    region = proposal.proposer_region
    if region.level == Level.RT:
        return f"RT {region.name} RW {region.parent.name}"
    return region.label


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def profile_text(proposal: Proposal) -> str:
    """Profil: the proposer kind's pattern ("Lurah {wilayah}", "Ketua {nama}") filled in for this proposal."""
    kind = proposal.proposer_kind
    if kind is None or not kind.profile:
        return ""
    return fill_profile(kind.profile, kelurahan=proposal.kelurahan.name, proposer=proposer_name(proposal))


def fill_profile(pattern: str, *, kelurahan: str, proposer: str) -> str:
    """A profile pattern with {wilayah} (the kelurahan's name) and {nama} (the proposer) filled in; other names
    are left empty and a malformed pattern is shown as written."""
    try:
        list(Formatter().parse(pattern))
        return pattern.format_map(_Blank(wilayah=kelurahan, nama=proposer))
    except (ValueError, IndexError):
        return pattern


def recommendation_text(recommendation: Recommendation, unit: str) -> str:
    """One level's word as one line: decision; volume; amount; where to; reason; note. One imported from SIPD is
    written as SIPD wrote it."""
    if recommendation.sipd_text:
        return recommendation.sipd_text
    parts = [str(recommendation.get_decision_display())]
    if recommendation.volume is not None:
        parts.append(quantity(recommendation.volume, unit))
    if recommendation.cost is not None:
        parts.append(rupiah(recommendation.cost))
    if recommendation.to_agency_id:
        parts.append(recommendation.to_agency.name)
    parts += [recommendation.reason_label, recommendation.note.strip()]
    return "; ".join(p for p in parts if p)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _proposed_on(proposal: Proposal) -> datetime.date:
    return proposal.proposed_on or timezone.localdate(proposal.created_at)


def _agency(agency) -> str:
    return agency.name if agency is not None else ""


def sipd_row(number: int, proposal: Proposal) -> list[Any]:
    """The 26 cells of one proposal, in SIPD's order (columns.COLUMNS)."""
    item = proposal.item
    by_level: dict[str, list[str]] = {}
    for recommendation in sorted(proposal.recommendations.all(), key=lambda r: (LEVEL_ORDER[r.level], r.at, r.pk)):
        by_level.setdefault(recommendation.level, []).append(recommendation_text(recommendation, proposal.unit))
    recommendations = ["\n".join(by_level.get(level, [])) for level in RECOMMENDATION_COLUMNS.values()]
    kecamatan = proposal.kelurahan.parent
    return [
        number,
        proposal.sipd_id or proposal.number,
        _proposed_on(proposal).isoformat(),
        proposer_name(proposal),
        profile_text(proposal),
        item.name,
        proposal.problem,
        address_cell(proposal.address, proposal.latitude, proposal.longitude),
        proposal.city.name,
        kecamatan.name if kecamatan is not None else "",
        proposal.kelurahan.name,
        proposal.times_proposed,
        _agency(proposal.routed_agency or item.agency),
        _agency(proposal.responsible_agency),
        SIPD_STATUS[proposal.status],
        proposal.note,
        *recommendations,
        _number(proposal.volume),
        proposal.unit,
        proposal.estimated_cost,
        item.spending_type.name if item.spending_type_id else "",
        str(item.sub_activity) if item.sub_activity_id else "",
    ]


def sipd_rows(proposals: QuerySet[Proposal]) -> Iterator[list[Any]]:
    """The rows of a list, numbered from 1, streamed in chunks (a city's year has ~20,000 proposals)."""
    for number, proposal in enumerate(proposals.iterator(chunk_size=CHUNK), start=1):
        yield sipd_row(number, proposal)
