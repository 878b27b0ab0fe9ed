"""Analytic Hierarchy Process: criterion weights from a pairwise-comparison matrix, with Saaty's consistency.

The forum compares criteria two at a time on Saaty's 1-9 scale; ``pairwise[i][j]`` says how much more
important criterion i is than j, and ``pairwise[j][i]`` should be its reciprocal. The product refuses
weights whose consistency ratio exceeds 0.10, i.e. when the comparisons contradict each other too much.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array

#: Saaty's random consistency index RI(n) for n = 1..10.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
#: Largest matrix accepted; RI is only tabulated (and pairwise comparison only practical) up to here.
MAX_CRITERIA = max(RANDOM_INDEX)
#: Saaty's acceptance threshold for the consistency ratio.
CR_THRESHOLD = 0.10
#: Allowed relative deviation of pairwise[i][j] * pairwise[j][i] from 1, so hand-typed 0.33 passes for 1/3.
RECIPROCAL_TOLERANCE = 0.02
_SLACK = 1e-9  # so that products landing exactly on the tolerance (0.14 * 7 = 0.98) are not lost to rounding

METHODS = ("approximate", "eigenvector")


@dataclass(frozen=True)
class AHPResult:
    """Weights (sum 1, in criterion order) with the consistency figures the forum needs to see."""

    weights: list[float]
    lambda_max: float
    ci: float
    cr: float
    method: str

    @property
    def consistent(self) -> bool:
        """True when CR <= 0.10, Saaty's threshold (the product refuses inconsistent comparisons)."""
        return self.cr <= CR_THRESHOLD


def _check_pairwise(pairwise: ArrayLike) -> np.ndarray:
    a = as_float_array(pairwise, "pairwise", 2)
    rows, cols = a.shape
    if rows != cols:
        raise ValueError(f"pairwise matrix must be square, got {rows} rows x {cols} columns")
    n = rows
    if n == 0:
        raise ValueError("pairwise matrix is empty: need at least one criterion")
    if n > MAX_CRITERIA:
        raise ValueError(
            f"pairwise matrix has {n} criteria; at most {MAX_CRITERIA} are supported because Saaty's random "
            "index is tabulated only up to n = 10 (group the criteria into a hierarchy instead)"
        )
    bad = ~np.isfinite(a)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise ValueError(f"pairwise[{i}][{j}] is {a[i, j]}; entries must be finite numbers")
    not_positive = a <= 0
    if not_positive.any():
        i, j = (int(k) for k in np.argwhere(not_positive)[0])
        raise ValueError(f"pairwise[{i}][{j}] is {a[i, j]}; entries must be positive")
    diagonal = np.abs(np.diag(a) - 1.0) > _SLACK
    if diagonal.any():
        i = int(np.flatnonzero(diagonal)[0])
        raise ValueError(f"pairwise[{i}][{i}] is {a[i, i]}; the diagonal must be 1 (a criterion equals itself)")
    product = a * a.T
    off = np.abs(product - 1.0) > RECIPROCAL_TOLERANCE + _SLACK
    if off.any():
        i, j = (int(k) for k in np.argwhere(off)[0])
        raise ValueError(
            f"pairwise[{i}][{j}] = {a[i, j]} and pairwise[{j}][{i}] = {a[j, i]} are not reciprocal "
            f"(product {product[i, j]:.4g}, allowed 1 +/- {RECIPROCAL_TOLERANCE})"
        )
    return a


def ahp_weights(pairwise: ArrayLike, method: str = "approximate") -> AHPResult:
    """Criterion weights and Saaty's consistency (lambda_max, CI, CR) from a pairwise-comparison matrix.

    ``method="approximate"``: normalise each column to sum 1, weights = row means, lambda_max = sum over j of
    (column sum j) * w_j. ``method="eigenvector"``: the principal eigenvector normalised to sum 1 and its
    eigenvalue. CI = (lambda_max - n) / (n - 1); CR = CI / RI(n), and CR = 0 for n <= 2.

    The matrix must be square, positive, with ones on the diagonal and reciprocal within 2 %
    (``a[i][j] * a[j][i]`` in [0.98, 1.02]); it is used as given, not symmetrised. n > 10 raises ValueError:
    Saaty's random index is tabulated here only up to 10, and larger sets should be split hierarchically.
    Rounding can make CI/CR a tiny negative number for a perfectly consistent matrix; it is not clamped.
    """
    if method not in METHODS:
        raise ValueError(f"unknown AHP method {method!r}; expected 'approximate' or 'eigenvector'")
    a = _check_pairwise(pairwise)
    n = a.shape[0]
    if method == "approximate":
        column_sums = a.sum(axis=0)
        w = (a / column_sums).mean(axis=1)
        lambda_max = float(column_sums @ w)
    else:
        values, vectors = np.linalg.eig(a)
        k = int(np.argmax(values.real))  # Perron root: real, positive, the largest for a positive matrix
        lambda_max = float(values[k].real)
        vector = np.abs(vectors[:, k].real)  # the Perron vector has one sign; eig may return it negated
        w = vector / vector.sum()
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    cr = ci / RANDOM_INDEX[n] if n > 2 else 0.0
    return AHPResult(weights=w.tolist(), lambda_max=lambda_max, ci=ci, cr=cr, method=method)


def is_consistent(result: AHPResult, threshold: float = CR_THRESHOLD) -> bool:
    """Whether the comparisons are acceptable: CR <= threshold (Saaty and the product use 0.10)."""
    if not np.isfinite(threshold) or threshold < 0:
        raise ValueError(f"threshold must be a finite non-negative number, got {threshold!r}")
    return result.cr <= threshold
