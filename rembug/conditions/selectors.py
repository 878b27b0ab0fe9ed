"""Reads of the conditions app. The gap analysis aggregates in the database (sums and counts grouped by kelurahan
and field: a fixed handful of queries whatever the number of answers and proposals) and hands the numbers to the
pure formula in gap.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.proposals.choices import CATEGORY_FIELD, Field
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.regions.geometry import simplify_geometry
from rembug.regions.models import VILLAGE_LEVELS, Level, Region

from . import gap
from .models import CityPriority, Indicator, SurveyResponse

FIELDS: tuple[str, ...] = tuple(Field.values)
#: Funded by the kelurahan, accommodated in the RKPD, being built or built.
FUNDED = (Status.FUNDED_KELURAHAN, Status.ACCOMMODATED, Status.IN_PROGRESS, Status.DONE)
#: Not counted as proposals of the area: withdrawn ones, and duplicates joined into another (counted there).
NOT_COUNTED = (Status.WITHDRAWN, Status.MERGED)
LEVELS = ("kelurahan", "kecamatan")
#: The levels that answer the condition survey (RT and RW).
SURVEY_LEVELS = (Level.RT, Level.RW)
SORT_KEYS = ("area", "field", "need", "priority", "proposed", "funded", "repeat", "gap")


def surveyed_region(cycle: PlanningCycle, code: str) -> Region | None:
    """An RT or RW of the year's city that answers the survey, by its code (None otherwise)."""
    return (
        Region.objects.select_related("parent")
        .filter(code=code, level__in=SURVEY_LEVELS, city_id=cycle.city_id)
        .first()
    )


def answered_counts(cycle: PlanningCycle, regions: list[Region]) -> dict[int, int]:
    """{region id: number of indicators answered} for the regions, in one query."""
    return dict(
        SurveyResponse.objects.filter(cycle=cycle, region__in=[u.pk for u in regions])
        .values("region")
        .annotate(n=Count("id"))
        .values_list("region", "n")
        .order_by()
    )


def cycle_of_year(city_ids, year: int) -> PlanningCycle | None:
    """The planning year `year` of the first of the person's cities (by code), with its city and stages."""
    return (
        PlanningCycle.objects.select_related("city")
        .prefetch_related("stages")
        .filter(city_id__in=city_ids, year=year)
        .order_by("city__code")
        .first()
    )


def indicators_of(cycle: PlanningCycle, *, active_only: bool = True) -> list[Indicator]:
    queryset = Indicator.objects.filter(cycle=cycle)
    return list(queryset.filter(active=True) if active_only else queryset)


def responses_of(cycle: PlanningCycle, region: Region) -> dict[int, SurveyResponse]:
    """The RT's or RW's answers of the year by indicator id."""
    return {
        r.indicator_id: r
        for r in SurveyResponse.objects.filter(cycle=cycle, region=region).select_related("indicator", "by")
    }


def priorities_of(cycle: PlanningCycle) -> list[CityPriority]:
    return list(CityPriority.objects.filter(cycle=cycle))


def priority_fields(priority: CityPriority) -> frozenset[str]:
    """The fields a priority covers: those named, and those of the categories named."""
    return frozenset(priority.fields) | {str(CATEGORY_FIELD[c]) for c in priority.categories if c in CATEGORY_FIELD}


def _area_of(kelurahan_code: str, level: str) -> str:
    return ".".join(kelurahan_code.split(".")[:3]) if level == "kecamatan" else kelurahan_code


