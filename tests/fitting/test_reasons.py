"""Every proposal left out gets a reason the forum can check; the result itself cannot be altered."""

from __future__ import annotations

import dataclasses

import pytest

from rembug.fitting import FitResult, Reason, fit_budget, greedy_fit

KEL_A, KEL_B, KEC, OPD = "kel:35.73.01.1001", "kel:35.73.01.1002", "kec:35.73.01", "opd:dinas-pu"
CEILINGS = {KEL_A: 100, KEL_B: 500, KEC: 1000, OPD: 1000}


def proposal(iid: str, cost: int, value: float, kel: str = KEL_A) -> dict:
    return {"id": iid, "cost": cost, "value": value, "groups": [kel, KEC, OPD]}


ITEMS = [
    proposal("road", 80, 50.0),
    proposal("drain", 30, 10.0),  # kelurahan A has 20 left after "road": its ceiling binds
    proposal("bridge", 50, 40.0, KEL_B),
    proposal("bridge-lights", 10, 5.0, KEL_B),  # needs "bridge", which is forced out
    proposal("mural", 5, 0.0, KEL_B),  # fits, but is worth nothing
    proposal("stage", 10, 99.0, KEL_B),  # forced out by the planners
]


@pytest.fixture(scope="module")
def result() -> FitResult:
    return fit_budget(ITEMS, CEILINGS, precedence=[("bridge", "bridge-lights")], forced_out=["bridge", "stage"])


def test_the_selection_is_the_expected_one(result: FitResult) -> None:
    assert result.selected == {"road"}
    assert result.optimal
    assert result.status == "Optimal"
    assert result.gap <= 1e-3


def test_every_left_out_proposal_has_exactly_one_reason(result: FitResult) -> None:
    assert set(result.reasons) == {it["id"] for it in ITEMS} - result.selected


def test_a_binding_kelurahan_ceiling_is_named_for_the_item_it_keeps_out(result: FitResult) -> None:
    reason = result.reasons["drain"]
    assert reason.kind == "ceiling"
    assert reason.ceilings == (KEL_A,), "only the ceiling whose remaining capacity is below the cost binds"
    assert reason.as_dict() == {"kind": "ceiling", "ceilings": [KEL_A]}
    assert KEL_A in str(reason)


def test_an_item_whose_predecessor_is_not_funded_names_the_predecessor(result: FitResult) -> None:
    reason = result.reasons["bridge-lights"]
    assert reason.kind == "precedence"
    assert reason.requires == ("bridge",)
    assert reason.as_dict() == {"kind": "precedence", "requires": ["bridge"]}


def test_forced_out_items_say_so_even_when_they_would_fit(result: FitResult) -> None:
    assert result.reasons["bridge"] == Reason("forced_out")
    assert result.reasons["stage"].as_dict() == {"kind": "forced_out"}


def test_an_item_that_fits_but_adds_no_value_is_left_out_for_value(result: FitResult) -> None:
    assert result.reasons["mural"] == Reason("value")
    assert "no priority value" in result.reasons["mural"].message


def test_remaining_capacity_is_reported_exactly_per_ceiling(result: FitResult) -> None:
    assert result.remaining == {KEL_A: 20, KEL_B: 500, KEC: 920, OPD: 920}


def test_a_precedence_blocked_item_also_lists_the_ceilings_it_would_break() -> None:
    items = [proposal("a", 90, 1.0), proposal("b", 90, 5.0), proposal("c", 20, 2.0)]
    result = fit_budget(items, CEILINGS, precedence=[("a", "b")], forced_in=["c"])
    assert result.selected == {"c"}
    assert result.reasons["b"] == Reason("precedence", (KEL_A,), ("a",))
    assert result.reasons["a"] == Reason("ceiling", (KEL_A,))


def test_several_binding_ceilings_are_all_named_in_the_item_s_own_order() -> None:
    ceilings = {KEL_A: 100, KEC: 100, OPD: 1000, KEL_B: 0}
    result = fit_budget([proposal("a", 100, 1.0), proposal("b", 1, 0.5)], ceilings)
    assert result.selected == {"a"}
    assert result.reasons["b"].ceilings == (KEL_A, KEC)


def test_greedy_results_carry_reasons_too() -> None:
    items = [proposal("big", 100, 10.0), proposal("small", 50, 6.0), proposal("other", 50, 6.0)]
    result = greedy_fit(items, CEILINGS)
    assert result.selected == {"big"}
    assert result.reasons == {"small": Reason("ceiling", (KEL_A,)), "other": Reason("ceiling", (KEL_A,))}
    assert result.status == "Greedy"


def test_results_and_reasons_are_frozen(result: FitResult) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.objective = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.reasons["drain"].kind = "value"  # type: ignore[misc]
    assert isinstance(result.selected, frozenset)


def test_an_item_that_exactly_fits_the_remaining_capacity_is_not_blamed_on_the_ceiling() -> None:
    items = [proposal("road", 80, 50.0), proposal("sign", 20, 0.0)]
    result = fit_budget(items, CEILINGS)
    assert result.remaining[KEL_A] == 20
    assert result.reasons["sign"] == Reason("value")
