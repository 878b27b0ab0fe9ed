"""Bad input is refused with a ValueError that names what is wrong, by both fit_budget and greedy_fit."""

from __future__ import annotations

import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from rembug.fitting import fit_budget, greedy_fit

SOLVERS = [fit_budget, greedy_fit]
KEL = "kel:35.73.01.1001"
KEC = "kec:35.73.01"


def item(iid: str, cost: object = 10, value: object = 1.0, groups: object = (KEL,)) -> dict:
    return {"id": iid, "cost": cost, "value": value, "groups": groups}


def refuse(solver, items, ceilings=None, match: str = "", **kwargs) -> None:
    with pytest.raises(ValueError, match=match):
        solver(items, {KEL: 100, KEC: 100} if ceilings is None else ceilings, **kwargs)


@pytest.mark.parametrize("solver", SOLVERS)
def test_forced_in_items_that_break_a_ceiling_are_refused_naming_it(solver) -> None:
    items = [item("a", 60, groups=[KEL, KEC]), item("b", 60, groups=[KEC])]
    with pytest.raises(ValueError, match=r"kec:35\.73\.01") as caught:
        solver(items, {KEL: 1000, KEC: 100}, forced_in=["a", "b"])
    assert KEL not in str(caught.value), "only the broken ceiling is named"


@pytest.mark.parametrize("solver", SOLVERS)
def test_forced_in_items_count_what_they_depend_on_against_the_ceiling(solver) -> None:
    items = [item("a", 60), item("b", 60)]
    refuse(solver, items, {KEL: 100}, match=KEL, precedence=[("a", "b")], forced_in=["b"])


@pytest.mark.parametrize("solver", SOLVERS)
def test_duplicate_ids_are_refused(solver) -> None:
    refuse(solver, [item("a"), item("b"), item("a")], match="duplicate item id 'a'")


@pytest.mark.parametrize("solver", SOLVERS)
def test_negative_cost_is_refused(solver) -> None:
    refuse(solver, [item("a", cost=-1)], match="cost of item 'a' is negative")


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("cost", [1.5, "10", None, True, math.nan])
def test_cost_must_be_a_whole_number_of_rupiah(solver, cost) -> None:
    refuse(solver, [item("a", cost=cost)], match="cost of item 'a'")


@pytest.mark.parametrize("solver", SOLVERS)
def test_whole_valued_decimal_and_float_costs_are_accepted(solver) -> None:
    result = solver([item("a", cost=Decimal("40")), item("b", cost=50.0)], {KEL: 100, KEC: 0})
    assert result.selected == {"a", "b"}
    assert result.remaining[KEL] == 10


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("value", [-0.5, math.nan, math.inf, "3", None, True])
def test_value_must_be_a_finite_number_at_least_zero(solver, value) -> None:
    refuse(solver, [item("a", value=value)], match="value of item 'a'")


@pytest.mark.parametrize("solver", SOLVERS)
def test_an_item_naming_an_unknown_ceiling_is_refused(solver) -> None:
    refuse(solver, [item("a", groups=[KEL, "kel:typo"])], match="item 'a' counts against unknown ceiling 'kel:typo'")


@pytest.mark.parametrize("solver", SOLVERS)
def test_groups_given_as_a_single_string_are_refused(solver) -> None:
    refuse(solver, [item("a", groups=KEL)], match="not the string")


@pytest.mark.parametrize("solver", SOLVERS)
def test_negative_or_fractional_ceilings_are_refused(solver) -> None:
    refuse(solver, [item("a")], {KEL: -1}, match=f"ceiling '{KEL}' is negative")
    refuse(solver, [item("a")], {KEL: 0.5}, match=f"ceiling '{KEL}'")


@pytest.mark.parametrize("solver", SOLVERS)
def test_an_item_without_the_required_keys_is_refused(solver) -> None:
    refuse(solver, [{"id": "a", "cost": 1, "groups": []}], match="lacks the key 'value'")


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("pair", [("a", "ghost"), ("ghost", "a")])
def test_precedence_naming_unknown_ids_is_refused(solver, pair) -> None:
    refuse(solver, [item("a")], match="precedence names unknown item id 'ghost'", precedence=[pair])


@pytest.mark.parametrize("solver", SOLVERS)
def test_forced_sets_naming_unknown_ids_are_refused(solver) -> None:
    refuse(solver, [item("a")], match="forced_in names unknown item id 'x'", forced_in=["x"])
    refuse(solver, [item("a")], match="forced_out names unknown item id 'y'", forced_out=["y"])


@pytest.mark.parametrize("solver", SOLVERS)
def test_an_id_both_forced_in_and_forced_out_is_refused(solver) -> None:
    refuse(solver, [item("a"), item("b")], match=r"both forced in and forced out: \['b'\]", forced_in=["b"],
           forced_out=["b"])  # fmt: skip


@pytest.mark.parametrize("solver", SOLVERS)
def test_forcing_in_an_item_that_needs_a_forced_out_one_is_refused_naming_both(solver) -> None:
    items = [item("a"), item("b"), item("c")]
    with pytest.raises(ValueError, match="'c' is forced in but needs forced-out item 'a'") as caught:
        solver(items, {KEL: 100, KEC: 100}, precedence=[("a", "b"), ("b", "c")], forced_in=["c"], forced_out=["a"])
    assert "'a' -> 'b' -> 'c'" in str(caught.value)


@pytest.mark.parametrize("solver", SOLVERS)
def test_precedence_cycles_are_accepted(solver) -> None:
    result = solver([item("a"), item("b")], {KEL: 100, KEC: 100}, precedence=[("a", "b"), ("b", "a")])
    assert result.selected in ({"a", "b"}, set())


@pytest.mark.parametrize("limit", [0, -1.0, math.nan])
def test_time_limit_must_be_positive(limit) -> None:
    refuse(fit_budget, [item("a")], match="time_limit must be positive", time_limit=limit)


def test_the_module_does_not_import_django() -> None:
    code = "import sys, rembug.fitting; sys.exit('django' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0