def gap_facts(cycle: PlanningCycle, *, level: str = "kelurahan", within: Region | None = None) -> list[gap.FieldFacts]:
    """Sums and counts per kelurahan and field (two grouped queries), folded to kecamatan by code prefix if asked."""
    responses = SurveyResponse.objects.filter(cycle=cycle, indicator__active=True)
    proposals = Proposal.objects.filter(cycle=cycle).exclude(status__in=NOT_COUNTED)
    if within is not None and within.level in VILLAGE_LEVELS:
        responses = responses.filter(kelurahan__code=within.code)
        proposals = proposals.filter(kelurahan__code=within.code)
    elif within is not None:  # a kecamatan or the city: its kelurahan by code prefix
        responses = responses.filter(kelurahan__code__startswith=f"{within.code}.")
        proposals = proposals.filter(kelurahan__code__startswith=f"{within.code}.")
    facts: list[gap.FieldFacts] = []
    for row in (
        responses.values("kelurahan__code", "indicator__field").annotate(total=Sum("score"), n=Count("id")).order_by()
    ):
        facts.append(
            gap.FieldFacts(
                area=_area_of(row["kelurahan__code"], level),
                field=row["indicator__field"],
                score_sum=row["total"] or 0,
                responses=row["n"],
            )
        )
    funded = Q(status__in=FUNDED)
    for row in (
        proposals.values("kelurahan__code", "field")
        .annotate(
            cost=Sum("estimated_cost"),
            funded=Sum("estimated_cost", filter=funded),
            n=Count("id"),
            repeats=Count("id", filter=Q(times_proposed__gte=3) & ~funded),
        )
        .order_by()
    ):
        facts.append(
            gap.FieldFacts(
                area=_area_of(row["kelurahan__code"], level),
                field=row["field"],
                cost=row["cost"] or 0,
                funded_cost=row["funded"] or 0,
                proposals=row["n"],
                unfunded_repeats=row["repeats"],
            )
        )
    return facts


def areas_of(cycle: PlanningCycle, level: str, *, within: Region | None = None) -> list[Region]:
    levels = VILLAGE_LEVELS if level == "kelurahan" else (Level.KECAMATAN,)
    queryset = Region.objects.filter(city_id=cycle.city_id, level__in=levels)
    if within is not None:
        queryset = queryset & Region.objects.within(within)
    return list(queryset.only("code", "name", "level", "parent_id").order_by("code"))


@dataclass
class GapTable:
    cycle: PlanningCycle
    level: str
    areas: dict[str, Region]
    rows: list[gap.GapRow]
    priorities: list[CityPriority]
    labels: dict[str, str] = field(default_factory=dict)


def gap_table(
    cycle: PlanningCycle,
    *,
    level: str = "kelurahan",
    within: Region | None = None,
    sort: str = "gap",
    descending: bool = True,
    only_field: str = "",
) -> GapTable:
    """Every area × field row of the gap analysis; four queries whatever the data's size."""
    if level not in LEVELS:
        level = "kelurahan"
    areas = {r.code: r for r in areas_of(cycle, level, within=within)}
    priorities = priorities_of(cycle)
    weights = [gap.Priority(weight=p.weight, fields=priority_fields(p)) for p in priorities]
    rows = gap.gap_rows(gap_facts(cycle, level=level, within=within), weights, areas=list(areas), fields=FIELDS)
    if only_field in FIELDS:
        rows = [r for r in rows if r.field == only_field]
    labels = {code: r.name for code, r in areas.items()}
    if sort not in SORT_KEYS:
        sort = "gap"
    rows = gap.sort_rows(rows, sort, descending=descending, labels=labels)
    return GapTable(cycle=cycle, level=level, areas=areas, rows=rows, priorities=priorities, labels=labels)


@dataclass(frozen=True)
class Bar:
    """One field's bars for the panel's inline SVG: widths are in SVG units (0..`BAR_WIDTH`)."""

    field: str
    label: str
    row: gap.GapRow
    need_width: int
    priority_width: int


BAR_WIDTH = 200


def _width(value: float | None) -> int:
    return round(max(0.0, min(1.0, value or 0.0)) * BAR_WIDTH)


def gap_panel(region: Region, cycle: PlanningCycle) -> dict:
    """What `conditions/_gap_panel.html` needs for a forum of `region` (an RT/RW shows its kelurahan).

    The forum ranks with its neighbourhood's needs and the city's priorities side by side, per field.
    """
    area = region
    if region.level in (Level.RT, Level.RW):
        area = Region.objects.get(code=region.village_code)
    level = "kecamatan" if area.level == Level.KECAMATAN else "kelurahan"
    if area.level not in (*VILLAGE_LEVELS, Level.KECAMATAN):
        return {"gap_area": area, "gap_bars": [], "gap_has_answers": False, "gap_priorities": []}
    priorities = priorities_of(cycle)
    weights = [gap.Priority(weight=p.weight, fields=priority_fields(p)) for p in priorities]
    rows = gap.gap_rows(gap_facts(cycle, level=level, within=area), weights, areas=[area.code], fields=FIELDS)
    labels = dict(Field.choices)
    bars = [
        Bar(
            field=r.field,
            label=str(labels[r.field]),
            row=r,
            need_width=_width(r.need),
            priority_width=_width(r.priority),
        )
        for r in rows
    ]
    return {
        "gap_area": area,
        "gap_cycle": cycle,
        "gap_bars": bars,
        "gap_bar_width": BAR_WIDTH,
        "gap_has_answers": any(r.responses for r in rows),
        "gap_priorities": priorities,
        "gap_flagged": [b for b in bars if b.row.flags],
    }


