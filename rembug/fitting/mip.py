"""``fit_budget``: the largest total priority value that respects every ceiling, agreed order and decision.

Model: one binary per proposal, maximize total value; per ceiling ``sum(cost * x) <= capacity``; per
precedence pair ``x_b <= x_a``; forced items as bounds (see :mod:`rembug.fitting.highs`). Up to
``DIRECT_LIMIT`` proposals HiGHS solves this MIP as it is, warm-started with the greedy selection. Larger
instances go through :mod:`rembug.fitting.core` (Lagrangian bound + HiGHS MIP on the undecided core): one MIP
over 250,000 proposals does not even finish presolve and its first LP within 10 s. Either way the selection
is then checked in exact integer arithmetic, topped up with anything valuable that still fits, and compared
with the greedy one.

Proving 0.1 % is easiest for large instances (many proposals per ceiling make the LP bound tight); a few
thousand proposals under a hundred ceilings usually end at the time limit with a gap of 0.5-2 %, which is
reported as such (``optimal=False``).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np

from .core import solve_core
from .greedy import greedy_selection
from .highs import MIP_REL_GAP, solve
from .problem import Problem, build_problem
from .result import FitResult

#: Above this many proposals the core method is used instead of one HiGHS MIP over everything. (Up to its
#: core size the core method also hands HiGHS everything, but starts it from a rounded LP solution, which
#: HiGHS' own heuristics do not match on instances of a few thousand proposals.)
DIRECT_LIMIT = 1_000


def fit_budget(
    items: Iterable[Mapping[str, Any]],
    ceilings: Mapping[Hashable, int],
    *,
    precedence: Iterable[tuple[Hashable, Hashable]] = (),
    forced_in: Iterable[Hashable] = (),
    forced_out: Iterable[Hashable] = (),
    time_limit: float = 10.0,
) -> FitResult:
    """Choose the proposals with the largest total value that respect every ceiling, order and decision.

    ``items``: mappings with ``id`` (hashable, unique), ``cost`` (integer rupiah >= 0), ``value`` (float >= 0)
    and ``groups`` (ceiling keys the cost counts against; each must be a key of ``ceilings``, else
    ``ValueError`` - a mistyped code must not lift a limit). ``ceilings``: key -> integer capacity in rupiah.
    ``precedence``: pairs ``(a, b)``: b may be funded only if a is (a forum's agreed order; cycles are allowed
    and mean "all or none"). ``forced_in`` items are funded together with everything they depend on;
    ``forced_out`` items and whatever depends on them are not. ``time_limit``: seconds for the solver
    (validation and reasons come on top).

    ``optimal`` is True when the selection is proven optimal or within a 0.1 % relative gap (``gap``); after a
    time-out it is the best found. It is never worse than :func:`rembug.fitting.greedy_fit`. Raises
    ``ValueError`` for invalid input and when the forced-in items cannot fit (the message names the ceiling).
    """
    if not time_limit > 0:
        raise ValueError(f"time_limit must be positive, not {time_limit!r}")
    problem = build_problem(items, ceilings, precedence, forced_in, forced_out)
    return fit_problem(problem, time_limit)


def fit_problem(
    problem: Problem, time_limit: float, *, direct_limit: int = DIRECT_LIMIT, **core_options: int
) -> FitResult:
    """Solve a validated problem (split out so tests can force either method and size the core)."""
    n = problem.n
    if n == 0:
        return problem.result(np.zeros(0, dtype=bool), optimal=True, gap=0.0, status="Empty")
    greedy = greedy_selection(problem)
    if n <= direct_limit:
        solved = solve(problem, np.ones(n, dtype=bool), np.zeros(n, dtype=bool), integer=True,
                       time_limit=time_limit, start=greedy)  # fmt: skip
        bound = solved.bound
        proven = solved.optimal
    else:
        solved, bound = solve_core(problem, time_limit, **core_options)
        proven = True  # the Lagrangian bound is a proof by itself; the gap decides
    selected = greedy if solved.x is None else _repair(problem, solved.x > 0.5)
    selected = _top_up(problem, selected)
    value = problem.value
    objective = float(value[selected].sum())
    if float(value[greedy].sum()) > objective:
        selected, objective = greedy, float(value[greedy].sum())
    if not math.isfinite(bound):
        gap = 0.0 if proven and solved.x is not None else math.inf
    elif bound - objective <= 1e-9 * max(1.0, objective):
        gap = 0.0
    else:
        gap = (bound - objective) / objective if objective > 0 else math.inf
    optimal = proven and gap <= MIP_REL_GAP * (1 + 1e-9)
    if solved.x is None or n <= direct_limit:
        status = solved.status
    else:
        status = "Optimal" if optimal else ("Time limit reached" if solved.status != "Optimal" else "Gap not closed")
    return problem.result(selected, optimal=optimal, gap=gap, status=status)


def _top_up(problem: Problem, selected: np.ndarray) -> np.ndarray:
    """Add valuable items that still fit (possible within the gap or after a time-out; a no-op at the optimum)."""
    remaining = problem.cap - problem.spent(selected)
    mi, mg = problem.mem_item, problem.mem_group
    too_big = np.zeros(problem.n, dtype=bool)
    too_big[mi[problem.cost[mi] > remaining[mg]]] = True
    waiting = np.zeros(problem.n, dtype=bool)
    waiting[problem.succ[~selected[problem.pred]]] = True
    fits = ~selected & ~problem.blocked & (problem.value > 0) & ~too_big  # capacity only shrinks from here
    if not np.any(fits & ~waiting):
        return selected
    return greedy_selection(problem, selected, positive_only=True, allowed=fits)


def _repair(problem: Problem, selected: np.ndarray) -> np.ndarray:
    """Make a solver selection exactly feasible; HiGHS works with float tolerances, ceilings are exact rupiah.

    Rarely does anything: drops dependants of unfunded items, then the lowest-value items (with their
    dependants) from any ceiling that is over by a rounding error.
    """
    selected = (selected | problem.fixed_in) & ~problem.blocked
    if problem.is_feasible(selected):
        return selected
    succs: dict[int, list[int]] = {}
    for a, b in zip(problem.pred.tolist(), problem.succ.tolist(), strict=True):
        succs.setdefault(a, []).append(b)

    def drop(i: int) -> None:
        stack = [i]
        while stack:
            j = stack.pop()
            if selected[j]:
                selected[j] = False
                stack.extend(succs.get(j, ()))

    for a, b in zip(problem.pred.tolist(), problem.succ.tolist(), strict=True):
        if selected[b] and not selected[a]:
            drop(b)
    while True:
        over = np.flatnonzero(problem.spent(selected) > problem.cap)
        if not over.size:
            return selected
        members = problem.mem_item[problem.mem_group == over[0]]
        members = members[selected[members] & ~problem.fixed_in[members]]
        worst = members[np.lexsort((-problem.cost[members], problem.value[members]))[0]]
        drop(int(worst))
