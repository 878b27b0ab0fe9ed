"""fit_budget against exhaustive search, and against the greedy rule other platforms use."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from rembug.fitting import MIP_REL_GAP, fit_budget, greedy_fit


@dataclass
class Instance:
    items: list[dict[str, Any]]
    ceilings: dict[str, int]
    precedence: list[tuple[str, str]] = field(default_factory=list)
    forced_in: list[str] = field(default_factory=list)
    forced_out: list[str] = field(default_factory=list)

    def kwargs(self) -> dict[str, Any]:
        return {"precedence": self.precedence, "forced_in": self.forced_in, "forced_out": self.forced_out}


def random_instance(rng: random.Random, max_items: int = 12, *, feasible: bool = True) -> Instance:
    """Up to ``max_items`` proposals, 1-3 ceilings, random order pairs (cycles possible) and forced sets.

    About one draw in five forces in more than the ceilings allow (or something forced out); draws are repeated
    until the instance is as ``feasible`` asks, so every example checks the property its test is about."""
    while True:
        inst = _draw_instance(rng, max_items)
        if has_a_feasible_selection(inst) == feasible:
            return inst


def _draw_instance(rng: random.Random, max_items: int) -> Instance:
    n = max(0, max_items - int(rng.expovariate(4 / max_items)))  # mostly near max_items, sometimes tiny
    keys = [f"kel:35.73.01.{1001 + k}" for k in range(rng.randint(1, 3))]
    items = []
    for i in range(n):
        cost = 0 if rng.random() < 0.1 else rng.randint(1, 100) * 1_000_000
        value = 0.0 if rng.random() < 0.1 else round(rng.uniform(0.1, 50.0), 3)
        groups = rng.sample(keys, rng.randint(0, len(keys)))
        items.append({"id": f"p{i}", "cost": cost, "value": value, "groups": groups})
    ceilings = {k: rng.randint(0, 400) * 1_000_000 for k in keys}
    ids = [it["id"] for it in items]
    precedence = [tuple(rng.sample(ids, 2)) for _ in range(rng.randint(0, n))] if n >= 2 else []
    pool = rng.sample(ids, min(n, rng.randint(0, 4)))
    cut = rng.randint(0, len(pool))
    forced_in, forced_out = pool[:cut], pool[cut:]
    if rng.random() < 0.5:
        forced_in, forced_out = forced_in[:1], forced_out[:1]
    return Instance(items, ceilings, precedence, forced_in, forced_out)  # type: ignore[arg-type]


def brute_force(inst: Instance) -> tuple[float, list[frozenset[str]]]:
    """Best total value over all subsets that satisfy every rule, and every subset reaching it (-inf if none)."""
    ids = [it["id"] for it in inst.items]
    n = len(ids)
    pos = {iid: i for i, iid in enumerate(ids)}
    keys = list(inst.ceilings)
    subsets = (np.arange(2**n)[:, None] >> np.arange(n)) & 1  # one row per subset
    cost = np.zeros((n, len(keys)))
    for i, it in enumerate(inst.items):
        for g in set(it["groups"]):
            cost[i, keys.index(g)] = it["cost"]
    ok = np.all(subsets @ cost <= np.array([inst.ceilings[k] for k in keys]), axis=1)
    for a, b in inst.precedence:
        ok &= subsets[:, pos[b]] <= subsets[:, pos[a]]
    for iid in inst.forced_in:
        ok &= subsets[:, pos[iid]] == 1
    for iid in inst.forced_out:
        ok &= subsets[:, pos[iid]] == 0
    if not ok.any():
        return float("-inf"), []
    values = subsets @ np.array([it["value"] for it in inst.items], dtype=float)
    best = values[ok].max()
    rows = np.flatnonzero(ok & (values >= best - 1e-9))
    return float(best), [frozenset(ids[i] for i in range(n) if subsets[r, i]) for r in rows]


def is_feasible(inst: Instance, selected: frozenset[str]) -> bool:
    """Check a selection against every rule, independently of the module under test."""
    spent = dict.fromkeys(inst.ceilings, 0)
    for it in inst.items:
        if it["id"] in selected:
            for g in set(it["groups"]):
                spent[g] += it["cost"]
    return (
        all(spent[k] <= inst.ceilings[k] for k in inst.ceilings)
        and all(b not in selected or a in selected for a, b in inst.precedence)
        and all(i in selected for i in inst.forced_in)
        and not any(i in selected for i in inst.forced_out)
    )


def has_a_feasible_selection(inst: Instance) -> bool:
    """Costs are never negative, so the cheapest selection obeying every rule is the forced-in items with what
    they need before them; the instance is feasible exactly when that one is."""
    needed = set(inst.forced_in)
    while extra := {a for a, b in inst.precedence if b in needed} - needed:
        needed |= extra
    return is_feasible(inst, frozenset(needed))


SEEDS = range(200)


@pytest.mark.parametrize("seed", SEEDS)
def test_fit_budget_reaches_the_brute_force_optimum_on_small_instances(seed: int) -> None:
    inst = random_instance(random.Random(seed))
    best, _ = brute_force(inst)
    result = fit_budget(inst.items, inst.ceilings, **inst.kwargs())
    assert is_feasible(inst, result.selected)
    assert result.optimal
    assert result.objective <= best + 1e-9
    assert result.objective >= best * (1 - MIP_REL_GAP) - 1e-9
    assert result.objective * (1 + result.gap) >= best - 1e-6, "the reported gap must cover the true optimum"


@pytest.mark.parametrize("seed", SEEDS)
def test_greedy_fit_selection_obeys_every_rule(seed: int) -> None:
    inst = random_instance(random.Random(seed))
    result = greedy_fit(inst.items, inst.ceilings, **inst.kwargs())
    assert is_feasible(inst, result.selected)
    assert not result.optimal


@pytest.mark.parametrize("seed", range(100))
def test_both_methods_refuse_an_instance_whose_forced_items_cannot_all_be_funded(seed: int) -> None:
    inst = random_instance(random.Random(seed), feasible=False)
    assert brute_force(inst) == (float("-inf"), []), "the instance really has no feasible selection"
    for solver in (fit_budget, greedy_fit):
        with pytest.raises(ValueError, match="forced"):
            solver(inst.items, inst.ceilings, **inst.kwargs())


def naive_greedy(inst: Instance) -> frozenset[str]:
    """The documented greedy rule, spelled out slowly: fund forced items and what they need, then repeatedly
    look at the most valuable (then cheapest, then earliest) proposal whose predecessors are all funded, and
    fund it if it fits."""
    preds: dict[str, set[str]] = {it["id"]: set() for it in inst.items}
    for a, b in inst.precedence:
        if a != b:
            preds[b].add(a)
    selected = set(inst.forced_in)
    while extra := {a for b in selected for a in preds[b]} - selected:
        selected |= extra
    blocked = set(inst.forced_out)
    while extra := {b for b in preds if preds[b] & blocked} - blocked:
        blocked |= extra
    spent = dict.fromkeys(inst.ceilings, 0)
    for it in inst.items:
        if it["id"] in selected:
            for g in set(it["groups"]):
                spent[g] += it["cost"]
    seen = set(selected) | blocked
    while True:
        ready = [(i, it) for i, it in enumerate(inst.items) if it["id"] not in seen and preds[it["id"]] <= selected]
        if not ready:
            return frozenset(selected)
        _, it = max(ready, key=lambda pair: (pair[1]["value"], -pair[1]["cost"], -pair[0]))
        seen.add(it["id"])
        if all(spent[g] + it["cost"] <= inst.ceilings[g] for g in set(it["groups"])):
            selected.add(it["id"])
            for g in set(it["groups"]):
                spent[g] += it["cost"]


@pytest.mark.parametrize("seed", range(100))
def test_greedy_fit_funds_the_most_valuable_ready_proposal_that_fits_at_each_step(seed: int) -> None:
    inst = random_instance(random.Random(5000 + seed), max_items=30)
    assert greedy_fit(inst.items, inst.ceilings, **inst.kwargs()).selected == naive_greedy(inst)


@pytest.mark.parametrize("seed", range(40))
def test_optimum_is_never_below_greedy(seed: int) -> None:
    rng = random.Random(1000 + seed)
    inst = random_instance(rng, max_items=60)
    optimum = fit_budget(inst.items, inst.ceilings, **inst.kwargs())
    greedy = greedy_fit(inst.items, inst.ceilings, **inst.kwargs())
    assert is_feasible(inst, optimum.selected)
    assert optimum.objective >= greedy.objective - 1e-9


def test_optimum_beats_greedy_when_one_big_item_crowds_out_two_good_ones() -> None:
    items = [
        {"id": "big", "cost": 100, "value": 10.0, "groups": ["kel"]},
        {"id": "a", "cost": 50, "value": 6.0, "groups": ["kel"]},
        {"id": "b", "cost": 50, "value": 6.0, "groups": ["kel"]},
    ]
    assert greedy_fit(items, {"kel": 100}).selected == {"big"}
    result = fit_budget(items, {"kel": 100})
    assert result.selected == {"a", "b"}
    assert result.objective == pytest.approx(12.0)


def test_precedence_means_the_later_proposal_is_funded_only_with_the_earlier_one() -> None:
    items = [
        {"id": "first", "cost": 60, "value": 1.0, "groups": ["kel"]},
        {"id": "second", "cost": 40, "value": 50.0, "groups": ["kel"]},
        {"id": "other", "cost": 50, "value": 30.0, "groups": ["kel"]},
    ]
    free = fit_budget(items, {"kel": 100})
    assert free.selected == {"second", "other"}
    ordered = fit_budget(items, {"kel": 100}, precedence=[("first", "second")])
    assert ordered.selected == {"first", "second"}


def test_a_precedence_cycle_means_all_or_none() -> None:
    items = [{"id": x, "cost": 10, "value": 5.0, "groups": ["kel"]} for x in "abc"]
    cycle = [("a", "b"), ("b", "c"), ("c", "a")]
    assert fit_budget(items, {"kel": 30}, precedence=cycle).selected == {"a", "b", "c"}
    assert fit_budget(items, {"kel": 29}, precedence=cycle).selected == set()


def test_forced_in_items_are_funded_with_what_they_depend_on() -> None:
    items = [
        {"id": "base", "cost": 10, "value": 0.0, "groups": ["kel"]},
        {"id": "wanted", "cost": 10, "value": 0.0, "groups": ["kel"]},
        {"id": "rich", "cost": 20, "value": 100.0, "groups": ["kel"]},
    ]
    for solver in (fit_budget, greedy_fit):
        result = solver(items, {"kel": 25}, precedence=[("base", "wanted")], forced_in=["wanted"])
        assert result.selected == {"base", "wanted"}


def test_forced_out_items_and_their_dependants_are_not_funded() -> None:
    items = [{"id": x, "cost": 1, "value": 10.0, "groups": ["kel"]} for x in "abc"]
    for solver in (fit_budget, greedy_fit):
        result = solver(items, {"kel": 100}, precedence=[("a", "b")], forced_out=["a"])
        assert result.selected == {"c"}


def test_zero_cost_items_with_value_are_funded_even_under_a_zero_ceiling() -> None:
    items = [
        {"id": "free", "cost": 0, "value": 3.0, "groups": ["kel"]},
        {"id": "paid", "cost": 1, "value": 9.0, "groups": ["kel"]},
    ]
    result = fit_budget(items, {"kel": 0})
    assert result.selected == {"free"}
    assert result.remaining == {"kel": 0}


def test_an_empty_list_of_proposals_gives_an_empty_optimal_selection() -> None:
    for solver in (fit_budget, greedy_fit):
        result = solver([], {"kel": 100})
        assert result.selected == set()
        assert result.objective == 0.0
        assert result.reasons == {}
        assert result.remaining == {"kel": 100}
    assert fit_budget([], {}).optimal


def test_items_may_count_against_no_ceiling_and_are_then_always_funded() -> None:
    items = [{"id": "x", "cost": 10**12, "value": 1.0, "groups": []}]
    assert fit_budget(items, {}).selected == {"x"}


def test_greedy_breaks_value_ties_in_favour_of_the_cheaper_then_the_earlier_proposal() -> None:
    items = [
        {"id": "dear", "cost": 80, "value": 5.0, "groups": ["kel"]},
        {"id": "cheap", "cost": 30, "value": 5.0, "groups": ["kel"]},
        {"id": "next", "cost": 70, "value": 4.0, "groups": ["kel"]},
    ]
    assert greedy_fit(items, {"kel": 100}).selected == {"cheap", "next"}
    twins = [{"id": x, "cost": 60, "value": 1.0, "groups": ["kel"]} for x in ("first", "second")]
    assert greedy_fit(twins, {"kel": 100}).selected == {"first"}
