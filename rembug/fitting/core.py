"""Large instances: a Lagrangian bound plus a HiGHS MIP on the small "core" of undecided proposals.

One HiGHS MIP over 250,000 binaries does not fit the 10 s budget (its presolve and first LP alone take several
seconds, and the LP with 200,000 order rows takes a minute), although almost every proposal is clearly in or
clearly out. So:

1. Precedence components that are simple chains (a forum's agreed order, single proposals included) are
   found. For ceiling prices ``y >= 0`` the Lagrangian relaxation decomposes: each chain takes its best prefix
   under the reduced values ``v_i - c_i * sum(y_k)``, other components (branches, cycles, forced items) drop
   their order. ``L(y) = cap . y + sum of those`` bounds the optimum from above for *any* ``y``: it is the
   proof behind the reported gap.
2. Prices: an LP on a random sample of chains gives a first guess, then multi-cut Kelley cutting planes in a
   box trust region (a tiny HiGHS LP) bring ``L(y)`` down to the LP bound within a few 1e-5.
3. Chains whose best prefix is closest to a tie form the core (about ``core_size`` proposals, plus whatever
   must be freed so the fixed rest fits the ceilings); everything else keeps its Lagrangian decision.
   HiGHS solves the core MIP, warm-started with the core LP rounded down and filled up greedily. The
   solution is measured against ``L(y)``; if the gap is still open and time allows, the core is doubled.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from .greedy import greedy_selection
from .highs import MIP_REL_GAP, Solved, capacity_left, new_solver, solve
from .problem import Problem

#: Least gap asked of the core MIP (the gap it is asked for leaves room for the core LP's distance to L(y)).
MIN_CORE_GAP = 1e-4
#: Price search: evaluate between the box centre and the master's answer (in-out smoothing, fewer rounds).
SMOOTH = 0.5
#: Cuts not binding in this many consecutive master solves are dropped.
CUT_AGE = 6
#: Largest core tried when the first one does not close the gap.
MAX_CORE = 12_000


@dataclass(slots=True)
class Chains:
    """Chain decomposition: ``order`` lists chain items chain by chain, first to last."""

    order: np.ndarray  # int64[c], item indices
    start: np.ndarray  # int64[k], first position of each chain in ``order``
    length: np.ndarray  # int64[k]
    depth: np.ndarray  # int64[c], position of order[j] within its chain
    chain_of: np.ndarray  # int64[n], chain id or -1 for items of other components
    general: np.ndarray  # bool[n], items whose component is not a plain chain (or holds forced items)


def find_chains(problem: Problem) -> Chains:
    """Split items into simple chains (including single items) and the rest, with numpy pointer jumping."""
    n = problem.n
    pred, succ = problem.pred.astype(np.int64), problem.succ.astype(np.int64)
    indeg = np.bincount(succ, minlength=n)
    outdeg = np.bincount(pred, minlength=n)
    simple = (indeg <= 1) & (outdeg <= 1)
    link = simple[pred] & simple[succ]
    nxt = np.arange(n)
    prv = np.arange(n)
    nxt[pred[link]] = succ[link]
    prv[succ[link]] = pred[link]
    head, tail = prv.copy(), nxt.copy()
    depth = (prv != np.arange(n)).astype(np.int64)
    for _ in range(max(1, math.ceil(math.log2(max(n, 2)))) + 1):
        depth = depth + depth[head]
        head, tail = head[head], tail[tail]
    settled = (head[head] == head) & (tail[tail] == tail)
    ok = simple & settled & (indeg[head] == 0) & (outdeg[tail] == 0)
    forced = problem.fixed_in | problem.blocked
    bad_head = np.zeros(n, dtype=bool)
    bad_head[head[forced & ok]] = True
    ok &= ~bad_head[head]
    items = np.flatnonzero(ok)
    order = items[np.lexsort((depth[items], head[items]))]
    d = depth[order]
    start = np.flatnonzero(d == 0)
    length = np.diff(np.append(start, len(order)))
    chain_of = np.full(n, -1, dtype=np.int64)
    chain_of[order] = np.repeat(np.arange(len(start)), length)
    return Chains(order, start, length, d, chain_of, ~ok)


@dataclass(slots=True)
class Lagrangian:
    """Lagrangian solution for one price vector: bound, the items it takes, and how close each chain is to a tie."""

    bound: float
    take: np.ndarray  # bool[n]
    slack: np.ndarray  # float[k] per chain: smallest loss of switching to another prefix


def lagrangian(problem: Problem, chains: Chains, y: np.ndarray, *, with_slack: bool = True) -> Lagrangian:
    """Evaluate ``L(y)``; chains take their best prefix, other items their sign (precedence relaxed)."""
    n = problem.n
    price = np.bincount(problem.mem_item, weights=y[problem.mem_group], minlength=n)
    w = problem.value - problem.cost * price
    take = np.zeros(n, dtype=bool)
    total = float(problem.cap @ y)
    slack = np.zeros(0)
    if len(chains.start):
        wc = w[chains.order]
        cs = np.cumsum(wc)
        base = np.repeat(cs[chains.start] - wc[chains.start], chains.length)
        prefix = cs - base
        best = np.maximum(np.maximum.reduceat(prefix, chains.start), 0.0)
        rep_best = np.repeat(best, chains.length)
        at_best = np.where(prefix == rep_best, chains.depth, np.iinfo(np.int64).max)
        first = np.minimum.reduceat(at_best, chains.start)
        size = np.where(best > 0, first + 1, 0)
        rep_size = np.repeat(size, chains.length)
        take[chains.order] = chains.depth < rep_size
        if with_slack:
            loss = np.where(chains.depth == rep_size - 1, np.inf, rep_best - prefix)
            slack = np.minimum(np.minimum.reduceat(loss, chains.start), np.where(size > 0, best, np.inf))
        total += float(best.sum())
    g = chains.general
    take_g = g & (problem.fixed_in | ((w > 0) & ~problem.blocked))
    take |= take_g
    total += float(w[take_g].sum())
    return Lagrangian(total * (1 + 1e-12) + 1e-9, take, slack)


def _chain_mask(chains: Chains, chosen: np.ndarray) -> np.ndarray:
    """Items of the chains marked in ``chosen`` (bool per chain)."""
    mask = np.zeros(len(chains.chain_of), dtype=bool)
    mask[chains.order] = np.repeat(chosen, chains.length)
    return mask


def _sample_prices(problem: Problem, chains: Chains, sample_size: int, seed: int, deadline: float) -> np.ndarray:
    """Rough ceiling prices: LP of a random sample of chains, capacities scaled to the sample's demand.

    The sample LP leaves out the order rows: with them it is ten times slower, and the price search that
    follows accounts for the order exactly anyway.
    """
    m = len(problem.keys)
    rng = np.random.default_rng(seed)
    sampled = rng.random(len(chains.start)) < min(1.0, sample_size / max(problem.n, 1))
    in_sample = _chain_mask(chains, sampled) | chains.general
    member_cost = problem.cost[problem.mem_item].astype(np.float64)
    demand = np.bincount(problem.mem_group, weights=member_cost, minlength=m).astype(np.float64)
    take = in_sample[problem.mem_item]
    part = np.bincount(problem.mem_group[take], weights=member_cost[take], minlength=m)
    share = np.divide(part, demand, out=np.ones_like(demand), where=demand > 0)
    cap = np.maximum(np.floor(problem.cap * share).astype(np.int64), problem.spent(problem.fixed_in & in_sample))
    none = np.zeros(problem.n, dtype=bool)
    lp = solve(problem, in_sample, none, integer=False, time_limit=_left(deadline), cap=cap, precedence=False)
    return lp.duals if lp.duals is not None else np.zeros(m)


def _cut_buckets(problem: Problem, chains: Chains) -> tuple[np.ndarray, int]:
    """Bucket per item for disaggregated cuts: the first ceiling of its chain's first item (e.g. its kelurahan)."""
    n, m = problem.n, len(problem.keys)
    first_group = np.full(n, m, dtype=np.int64)  # m: no ceiling at all
    has = np.ones(len(problem.mem_item), dtype=bool)
    has[1:] = problem.mem_item[1:] != problem.mem_item[:-1]
    first_group[problem.mem_item[has]] = problem.mem_group[has]
    bucket = first_group.copy()
    if len(chains.start):
        bucket[chains.order] = np.repeat(first_group[chains.order[chains.start]], chains.length)
    used, bucket = np.unique(bucket, return_inverse=True)
    return bucket.astype(np.int64), len(used)


class _Evaluator:
    """``L(y)`` and the data of its cuts, fast: items are grouped once by their set of ceilings ("signature"),
    so a price vector costs one tiny sparse product plus a few passes over chain-ordered arrays.

    Works in scaled units (costs times ``scale``, prices divided by it); agrees with :func:`lagrangian`.
    """

    def __init__(self, problem: Problem, chains: Chains, bucket: np.ndarray, nb: int, scale: float) -> None:
        m = len(problem.keys)
        signatures: dict[tuple[int, ...], int] = {}
        sig = np.fromiter(
            (signatures.setdefault(gs, len(signatures)) for gs in problem.item_groups), dtype=np.int64, count=problem.n
        )
        nsig = len(signatures)
        sizes = np.fromiter(map(len, signatures), dtype=np.int64, count=nsig)
        self.sig_rows = np.repeat(np.arange(nsig), sizes)
        self.sig_cols = np.fromiter((g for gs in signatures for g in gs), dtype=np.int64, count=int(sizes.sum()))
        sig_first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        pairs, pair = np.unique(bucket * nsig + sig, return_inverse=True)  # (bucket, signature) combinations
        pair_bucket, pair_sig = pairs // nsig, pairs % nsig
        counts = sizes[pair_sig]
        self.pe_pair = np.repeat(np.arange(len(pairs)), counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        self.pe_key = pair_bucket[self.pe_pair] * m + self.sig_cols[np.repeat(sig_first[pair_sig], counts) + offsets]
        self.m, self.nb, self.nsig, self.npair = m, nb, nsig, len(pairs)
        self.cap = problem.cap * scale
        cost = problem.cost * scale
        o, g = chains.order, np.flatnonzero(chains.general)
        self.start, self.length, self.depth = chains.start, chains.length, chains.depth
        self.value_o, self.cost_o, self.sig_o, self.pair_o, self.bucket_o = (
            problem.value[o],
            cost[o],
            sig[o],
            pair[o],
            bucket[o],
        )
        self.value_g, self.cost_g, self.sig_g, self.pair_g, self.bucket_g = (
            problem.value[g],
            cost[g],
            sig[g],
            pair[g],
            bucket[g],
        )
        self.forced_g, self.open_g = problem.fixed_in[g], ~problem.blocked[g]

    def __call__(self, y: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Return ``L(y)``, and per bucket the value and the per-ceiling cost of what it takes."""
        price = np.bincount(self.sig_rows, weights=y[self.sig_cols], minlength=self.nsig)
        total = float(self.cap @ y)
        take_o = np.zeros(len(self.value_o), dtype=bool)
        if len(self.start):
            wc = self.value_o - self.cost_o * price[self.sig_o]
            cs = np.cumsum(wc)
            prefix = cs - np.repeat(cs[self.start] - wc[self.start], self.length)
            best = np.maximum(np.maximum.reduceat(prefix, self.start), 0.0)
            at_best = np.where(prefix == np.repeat(best, self.length), self.depth, np.iinfo(np.int64).max)
            size = np.where(best > 0, np.minimum.reduceat(at_best, self.start) + 1, 0)
            take_o = self.depth < np.repeat(size, self.length)
            total += float(best.sum())
        wg = self.value_g - self.cost_g * price[self.sig_g]
        take_g = self.forced_g | ((wg > 0) & self.open_g)
        total += float(wg[take_g].sum())
        nb, npair = self.nb, self.npair
        rhs = np.bincount(self.bucket_o[take_o], weights=self.value_o[take_o], minlength=nb) + np.bincount(
            self.bucket_g[take_g], weights=self.value_g[take_g], minlength=nb
        )
        spent = np.bincount(self.pair_o[take_o], weights=self.cost_o[take_o], minlength=npair) + np.bincount(
            self.pair_g[take_g], weights=self.cost_g[take_g], minlength=npair
        )
        coef = np.bincount(self.pe_key, weights=spent[self.pe_pair], minlength=nb * self.m).reshape(nb, self.m)
        return total * (1 + 1e-12) + 1e-9, rhs.astype(np.float64), coef


def improve_prices(
    problem: Problem, chains: Chains, y0: np.ndarray, deadline: float, *, tol: float = 3e-5, max_rounds: int = 100
) -> tuple[np.ndarray, Lagrangian]:
    """Minimize ``L(y)`` from ``y0``: multi-cut Kelley cutting planes (one cut per bucket) in a box trust region.

    The master LP (prices and one epigraph variable per bucket) is tiny and warm-started by HiGHS; every
    evaluation of ``L`` is a handful of numpy passes, so this converges to the LP bound in about a second.
    """
    m = len(problem.keys)
    if m == 0:
        return y0, lagrangian(problem, chains, y0)
    biggest = float(problem.cost.max()) if problem.n else 1.0
    scale = 10.0 ** -max(0, math.floor(math.log10(biggest)) - 2) if biggest > 0 else 1.0
    bucket, nb = _cut_buckets(problem, chains)
    evaluate = _Evaluator(problem, chains, bucket, nb, scale)

    h = new_solver(_left(deadline))
    h.setOptionValue("presolve", "off")  # tiny LP re-solved from the previous basis after each cut round
    inf = highspy.kHighsInf
    nv = m + nb
    h.passModel(
        nv, 0, 0, int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), 0.0,
        np.concatenate([problem.cap * scale, np.ones(nb)]), np.zeros(nv), np.full(nv, inf),
        np.zeros(0), np.zeros(0), np.zeros(nv, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0),
        np.zeros(nv, dtype=np.int32),
    )  # fmt: skip

    def add_cuts(rhs: np.ndarray, coef: np.ndarray) -> None:
        """theta_b + sum_k (cost of taken items of bucket b in ceiling k) * y_k >= value of taken items of b."""
        rows, cols = np.nonzero(coef)
        per_row = np.bincount(rows, minlength=nb) + 1
        starts = np.concatenate([[0], np.cumsum(per_row)[:-1]])
        index = np.empty(int(per_row.sum()), dtype=np.int32)
        value = np.empty(len(index))
        index[starts], value[starts] = m + np.arange(nb), 1.0
        mask = np.ones(len(index), dtype=bool)
        mask[starts] = False
        index[mask], value[mask] = cols, coef[rows, cols]
        h.addRows(nb, rhs, np.full(nb, inf), len(index), starts.astype(np.int32), index, value)

    center = y0 / scale
    best, rhs, coef = evaluate(center)
    add_cuts(rhs, coef)
    age = np.zeros(nb, dtype=np.int64)
    if center.any():
        floor = 0.05 * float(center.mean())
    else:  # nothing binds in the sample: start the box from the typical value per (scaled) rupiah
        floor = 0.05 * float(np.median(problem.value / np.maximum(problem.cost * scale, 1e-12)))
    delta = np.maximum(0.3 * center, floor)
    all_y = np.arange(m, dtype=np.int32)
    rounds = 0
    while rounds < max_rounds and time.monotonic() < deadline:
        lower, upper = np.maximum(center - delta, 0.0), center + delta
        h.changeColsBounds(m, all_y, lower, upper)
        h.setOptionValue("time_limit", _left(deadline))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        solution = h.getSolution()
        trial = np.asarray(solution.col_value[:m])
        expected = best - h.getInfo().objective_function_value
        age = np.where(np.abs(np.asarray(solution.row_dual)) > 0, 0, age + 1)
        stale = np.flatnonzero(age > CUT_AGE)
        if stale.size:  # forget cuts that stopped mattering: a smaller master re-solves faster
            h.deleteRows(len(stale), stale.astype(np.int32))
            age = np.delete(age, stale)
        if expected <= tol * abs(best):
            at_lower = np.isclose(trial, lower, rtol=1e-9, atol=0) & (lower > 0)
            edge = np.isclose(trial, upper, rtol=1e-9, atol=0) | at_lower
            if not edge.any():
                break  # the cutting-plane model agrees with L(y) inside the box: converged
            delta *= 2.0  # the box, not the model, stopped the descent
            continue
        rounds += 1
        trial = SMOOTH * center + (1 - SMOOTH) * trial
        bound, rhs, coef = evaluate(trial)
        add_cuts(rhs, coef)
        age = np.concatenate([age, np.zeros(nb, dtype=np.int64)])
        if bound <= best - 0.1 * expected:
            if bound <= best - 0.5 * expected:
                delta *= 1.5
            center, best = trial, bound
        else:
            delta *= 0.7
    return center * scale, lagrangian(problem, chains, center * scale)


def solve_core(
    problem: Problem,
    time_limit: float,
    *,
    sample_size: int = 10_000,
    core_size: int = 6_000,
    max_core: int = MAX_CORE,
    seed: int = 0,
) -> tuple[Solved, float]:
    """Return the core MIP solution (full-length) and a proven upper bound on the optimum."""
    deadline = time.monotonic() + time_limit
    chains = find_chains(problem)
    k = len(chains.start)
    n = problem.n
    y0 = _sample_prices(problem, chains, sample_size, seed, deadline)
    y, lag = improve_prices(problem, chains, y0, time.monotonic() + 0.4 * _left(deadline))
    bound = lag.bound
    fixed = lag.take
    priced = problem.cost * np.bincount(problem.mem_item, weights=y[problem.mem_group], minlength=n)
    efficiency = problem.value / np.maximum(priced, 1e-300)
    rank = np.argsort(lag.slack, kind="stable")
    budget = _left(deadline)
    size = core_size
    best: Solved | None = None
    while True:
        in_core = np.zeros(k, dtype=bool)
        in_core[rank[: max(1, size * k // max(n, 1))]] = True
        free = _make_room(problem, chains, _chain_mask(chains, in_core) | chains.general, fixed, lag.slack, in_core)
        start, relaxed = _lp_rounding(problem, free, fixed, efficiency, deadline)
        if best is not None and best.x is not None:
            start = best.x > 0.5
        # Stop HiGHS as soon as the gap to L(y), not just to its own bound, is proven below MIP_REL_GAP.
        slack = (bound - relaxed) / relaxed if relaxed > 0 else MIP_REL_GAP
        gap = min(MIP_REL_GAP, max(MIN_CORE_GAP, MIP_REL_GAP - slack - MIN_CORE_GAP))
        mip = solve(problem, free, fixed, integer=True, time_limit=_left(deadline), start=start, gap=gap)
        if free.all() and mip.x is not None:
            bound = min(bound, max(mip.bound, mip.objective))  # nothing was fixed: HiGHS' bound is global
        if mip.x is not None and (best is None or mip.objective > best.objective):
            best = mip
        closed = best is not None and best.x is not None and bound - best.objective <= MIP_REL_GAP * best.objective
        # HiGHS can overrun its time limit on big models, so grow the core only while time is plentiful.
        if closed or free.all() or _left(deadline) < 0.5 * budget or size >= max_core:
            return best if best is not None else mip, bound
        size *= 2


def _lp_rounding(
    problem: Problem, free: np.ndarray, fixed: np.ndarray, efficiency: np.ndarray, deadline: float
) -> tuple[np.ndarray, float]:
    """A start for the core MIP (the core LP rounded down, filled up greedily by price efficiency) and the
    core LP's value."""
    base = (fixed & ~free) | problem.fixed_in
    lp = solve(problem, free, fixed, integer=False, time_limit=_left(deadline))
    if lp.x is not None:
        rounded = base | (free & (lp.x > 1 - 1e-7))
        if problem.is_feasible(rounded):
            base = rounded
    return greedy_selection(problem, base, allowed=free, priority=efficiency), lp.objective


def _make_room(
    problem: Problem, chains: Chains, free: np.ndarray, fixed: np.ndarray, slack: np.ndarray, in_core: np.ndarray
) -> np.ndarray:
    """Free more chains until the fixed items leave every ceiling non-negative capacity (the MIP needs it)."""
    while True:
        left = capacity_left(problem, free, fixed)
        over = np.flatnonzero(left < 0)
        if not over.size:
            return free
        for g in over.tolist():
            members = problem.mem_item[problem.mem_group == g]
            members = members[fixed[members] & ~free[members]]
            ids = np.unique(chains.chain_of[members])
            ids = ids[np.argsort(slack[ids], kind="stable")]
            cost_in = np.zeros(len(chains.start), dtype=np.int64)
            np.add.at(cost_in, chains.chain_of[members], problem.cost[members])
            need = np.searchsorted(np.cumsum(cost_in[ids]), -left[g]) + 1
            in_core[ids[:need]] = True
        free = free | _chain_mask(chains, in_core)


def _left(deadline: float) -> float:
    return max(deadline - time.monotonic(), 1e-3)