def map_features(cycle: PlanningCycle, *, only_field: str = "") -> dict:
    """The city's kelurahan as a GeoJSON FeatureCollection, each with its need and gap (overall or of one field).

    Overall: need over every answer; gap = the largest gap of its fields (the most neglected need), named in
    `gap_field`. Five queries: regions with boundaries, priorities, the two aggregates.
    """
    regions = list(
        Region.objects.filter(city_id=cycle.city_id, level__in=VILLAGE_LEVELS)
        .only("code", "name", "level", "boundary")
        .order_by("code")
    )
    table = gap_table(cycle, level="kelurahan")
    by_area: dict[str, list[gap.GapRow]] = {}
    for row in table.rows:
        by_area.setdefault(row.area, []).append(row)
    labels = dict(Field.choices)
    features = []
    for region in regions:
        if not region.boundary:
            continue
        rows = sorted(by_area.get(region.code, []), key=lambda r: FIELDS.index(r.field))
        if only_field in FIELDS:
            chosen = next((r for r in rows if r.field == only_field), None)
            need, gap_value, gap_field = (chosen.need, chosen.gap, only_field) if chosen else (None, None, "")
        else:
            need = gap.overall_need(rows)
            with_gap = [r for r in rows if r.gap is not None]
            top = max(with_gap, key=lambda r: r.gap, default=None)
            gap_value, gap_field = (top.gap, top.field) if top else (None, "")
        features.append(
            {
                "type": "Feature",
                "geometry": simplify_geometry(region.boundary),
                "properties": {
                    "code": region.code,
                    "name": region.name,
                    "need": _round(need),
                    "gap": _round(gap_value),
                    "gap_field": gap_field,
                    "gap_field_label": str(labels[gap_field]) if gap_field else "",
                    "responses": sum(r.responses for r in rows),
                    "fields": {
                        r.field: {
                            "need": _round(r.need),
                            "priority": _round(r.priority),
                            "gap": _round(r.gap),
                            "proposed": _round(r.proposed),
                            "funded": _round(r.funded),
                            "repeat": _round(r.repeat),
                            "flags": list(r.flags),
                        }
                        for r in rows
                    },
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {
            "year": cycle.year,
            "city": cycle.city.name if cycle.city_id else "",
            "field": only_field,
            "title": _("Kesenjangan kondisi dan prioritas kota"),
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass(frozen=True)
class LegendClass:
    low: float
    high: float
    color: str
    label: str


def legend(measure: str) -> list[LegendClass]:
    """The map's colour classes; the HTML legend and choropleth.js both read them from the page (one source)."""
    if measure == "need":
        colors = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
        edges = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
        names = (_("sangat rendah"), _("rendah"), _("sedang"), _("tinggi"), _("sangat tinggi"))
    else:
        colors = ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b")
        edges = (-1.0, -0.5, -0.15, 0.15, 0.5, 1.0)
        names = (
            _("prioritas kota, kebutuhan rendah"),
            _("agak lebih diprioritaskan kota"),
            _("seimbang"),
            _("kebutuhan agak terabaikan"),
            _("kebutuhan warga tidak diprioritaskan"),
        )
    return [
        LegendClass(low=edges[i], high=edges[i + 1], color=colors[i], label=str(names[i])) for i in range(len(colors))
    ]


def survey_response_by_id(pk: int) -> SurveyResponse | None:
    """One survey answer with its RT/RW (whose rule decides who may see its photo)."""
    return SurveyResponse.objects.select_related("region").filter(pk=pk).first()
