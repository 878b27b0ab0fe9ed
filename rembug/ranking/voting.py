"""Vote counting for the forum (Borda, approval) and turning any scores into an order.

Ballots come from people, one at a time, so these count in plain Python; what matters is that a malformed
ballot is refused with its position and the offending index rather than silently miscounted.
"""

from __future__ import annotations

import numbers
from collections.abc import Collection, Iterable, Sequence, Set

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array


def _check_n(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n (number of alternatives) must be a positive integer, got {n!r}")
    return int(n)


def _indices(entries: Iterable[int], n: int, label: str) -> list[int]:
    """Validated alternative indices of one ranking or ballot: integers in 0..n-1, each at most once."""
    if isinstance(entries, str | bytes) or not isinstance(entries, Iterable):
        raise ValueError(f"{label} must be a collection of alternative indices, got {entries!r}")
    seen: set[int] = set()
    out: list[int] = []
    for entry in entries:
        if isinstance(entry, bool) or not isinstance(entry, numbers.Integral):
            raise ValueError(f"{label} contains {entry!r}, which is not an integer alternative index")
        index = int(entry)
        if not 0 <= index < n:
            raise ValueError(f"{label} contains index {index}, out of range 0..{n - 1}")
        if index in seen:
            raise ValueError(f"{label} contains index {index} more than once")
        seen.add(index)
        out.append(index)
    return out


def borda(rankings: Iterable[Sequence[int]], n: int) -> list[int]:
    """Borda count: in each ranking (best first, may be partial) position p earns n - 1 - p points.

    Alternatives a ranking leaves out earn 0 from it. Returns the n totals in alternative order. A ranking
    must be ordered, so sets are refused rather than counted in arbitrary order.
    """
    n = _check_n(n)
    totals = [0] * n
    for k, ranking in enumerate(rankings):
        if isinstance(ranking, Set):
            raise ValueError(f"ranking {k} is a set, which has no order; pass a list, best first")
        for position, index in enumerate(_indices(ranking, n, f"ranking {k}")):
            totals[index] += n - 1 - position
    return totals


def approval(ballots: Iterable[Collection[int]], n: int) -> list[int]:
    """Approval voting: how many ballots approve each of the n alternatives (a ballot approves a set)."""
    n = _check_n(n)
    counts = [0] * n
    for k, ballot in enumerate(ballots):
        for index in _indices(ballot, n, f"ballot {k}"):
            counts[index] += 1
    return counts


def rank_order(scores: ArrayLike) -> list[int]:
    """Alternative indices, best (highest score) first; equal scores keep their input order (stable sort)."""
    s = as_float_array(scores, "scores", 1)
    bad = ~np.isfinite(s)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"scores[{i}] is {s[i]}; scores must be finite numbers")
    return np.argsort(-s, kind="stable").tolist()
