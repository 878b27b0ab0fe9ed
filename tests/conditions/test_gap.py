"""The gap formula alone, on a case small enough to compute by hand (no Django, no database)."""

from __future__ import annotations

import ast
import pathlib

import pytest

from rembug.conditions import gap
from rembug.conditions.gap import FieldFacts, Priority

FIELDS = ("roads", "water")


def _rows():
    facts = [
        # Roads: scores 2, 3, 3 (two kelurahan of the area report separately and are added); four proposals
        # costing 300 of which 100 funded, two of them proposed for the third year or more and still unfunded.
        FieldFacts(area="A", field="roads", score_sum=5, responses=2),
        FieldFacts(area="A", field="roads", score_sum=3, responses=1),
        FieldFacts(area="A", field="roads", cost=300, funded_cost=100, proposals=4, unfunded_repeats=2),
        # Water: scores 4 and 5; one proposal costing 100, unfunded, first time.
        FieldFacts(area="A", field="water", score_sum=9, responses=2, cost=100, proposals=1),
    ]
    priorities = [
        Priority(weight=2, fields=frozenset({"water"})),
        Priority(weight=1, fields=frozenset({"roads", "water"})),
    ]
    return gap.gap_rows(facts, priorities, areas=["A", "B"], fields=FIELDS)


def test_the_gap_index_of_a_hand_computed_case():
    roads, water, empty_roads, empty_water = _rows()
    # need = (5 − 8/3) / 4 = 7/12; priority: W(roads) = 1, W(water) = 3 → 1/3 and 1.
    assert roads.mean_score == pytest.approx(8 / 3)
    assert roads.need == pytest.approx(7 / 12)
    assert roads.priority == pytest.approx(1 / 3)
    assert roads.gap == pytest.approx(7 / 12 - 1 / 3)  # 0.25: a local need the city does not prioritise
    assert roads.proposed == pytest.approx(0.75)
    assert roads.funded == pytest.approx(1 / 3)
    assert roads.repeat == pytest.approx(0.5)
    assert roads.flags == ("unfunded_repeats",)
    # need = (5 − 4.5) / 4 = 0.125; gap = 0.125 − 1 = −0.875: a city priority where need is low.
    assert water.need == pytest.approx(0.125)
    assert water.priority == 1
    assert water.gap == pytest.approx(-0.875)
    assert (water.proposed, water.funded, water.repeat, water.flags) == (0.25, 0.0, 0.0, ())
    # An area with neither answers nor proposals: nothing to say, but the city's priority still shows.
    assert (empty_roads.need, empty_roads.gap, empty_roads.funded, empty_roads.repeat) == (None, None, None, None)
    assert empty_roads.proposed == 0 and empty_water.priority == 1


def test_overall_need_weights_fields_by_their_answers():
    roads, water, *_ = _rows()
    # (2 + 3 + 3 + 4 + 5) / 5 = 3.4 → (5 − 3.4) / 4 = 0.4
    assert gap.overall_need([roads, water]) == pytest.approx(0.4)


def test_without_weighted_priorities_every_field_has_priority_zero():
    assert gap.priority_by_field([Priority(0, frozenset({"roads"}))], FIELDS) == {"roads": 0.0, "water": 0.0}
    with pytest.raises(ValueError):
        gap.priority_by_field([Priority(-1, frozenset({"roads"}))], FIELDS)


def test_the_flag_needs_more_than_thirty_percent_unfunded_repeats():
    facts = [FieldFacts(area="A", field="roads", cost=10, proposals=10, unfunded_repeats=3)]
    (row, _water) = gap.gap_rows(facts, [], areas=["A"], fields=FIELDS)
    assert row.repeat == pytest.approx(0.3) and row.flags == ()


def test_sorting_puts_rows_without_a_value_last_in_both_directions():
    rows = _rows()
    assert [r.gap for r in gap.sort_rows(rows, "gap", descending=True)][:2] == [
        pytest.approx(0.25),
        pytest.approx(-0.875),
    ]
    assert gap.sort_rows(rows, "gap")[-1].gap is None
    assert gap.sort_rows(rows, "gap", descending=True)[-1].gap is None


def test_the_formula_module_imports_no_django():
    source = pathlib.Path(gap.__file__).read_text()
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    imported |= {
        alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not any(name and name.startswith("django") for name in imported)
