"""Multi-criteria scoring of proposals: SAW and TOPSIS, vectorised over alternatives.

Both work on an m x n matrix (alternatives x criteria) and return one score per alternative, in input order,
higher = better. Criteria are "benefit" (more is better, e.g. beneficiaries) or "cost" (less is better, e.g.
budget in rupiah).

Numerics are arranged so that a dominated alternative can never outscore the one dominating it, not even by
a rounding error: every per-criterion step is a monotone IEEE operation and each row is summed in the same
order, so ties stay ties and order is preserved bit-for-bit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._validate import FloatArray, as_kinds, as_matrix, as_weights, column_extremes, first_row


def saw(matrix: ArrayLike, weights: ArrayLike, kinds: Sequence[str]) -> list[float]:
    """Simple Additive Weighting: benefit r = x / max(x), cost r = min(x) / x, score = sum of w * r.

    Negative values are refused: SAW's ratios assume a natural zero (x / max of -5 and 10 is meaningless).
    A benefit column whose maximum is 0, or a cost column containing a 0, is refused because SAW divides by it.
    Scores lie in [0, 1]; an alternative that is best on every criterion scores 1.
    """
    x = as_matrix(matrix)
    n = x.shape[1]
    w = as_weights(weights, n)
    is_cost = as_kinds(kinds, n)
    lo, hi = column_extremes(x)

    negative = lo < 0
    if negative.any():
        j = first_row(negative)
        i = first_row(x[:, j] < 0)
        raise ValueError(
            f"matrix row {i}, criterion {j} is {x[i, j]}; SAW needs non-negative values "
            "(its ratios x/max and min/x are meaningless for negative numbers)"
        )
    zero_benefit = ~is_cost & (hi == 0)
    if zero_benefit.any():
        j = first_row(zero_benefit)
        raise ValueError(f"criterion {j} is a benefit criterion whose values are all 0; SAW divides by the maximum")
    zero_cost = is_cost & (lo == 0)
    if zero_cost.any():
        j = first_row(zero_cost)
        i = first_row(x[:, j] == 0)
        raise ValueError(f"matrix row {i}, criterion {j} is 0 in a cost criterion; SAW divides the minimum by it")

    # benefit: w * x / max  ->  x * (w / max);   cost: w * min / x  ->  (w * min) / x
    coef = np.where(is_cost, w * lo, w / hi)  # hi > 0 everywhere after the checks above
    terms = x * coef
    if is_cost.any():
        np.divide(coef, x, out=terms, where=is_cost)
    return terms.sum(axis=1).tolist()


def _row_distance(v: FloatArray, ideal: FloatArray, buffer: FloatArray) -> FloatArray:
    """Euclidean distance of each row of v to the ideal point, reusing one scratch buffer."""
    np.subtract(v, ideal, out=buffer)
    np.square(buffer, out=buffer)
    return np.sqrt(buffer.sum(axis=1))


def topsis(matrix: ArrayLike, weights: ArrayLike, kinds: Sequence[str]) -> list[float]:
    """TOPSIS: closeness to the ideal best vs. the ideal worst, score = D- / (D+ + D-), 0.5 if both are 0.

    Vector normalisation r = x / sqrt(sum x^2) per criterion, v = w * r; the ideal best takes the column
    maximum for benefit and minimum for cost criteria, the ideal worst the opposite. Negative values are
    accepted: normalisation and distances are well defined for them. A criterion whose values are all 0 is
    refused because it would be divided by a zero norm.
    """
    x = as_matrix(matrix)
    n = x.shape[1]
    w = as_weights(weights, n)
    is_cost = as_kinds(kinds, n)
    lo, hi = column_extremes(x)

    # Scaling each column first is harmless (TOPSIS is scale-invariant per criterion) and keeps sum x^2 from
    # overflowing for values near 1e154 or more.
    scale = np.maximum(np.abs(lo), np.abs(hi))
    zero = scale == 0
    if zero.any():
        j = first_row(zero)
        raise ValueError(f"criterion {j} is all zeros; TOPSIS divides by the column's norm sqrt(sum x^2) = 0")
    v = x / scale
    coef = w / np.sqrt(np.einsum("ij,ij->j", v, v))
    v *= coef
    # Same operations as applied to the elements, so these equal the column extremes of v exactly.
    v_lo = lo / scale * coef
    v_hi = hi / scale * coef
    best = np.where(is_cost, v_lo, v_hi)
    worst = np.where(is_cost, v_hi, v_lo)

    buffer = np.empty_like(v)
    d_plus = _row_distance(v, best, buffer)
    d_minus = _row_distance(v, worst, buffer)
    # 1 / (1 + D+/D-) equals D- / (D+ + D-) but is monotone under rounding; D- = 0 gives 0, and 0/0 (both
    # distances 0, i.e. every alternative identical on weighted criteria) gives NaN, which becomes 0.5.
    with np.errstate(divide="ignore", invalid="ignore"):
        score = 1.0 / (1.0 + d_plus / d_minus)
    score[np.isnan(score)] = 0.5
    return score.tolist()
