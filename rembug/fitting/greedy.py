"""The greedy baseline: what other e-Musrenbang platforms do, kept for comparison and as a warm start."""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np

from .problem import Problem, build_problem
from .result import FitResult


def greedy_selection(
    problem: Problem,
    start: np.ndarray | None = None,
    *,
    positive_only: bool = False,
    allowed: np.ndarray | None = None,
    priority: np.ndarray | None = None,
) -> np.ndarray:
    """Highest value first while it fits; an item becomes a candidate only once everything it depends on is funded.

    Forced-in items (and what they depend on) are funded up front, forced-out items and their dependants never.
    Ties go to the cheaper item, then to the earlier one in the input. An item that does not fit when its turn
    comes is dropped for good (capacity only shrinks). Items on a precedence cycle never become candidates.
    With ``start`` (a feasible selection) it only adds to it; ``positive_only`` skips items of value 0,
    ``allowed`` limits the items it may add and ``priority`` replaces the value as the sort key.
    """
    n = problem.n
    selected = problem.fixed_in.copy() if start is None else start.copy()
    candidate = ~selected & ~problem.blocked
    if positive_only:
        candidate &= problem.value > 0
    if allowed is not None:
        candidate &= allowed
    cand = np.flatnonzero(candidate)
    key = (problem.value if priority is None else priority)[cand]
    order_a = cand[np.lexsort((cand, problem.cost[cand], -key))]
    rank_a = np.full(n, n, dtype=np.int64)
    rank_a[order_a] = np.arange(len(order_a))
    waiting_a = np.bincount(problem.succ[~selected[problem.pred]], minlength=n)  # unfunded predecessors
    by_pred = np.argsort(problem.pred, kind="stable")
    succ_start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(problem.pred, minlength=n), out=succ_start[1:])

    remaining = (problem.cap - problem.spent(selected)).tolist()
    order, rank, waiting = order_a.tolist(), rank_a.tolist(), waiting_a.tolist()
    cost, groups = problem.cost.tolist(), problem.item_groups
    succs, first = problem.succ[by_pred].tolist(), succ_start.tolist()
    taken = selected.tolist()
    released: list[int] = []  # ranks of candidates that became eligible after their turn had passed

    def try_take(i: int, now: int) -> None:
        c = cost[i]
        gs = groups[i]
        for g in gs:
            if remaining[g] < c:
                return
        for g in gs:
            remaining[g] -= c
        taken[i] = True
        for j in succs[first[i] : first[i + 1]]:
            waiting[j] -= 1
            if waiting[j] == 0 and rank[j] < now:
                heapq.heappush(released, rank[j])

    for r, i in enumerate(order):
        if waiting[i]:
            continue
        c = cost[i]  # the common case inlined: this loop runs once per candidate
        gs = groups[i]
        for g in gs:
            if remaining[g] < c:
                break
        else:
            for g in gs:
                remaining[g] -= c
            taken[i] = True
            lo, hi = first[i], first[i + 1]
            if lo != hi:
                for j in succs[lo:hi]:
                    waiting[j] -= 1
                    if waiting[j] == 0 and rank[j] < r:
                        heapq.heappush(released, rank[j])
                while released:
                    try_take(order[heapq.heappop(released)], r)
    return np.array(taken, dtype=bool)


def greedy_fit(
    items: Iterable[Mapping[str, Any]],
    ceilings: Mapping[Hashable, int],
    *,
    precedence: Iterable[tuple[Hashable, Hashable]] = (),
    forced_in: Iterable[Hashable] = (),
    forced_out: Iterable[Hashable] = (),
    time_limit: float = 10.0,
) -> FitResult:
    """Fund proposals by descending value while they fit, as a baseline to show what optimization gains.

    Same input rules and errors as :func:`rembug.fitting.fit_budget`; see :func:`greedy_selection` for the
    exact rule. ``time_limit`` is accepted for signature compatibility and ignored. The result is never
    marked optimal (``gap`` is ``inf``: greedy proves no bound).
    """
    problem = build_problem(items, ceilings, precedence, forced_in, forced_out)
    return problem.result(greedy_selection(problem), optimal=False, gap=float("inf"), status="Greedy")
