"""HiGHS model of a (sub)problem: some items free, the others fixed; built in bulk as one row-wise CSR block.

Rows: one per ceiling (sum of member costs <= capacity left by the fixed items), one ``x_b - x_a <= 0`` per
precedence pair between free items. Pairs that cross into fixed items become column bounds. Ceiling rows are
scaled so costs are O(1..1000) (rupiah amounts around 1e8 are badly scaled for the solver's 1e-6
tolerances); results are checked exactly in integers afterwards anyway.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from .problem import Problem

#: Relative optimality gap HiGHS must prove before it stops: "optimal" means within 0.1 % of the best possible.
MIP_REL_GAP = 1e-3

# The bare core solver: highspy.Highs adds Python callback plumbing whose set-up prints a banner to stdout.
_SOLVER = getattr(highspy, "_Highs", highspy.Highs)
_OPTIMAL = highspy.HighsModelStatus.kOptimal


@dataclass(slots=True)
class Solved:
    """What one HiGHS run gave, translated back to full-length arrays."""

    status: str
    optimal: bool  # HiGHS reported Optimal (for a MIP: within MIP_REL_GAP)
    x: np.ndarray | None  # float64[n], free items from the solver, fixed items as given; None without solution
    duals: np.ndarray | None  # float64[m] ceiling prices in value per rupiah (LP only)
    objective: float  # including the fixed items
    bound: float  # dual bound including the fixed items (MIP), objective (LP)


#: HiGHS threads: half the machine's cores (HiGHS' own default). Its MIP gains little from more, and on the
#: 2-core benchmark machine, shared with web workers, one thread measured faster than two.
THREADS = max(1, (os.cpu_count() or 1) // 2)


def new_solver(time_limit: float) -> Any:
    """A silent HiGHS instance stopping after ``time_limit`` seconds."""
    h = _SOLVER()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", THREADS)
    h.setOptionValue("time_limit", max(float(time_limit), 1e-3))
    return h


def capacity_left(problem: Problem, free: np.ndarray, fixed: np.ndarray, cap: np.ndarray | None = None) -> np.ndarray:
    """Capacity per ceiling left for the free items after the fixed selected ones (and forced-in free ones)."""
    base = problem.cap if cap is None else cap
    return base - problem.spent((fixed & ~free) | (problem.fixed_in & free))


def solve(
    problem: Problem,
    free: np.ndarray,
    fixed: np.ndarray,
    *,
    integer: bool,
    time_limit: float,
    start: np.ndarray | None = None,
    cap: np.ndarray | None = None,
    gap: float = MIP_REL_GAP,
    precedence: bool = True,
) -> Solved:
    """Optimize the free items with the others fixed to ``fixed``; ``cap`` overrides the capacities.

    ``precedence=False`` drops the order rows (a cheaper relaxation, used only to estimate prices).
    """
    n, m = problem.n, len(problem.keys)
    cols = np.flatnonzero(free)
    k = len(cols)
    if k == 0:
        value = float(problem.value[fixed].sum())
        return Solved("Optimal", True, fixed.astype(np.float64), np.zeros(m) if not integer else None, value, value)
    local = np.full(n, -1, dtype=np.int64)
    local[cols] = np.arange(k)
    base = problem.cap if cap is None else cap
    rhs = (base - problem.spent(fixed & ~free)).astype(np.float64)

    col_lower = problem.fixed_in[cols].astype(np.float64)
    col_upper = (~problem.blocked[cols]).astype(np.float64)
    pred, succ = problem.pred, problem.succ
    pf, sf = free[pred], free[succ]
    col_lower[local[pred[pf & ~sf & fixed[succ]]]] = 1.0  # a free item that a fixed funded item needs
    col_upper[local[succ[sf & ~pf & ~fixed[pred]]]] = 0.0  # a free item whose predecessor is fixed unfunded
    both = pf & sf & precedence
    p_pred, p_succ = local[pred[both]], local[succ[both]]
    p = len(p_pred)

    take = free[problem.mem_item]
    mi, mg = problem.mem_item[take], problem.mem_group[take]
    order = np.argsort(mg, kind="stable")
    ceil_index = local[mi[order]]
    ceil_cost = problem.cost[mi[order]].astype(np.float64)
    biggest = float(ceil_cost.max()) if ceil_cost.size else 1.0
    scale = 10.0 ** -max(0, math.floor(math.log10(biggest)) - 2) if biggest > 0 else 1.0
    ceil_start = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(mg, minlength=m), out=ceil_start[1:])
    prec_index = np.empty(2 * p, dtype=np.int64)
    prec_index[0::2] = p_succ
    prec_index[1::2] = p_pred
    a_start = np.concatenate([ceil_start[:-1], ceil_start[-1] + 2 * np.arange(p, dtype=np.int64)]).astype(np.int32)
    a_index = np.concatenate([ceil_index, prec_index]).astype(np.int32)
    a_value = np.concatenate([ceil_cost * scale, np.tile(np.array([1.0, -1.0]), p)])
    row_lower = np.full(m + p, -highspy.kHighsInf)
    row_upper = np.concatenate([rhs * scale, np.zeros(p)])
    offset = float(problem.value[fixed & ~free].sum())
    integrality = np.full(k, int(highspy.HighsVarType.kInteger) if integer else 0, dtype=np.int32)

    h = new_solver(time_limit)
    h.setOptionValue("mip_rel_gap", gap)
    h.passModel(
        k, m + p, len(a_index), int(highspy.MatrixFormat.kRowwise), int(highspy.ObjSense.kMaximize), offset,
        problem.value[cols], col_lower, col_upper, row_lower, row_upper, a_start, a_index, a_value, integrality,
    )  # fmt: skip
    if start is not None and integer:
        h.setSolution(k, np.arange(k, dtype=np.int32), start[cols].astype(np.float64))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    solution = h.getSolution()
    x = duals = None
    if solution.value_valid:
        x = fixed.astype(np.float64)
        x[cols] = solution.col_value
    if not integer and solution.dual_valid:
        duals = np.maximum(np.asarray(solution.row_dual[:m], dtype=np.float64), 0.0) * scale
    objective = float(info.objective_function_value) if x is not None else -math.inf
    bound = float(info.mip_dual_bound) if integer else objective
    return Solved(h.modelStatusToString(status), status == _OPTIMAL, x, duals, objective, bound)
