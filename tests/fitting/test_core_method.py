"""The large-instance method: chain detection, the Lagrangian bound it relies on, and honest gaps."""

from __future__ import annotations

import itertools
import math
import random
import time

import numpy as np
import pytest

from rembug.fitting.core import _cut_buckets, _Evaluator, find_chains, improve_prices, lagrangian, solve_core
from rembug.fitting.greedy import greedy_selection
from rembug.fitting.mip import fit_problem
from rembug.fitting.problem import build_problem

from .test_optimality import Instance, brute_force, is_feasible, random_instance


def _problem(n: int, pairs: list[tuple[int, int]], forced_in=(), forced_out=()):
    items = [{"id": i, "cost": 1, "value": 1.0, "groups": []} for i in range(n)]
    return build_problem(items, {}, pairs, forced_in, forced_out)


def _chains_as_lists(problem) -> list[list[int]]:
    chains = find_chains(problem)
    bounds = [*chains.start.tolist(), len(chains.order)]
    return sorted(chains.order[a:b].tolist() for a, b in itertools.pairwise(bounds))


def test_simple_chains_are_found_in_their_agreed_order() -> None:
    problem = _problem(6, [(2, 0), (0, 4), (1, 3)])
    assert _chains_as_lists(problem) == [[1, 3], [2, 0, 4], [5]]
    assert not find_chains(problem).general.any()


def test_branches_cycles_and_forced_items_are_left_to_the_general_model() -> None:
    branching = _problem(4, [(0, 1), (0, 2)])
    assert find_chains(branching).general.tolist() == [True, True, True, False]
    cycle = _problem(3, [(0, 1), (1, 2), (2, 0)])
    assert find_chains(cycle).general.all()
    forced = _problem(4, [(0, 1), (2, 3)], forced_in=[1])
    assert find_chains(forced).general.tolist() == [True, True, False, False]


@pytest.mark.parametrize("seed", range(200))
def test_the_core_method_reports_an_honest_gap_on_small_instances(seed: int) -> None:
    inst = random_instance(random.Random(seed))
    best, _ = brute_force(inst)
    problem = build_problem(inst.items, inst.ceilings, inst.precedence, inst.forced_in, inst.forced_out)
    result = fit_problem(problem, 5.0, direct_limit=0, core_size=2, max_core=2, sample_size=3)
    assert is_feasible(inst, result.selected)
    assert math.isinf(result.gap) or result.objective * (1 + result.gap) >= best - 1e-6
    assert result.objective >= problem.value[greedy_selection(problem)].sum() - 1e-9
    if result.optimal:
        assert result.objective >= best * (1 - 1e-3) - 1e-9


@pytest.mark.parametrize("seed", range(60))
def test_the_lagrangian_bound_is_never_below_the_true_optimum(seed: int) -> None:
    rng = random.Random(seed)
    inst = random_instance(rng)
    best, _ = brute_force(inst)
    problem = build_problem(inst.items, inst.ceilings, inst.precedence, inst.forced_in, inst.forced_out)
    chains = find_chains(problem)
    for _ in range(5):
        y = np.array([rng.choice([0.0, rng.uniform(0, 1e-6)]) for _ in inst.ceilings])
        assert lagrangian(problem, chains, y).bound >= best - 1e-9


def _city(n: int, seed: int, ceilings: int = 1):
    """A random city: chains of up to 5 proposals per proposer, each counting against a kelurahan and an agency."""
    rng = np.random.default_rng(seed)
    kel = [f"kel:{k}" for k in range(ceilings)]
    opd = [f"opd:{k}" for k in range(ceilings)]
    cost = rng.integers(5, 500, n) * 1_000_000
    items = [
        {"id": i, "cost": int(cost[i]), "value": float(rng.uniform(1, 100)), "groups": [kel[i // 50 % ceilings],
         opd[int(rng.integers(ceilings))]]}
        for i in range(n)
    ]  # fmt: skip
    demand: dict[str, int] = {}
    for it in items:
        for g in it["groups"]:
            demand[g] = demand.get(g, 0) + it["cost"]
    caps = {g: int(d * 0.4) for g, d in demand.items()}
    precedence = [(i - 1, i) for i in range(n) if i % 5]
    return items, caps, precedence


@pytest.mark.parametrize("seed", range(3))
def test_the_core_method_is_feasible_and_its_gap_covers_the_exact_optimum(seed: int) -> None:
    items, caps, precedence = _city(1500, seed)
    problem = build_problem(items, caps, precedence, (), ())
    exact = fit_problem(problem, 5.0, direct_limit=10**9)
    solved, bound = solve_core(problem, 5.0, sample_size=300, core_size=200)
    selection = solved.x > 0.5
    assert problem.is_feasible(selection)
    assert bound >= exact.objective - 1e-6, "the Lagrangian bound must hold for the true optimum"
    assert not selection.all() and (~selection).sum() > 200, "the instance must really be cut down to a core"


def test_fit_budget_on_the_core_path_reports_an_honest_gap_and_beats_greedy() -> None:
    items, caps, precedence = _city(3000, 7)
    problem = build_problem(items, caps, precedence, (), ())
    via_core = fit_problem(problem, 5.0, direct_limit=0)
    exact = fit_problem(problem, 5.0, direct_limit=10**9)
    assert is_feasible(Instance(items, caps, precedence), via_core.selected)
    assert via_core.objective * (1 + via_core.gap) >= exact.objective - 1e-6
    assert set(via_core.reasons) == set(range(len(items))) - via_core.selected
    assert via_core.objective >= problem.value[greedy_selection(problem)].sum()


@pytest.mark.parametrize("seed", range(5))
def test_the_fast_price_evaluation_agrees_with_the_reference_lagrangian(seed: int) -> None:
    items, caps, precedence = _city(800, seed, ceilings=4)
    precedence += [(0, 7), (7, 0), (10, 12), (10, 13)]  # a cycle and a branch: items outside plain chains
    problem = build_problem(items, caps, precedence, [20], [30])
    chains = find_chains(problem)
    bucket, nb = _cut_buckets(problem, chains)
    evaluate = _Evaluator(problem, chains, bucket, nb, 1e-6)
    rng = np.random.default_rng(seed)
    for _ in range(5):
        y = rng.uniform(0, 2e-7, len(caps)) * (rng.random(len(caps)) < 0.7)
        bound, rhs, coef = evaluate(y / 1e-6)
        reference = lagrangian(problem, chains, y)
        assert bound == pytest.approx(reference.bound, rel=1e-12)
        assert rhs.sum() == pytest.approx(problem.value[reference.take].sum())
        assert coef.sum() == pytest.approx((problem.spent(reference.take) * 1e-6).sum())


def test_price_search_never_raises_the_bound_it_starts_from() -> None:
    items, caps, precedence = _city(2000, 3, ceilings=4)
    problem = build_problem(items, caps, precedence, (), ())
    chains = find_chains(problem)
    y0 = np.full(len(caps), 1e-7)
    y, result = improve_prices(problem, chains, y0, time.monotonic() + 30)
    assert result.bound <= lagrangian(problem, chains, y0).bound
    assert result.bound == pytest.approx(lagrangian(problem, chains, y).bound)
    assert np.all(y >= 0)
