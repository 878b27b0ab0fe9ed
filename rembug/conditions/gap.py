"""The gap between the city's priorities and conditions in the neighbourhood, as numbers (pure: no Django).

The seed article asks every Rembug to read its neighbourhood's conditions and close "the gap between the city's
priorities and conditions in the neighbourhood". For each area (a kelurahan or a kecamatan) and each field of the
seed (public facilities, private needs, social-cultural, economic) this module computes, from counts and sums that
the selectors aggregate in the database:

    need     = (5 − mean score) / 4                      0 = all indicators "good" (5), 1 = all "very bad" (1)
               mean score = Σ scores / number of responses, over the field's indicators and the area's RT/RW;
               None when nobody answered.
    priority = W(field) / max over fields of W           W(field) = Σ weights of the city priorities that map to
               the field (a priority mapping to two fields counts fully in both); 1 = the city's most prioritised
               field; 0 for every field when no priority has a weight.
    proposed = cost(field) / cost(all fields)            share of the area's proposal cost in the field
    funded   = funded cost(field) / cost(field)          share (by cost) funded by the kelurahan, accommodated in
               the RKPD, in progress or done; None when nothing was proposed in the field.
    repeat   = unfunded repeats(field) / proposals(field) proposals proposed for the 3rd year or more
               (times_proposed ≥ 3) that are not funded; None when nothing was proposed.
    gap      = need − priority                           −1..1; positive: a local need the city does not
               prioritise; negative: a city priority where the need is low. None when need is None.
    flags    = ("unfunded_repeats",) when repeat > 0.3   residents keep asking and keep being refused.

Worked example (tests/conditions/test_gap.py): scores 2, 3, 3 in a field give mean 8/3 and need (5 − 8/3)/4 = 7/12;
with weights 3 and 1 on two fields priority is 1 and 1/3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

REPEAT_FLAG_THRESHOLD = 0.3
UNFUNDED_REPEATS = "unfunded_repeats"


@dataclass(frozen=True)
class FieldFacts:
    """What the database knows about one area in one field (sums and counts, never rows)."""

    area: str
    field: str
    score_sum: float = 0
    responses: int = 0
    cost: int = 0
    funded_cost: int = 0
    proposals: int = 0
    unfunded_repeats: int = 0

    def __add__(self, other: FieldFacts) -> FieldFacts:
        """Facts of two parts of an area (e.g. two kelurahan of one kecamatan) in the same field."""
        return FieldFacts(
            area=self.area,
            field=self.field,
            score_sum=self.score_sum + other.score_sum,
            responses=self.responses + other.responses,
            cost=self.cost + other.cost,
            funded_cost=self.funded_cost + other.funded_cost,
            proposals=self.proposals + other.proposals,
            unfunded_repeats=self.unfunded_repeats + other.unfunded_repeats,
        )


@dataclass(frozen=True)
class Priority:
    """A city priority reduced to what the formula needs: its weight and the fields it maps to."""

    weight: float
    fields: frozenset[str]


@dataclass(frozen=True)
class GapRow:
    area: str
    field: str
    mean_score: float | None
    need: float | None
    priority: float
    proposed: float
    funded: float | None
    repeat: float | None
    gap: float | None
    responses: int
    proposals: int
    cost: int
    flags: tuple[str, ...] = field(default=())


def priority_by_field(priorities: Iterable[Priority], fields: Sequence[str]) -> dict[str, float]:
    """Σ weights per field, divided by the largest sum (0..1); all zero when no priority weighs anything."""
    totals = {f: 0.0 for f in fields}
    for priority in priorities:
        if priority.weight < 0:
            raise ValueError("priority weights must be ≥ 0")
        for f in priority.fields:
            if f in totals:
                totals[f] += priority.weight
    top = max(totals.values(), default=0.0)
    return {f: (w / top if top > 0 else 0.0) for f, w in totals.items()}


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def gap_rows(
    facts: Iterable[FieldFacts], priorities: Iterable[Priority], *, areas: Sequence[str], fields: Sequence[str]
) -> list[GapRow]:
    """One row per area and field (areas × fields, in that order); facts of the same area and field are added."""
    merged: dict[tuple[str, str], FieldFacts] = {}
    for fact in facts:
        key = (fact.area, fact.field)
        merged[key] = merged[key] + fact if key in merged else fact
    weight = priority_by_field(priorities, fields)
    rows: list[GapRow] = []
    for area in areas:
        area_cost = sum(merged[(area, f)].cost for f in fields if (area, f) in merged)
        for f in fields:
            fact = merged.get((area, f), FieldFacts(area=area, field=f))
            mean = _share(fact.score_sum, fact.responses)
            need = None if mean is None else (5 - mean) / 4
            repeat = _share(fact.unfunded_repeats, fact.proposals)
            rows.append(
                GapRow(
                    area=area,
                    field=f,
                    mean_score=mean,
                    need=need,
                    priority=weight[f],
                    proposed=_share(fact.cost, area_cost) or 0.0,
                    funded=_share(fact.funded_cost, fact.cost),
                    repeat=repeat,
                    gap=None if need is None else need - weight[f],
                    responses=fact.responses,
                    proposals=fact.proposals,
                    cost=fact.cost,
                    flags=(UNFUNDED_REPEATS,) if repeat is not None and repeat > REPEAT_FLAG_THRESHOLD else (),
                )
            )
    return rows


def overall_need(rows: Iterable[GapRow]) -> float | None:
    """An area's need over all fields, weighting each field by its responses (the mean of every answer)."""
    total = count = 0.0
    for row in rows:
        if row.mean_score is not None:
            total += row.mean_score * row.responses
            count += row.responses
    return None if count == 0 else (5 - total / count) / 4


def sort_rows(
    rows: Sequence[GapRow], key: str, *, descending: bool = False, labels: Mapping[str, str] | None = None
) -> list[GapRow]:
    """Rows ordered by a column; rows without a value (None) always come last, whatever the direction."""

    def value(row: GapRow):
        if key == "area":
            return (labels or {}).get(row.area, row.area)
        return getattr(row, key)

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing
