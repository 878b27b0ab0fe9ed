"""Validation and array form of a fitting problem, shared by the optimizer and the greedy baseline.

Everything the caller passes is checked once here, so both algorithms see the same normalized problem and
bad input fails loudly with a ``ValueError`` that names the offending proposal or ceiling.
"""

from __future__ import annotations

import math
import numbers
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict

import numpy as np

from .result import FitResult, Reason

#: Costs and capacities above this cannot be represented exactly as the solver's float64.
MAX_AMOUNT = 2**53


class FitItem(TypedDict):
    """One proposal as :func:`rembug.fitting.fit_budget` reads it (any mapping with these keys works)."""

    id: Hashable
    cost: int
    value: float
    groups: Iterable[Hashable]


def _amount(raw: object, what: str) -> int:
    """Exact non-negative integer rupiah; floats/Decimals are accepted only when they are whole numbers."""
    if isinstance(raw, bool):
        raise ValueError(f"{what} must be an integer amount of rupiah, not {raw!r}")
    whole = isinstance(raw, float | Decimal) and math.isfinite(raw) and raw == int(raw)
    if isinstance(raw, numbers.Integral) or whole:
        amount = int(raw)  # type: ignore[call-overload]
    else:
        raise ValueError(f"{what} must be an integer amount of rupiah, not {raw!r}")
    if amount < 0:
        raise ValueError(f"{what} is negative ({amount})")
    if amount > MAX_AMOUNT:
        raise ValueError(f"{what} is too large to handle exactly ({amount} > 2**53)")
    return amount


def _value(raw: object, iid: Hashable) -> float:
    """A finite priority value >= 0 (NaN, infinity, negatives, strings and booleans are refused)."""
    value = float(raw) if isinstance(raw, numbers.Real | Decimal) and not isinstance(raw, bool) else math.nan
    if not 0.0 <= value < math.inf:
        raise ValueError(f"value of item {iid!r} must be a finite number >= 0, not {raw!r}")
    return value


@dataclass(slots=True)
class Problem:
    """Normalized problem: items are indices 0..n-1, ceilings 0..m-1, memberships and precedence as arrays."""

    ids: list[Hashable]
    cost: np.ndarray  # int64[n]
    value: np.ndarray  # float64[n]
    keys: list[Hashable]
    cap: np.ndarray  # int64[m]
    mem_item: np.ndarray  # int64[nnz], memberships in item order, each item's groups in the order given
    mem_group: np.ndarray  # int64[nnz]
    item_groups: list[tuple[int, ...]]
    pred: np.ndarray  # int64[p], pair k means: pred[k] must be funded for succ[k] to be funded
    succ: np.ndarray  # int64[p]
    fixed_in: np.ndarray  # bool[n], forced in together with everything they depend on
    forced_out: np.ndarray  # bool[n]
    blocked: np.ndarray  # bool[n], forced out or depending (transitively) on a forced-out item

    @property
    def n(self) -> int:
        return len(self.ids)

    def spent(self, selected: np.ndarray) -> np.ndarray:
        """Exact int64 spending per ceiling of a boolean selection."""
        take = selected[self.mem_item]
        spent = np.zeros(len(self.keys), dtype=np.int64)
        np.add.at(spent, self.mem_group[take], self.cost[self.mem_item[take]])
        return spent

    def is_feasible(self, selected: np.ndarray) -> bool:
        """Exact integer check of every rule, independent of solver tolerances."""
        return bool(
            np.all(self.spent(selected) <= self.cap)
            and np.all(selected[self.fixed_in])
            and not np.any(selected[self.blocked])
            and np.all(selected[self.pred] | ~selected[self.succ])
        )

    def result(self, selected: np.ndarray, *, optimal: bool, gap: float, status: str) -> FitResult:
        """Package a feasible selection with a reason for every item left out (see :class:`Reason`)."""
        ids, keys, n = self.ids, self.keys, self.n
        remaining = self.cap - self.spent(selected)
        out = ~selected

        # Unfunded direct predecessors of each item left out, in the order the pairs were given.
        blocked_pair = out[self.pred] & out[self.succ]
        req_succ, req_pred = self.succ[blocked_pair], self.pred[blocked_pair]
        by_succ = np.argsort(req_succ, kind="stable")
        req_succ, req_pred = req_succ[by_succ], req_pred[by_succ]
        req_items, req_first = np.unique(req_succ, return_index=True)
        req_ids = [ids[a] for a in req_pred.tolist()]
        req_bounds = np.append(req_first, len(req_pred)).tolist()
        requires = {i: tuple(req_ids[req_bounds[k] : req_bounds[k + 1]]) for k, i in enumerate(req_items.tolist())}

        # Binding ceilings (remaining capacity below the item's cost) as a bit code over the item's own groups.
        mi, mg = self.mem_item, self.mem_group
        bind = out[mi] & (remaining[mg] < self.cost[mi])
        first = np.searchsorted(mi, np.arange(n))
        position = np.arange(len(mi)) - first[mi]
        if len(mi) and int(position.max()) >= 62:
            code = np.zeros(n, dtype=object)
            for i, p in zip(mi[bind].tolist(), position[bind].tolist(), strict=True):
                code[i] |= 1 << p
        else:
            code = np.zeros(n, dtype=np.int64)
            np.bitwise_or.at(code, mi[bind], np.left_shift(1, position[bind]))
        codes = code.tolist()

        groups = self.item_groups
        forced_out = self.forced_out.tolist()
        shared_out, shared_value = Reason("forced_out"), Reason("value")
        ceiling_sets: dict[tuple[tuple[int, ...], int], tuple[Hashable, ...]] = {}
        ceiling_reasons: dict[tuple[Hashable, ...], Reason] = {}
        reasons: dict[Hashable, Reason] = {}
        for i in np.flatnonzero(out).tolist():
            if forced_out[i]:
                reasons[ids[i]] = shared_out
                continue
            c = codes[i]
            ceilings: tuple[Hashable, ...] = ()
            if c:
                sig = (groups[i], c)
                ceilings = ceiling_sets.get(sig)  # type: ignore[assignment]
                if ceilings is None:
                    ceilings = ceiling_sets[sig] = tuple(keys[g] for p, g in enumerate(groups[i]) if c >> p & 1)
            needs = requires.get(i)
            if needs:
                reasons[ids[i]] = Reason("precedence", ceilings, needs)
            elif ceilings:
                reason = ceiling_reasons.get(ceilings)
                if reason is None:
                    reason = ceiling_reasons[ceilings] = Reason("ceiling", ceilings)
                reasons[ids[i]] = reason
            else:
                reasons[ids[i]] = shared_value
        chosen = np.flatnonzero(selected).tolist()
        return FitResult(
            selected=frozenset([ids[i] for i in chosen]),
            objective=float(self.value[selected].sum()),
            optimal=optimal,
            gap=gap,
            status=status,
            reasons=reasons,
            remaining=dict(zip(keys, remaining.tolist(), strict=True)),
        )


def _read_items(
    items: Iterable[Mapping[str, Any]], key_index: dict[Hashable, int]
) -> tuple[list[Hashable], dict[Hashable, int], list[int], list[float], list[tuple[int, ...]]]:
    """Each item's id (unique), cost, value and ceiling indexes, checked; the hot loop of a large problem."""
    ids: list[Hashable] = []
    index: dict[Hashable, int] = {}
    costs: list[int] = []
    values: list[float] = []
    item_groups: list[tuple[int, ...]] = []
    claim, key_of = index.setdefault, key_index.__getitem__
    for pos, item in enumerate(items):
        try:
            iid, raw_cost, value, groups = item["id"], item["cost"], item["value"], item["groups"]
        except KeyError as exc:
            raise ValueError(f"item #{pos} lacks the key {exc.args[0]!r} (needs id, cost, value, groups)") from None
        except TypeError:
            raise ValueError(f"item #{pos} is not a mapping: {item!r}") from None
        try:
            if claim(iid, pos) != pos:
                raise ValueError(f"duplicate item id {iid!r}")
        except TypeError:
            raise ValueError(f"item #{pos} has an unhashable id {iid!r}") from None
        ids.append(iid)
        if type(raw_cost) is not int or not 0 <= raw_cost <= MAX_AMOUNT:
            raw_cost = _amount(raw_cost, f"cost of item {iid!r}")
        costs.append(raw_cost)
        if (type(value) is not float and type(value) is not int) or not 0.0 <= value < math.inf:
            value = _value(value, iid)
        values.append(value)
        if isinstance(groups, str | bytes):
            raise ValueError(f"groups of item {iid!r} must be a collection of ceiling keys, not the string {groups!r}")
        try:
            gidx = tuple(map(key_of, groups))
        except (KeyError, TypeError):
            unknown = next(g for g in groups if not isinstance(g, Hashable) or g not in key_index)
            raise ValueError(f"item {iid!r} counts against unknown ceiling {unknown!r}") from None
        if len(gidx) > 1 and len(set(gidx)) < len(gidx):
            gidx = tuple(dict.fromkeys(gidx))
        item_groups.append(gidx)
    return ids, index, costs, values, item_groups


def _read_precedence(
    precedence: Iterable[tuple[Hashable, Hashable]], index: dict[Hashable, int], lookup
) -> tuple[list[int], list[int]]:
    """The (a, b) pairs as item positions: a must be funded for b to be funded."""
    pa: list[int] = []
    pb: list[int] = []
    get = index.get
    for pair in precedence:
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise ValueError(f"precedence entries must be pairs (a, b), not {pair!r}") from None
        try:
            ia, ib = get(a), get(b)
        except TypeError:
            ia = ib = None
        if ia is None or ib is None:
            lookup(a, "precedence")
            lookup(b, "precedence")
        pa.append(ia)  # type: ignore[arg-type]
        pb.append(ib)  # type: ignore[arg-type]
    return pa, pb


def build_problem(
    items: Iterable[Mapping[str, Any]],
    ceilings: Mapping[Hashable, Any],
    precedence: Iterable[tuple[Hashable, Hashable]],
    forced_in: Iterable[Hashable],
    forced_out: Iterable[Hashable],
) -> Problem:
    """Check the input and turn it into arrays; every refusal is a ``ValueError`` naming what is wrong.

    An item naming a ceiling key that is not in ``ceilings`` is an error rather than "unconstrained":
    a typo in a region or agency code must not silently lift a budget limit.
    """
    keys = list(ceilings)
    key_index = {k: g for g, k in enumerate(keys)}
    cap = np.array([_amount(ceilings[k], f"ceiling {k!r}") for k in keys], dtype=np.int64)

    ids, index, costs, values, item_groups = _read_items(items, key_index)

    n = len(ids)
    sizes = np.fromiter(map(len, item_groups), dtype=np.int64, count=n)
    mem_item = np.repeat(np.arange(n, dtype=np.int64), sizes)
    mem_group = np.fromiter((g for gs in item_groups for g in gs), dtype=np.int64, count=int(sizes.sum()))

    def lookup(iid: Hashable, what: str) -> int:
        try:
            return index[iid]
        except (KeyError, TypeError):
            raise ValueError(f"{what} names unknown item id {iid!r}") from None

    pa, pb = _read_precedence(precedence, index, lookup)
    pred_all, succ_all = np.array(pa, dtype=np.int64), np.array(pb, dtype=np.int64)
    _, first_seen = np.unique(pred_all * max(n, 1) + succ_all, return_index=True)
    first_seen.sort()
    keep = first_seen[pred_all[first_seen] != succ_all[first_seen]]  # drop repeats and (a, a)
    pred, succ = pred_all[keep], succ_all[keep]

    f_in = {lookup(i, "forced_in"): None for i in forced_in}
    f_out = {lookup(i, "forced_out"): None for i in forced_out}
    both = [ids[i] for i in f_in if i in f_out]
    if both:
        raise ValueError(f"items both forced in and forced out: {both!r}")

    forced_out_mask = np.zeros(n, dtype=bool)
    forced_out_mask[list(f_out)] = True
    blocked = _closure(f_out, pred, succ, n)  # what depends on a forced-out item can never be funded
    parents: dict[int, int] = {}
    fixed_in = _closure(f_in, succ, pred, n, parents)  # a forced-in item needs everything it depends on
    conflict = np.flatnonzero(fixed_in & forced_out_mask)
    if conflict.size:
        a = int(conflict[0])
        chain = [a]
        while chain[-1] in parents:
            chain.append(parents[chain[-1]])
        path = " -> ".join(repr(ids[i]) for i in chain)
        raise ValueError(f"item {ids[chain[-1]]!r} is forced in but needs forced-out item {ids[a]!r} (order {path})")

    problem = Problem(
        ids=ids,
        cost=np.array(costs, dtype=np.int64),
        value=np.array(values, dtype=np.float64),
        keys=keys,
        cap=cap,
        mem_item=mem_item,
        mem_group=mem_group,
        item_groups=item_groups,
        pred=pred,
        succ=succ,
        fixed_in=fixed_in,
        forced_out=forced_out_mask,
        blocked=blocked,
    )
    spent = problem.spent(fixed_in)
    over = np.flatnonzero(spent > cap)
    if over.size:
        detail = "; ".join(f"ceiling {keys[g]!r} needs {int(spent[g])} but has {int(cap[g])}" for g in over.tolist())
        raise ValueError(f"forced-in items (with the items they depend on) break a ceiling: {detail}")
    return problem


def _closure(
    start: Iterable[int], src: np.ndarray, dst: np.ndarray, n: int, parents: dict[int, int] | None = None
) -> np.ndarray:
    """Items reachable from ``start`` along edges src[k] -> dst[k]; ``parents`` records one path back."""
    mask = np.zeros(n, dtype=bool)
    queue = deque(start)
    if not queue:
        return mask
    mask[list(queue)] = True
    adj: dict[int, list[int]] = {}
    for s, d in zip(src.tolist(), dst.tolist(), strict=True):
        adj.setdefault(s, []).append(d)
    while queue:
        i = queue.popleft()
        for j in adj.get(i, ()):
            if not mask[j]:
                mask[j] = True
                if parents is not None:
                    parents[j] = i
                queue.append(j)
    return mask
