"""Input checks shared by the ranking methods.

Everything is converted to float64 NumPy arrays once, up front, so the methods can stay vectorised and
branch-free, and every bad input surfaces as a ``ValueError`` that says *where* the problem is.
Indices in messages are 0-based: "row" = alternative, "criterion"/"column" = criterion.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from decimal import Decimal

import numpy as np
from numpy.typing import ArrayLike, NDArray

BENEFIT = "benefit"
COST = "cost"

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _ragged_hint(value: object, name: str) -> str | None:
    """Name the first row whose length differs from row 0, if ``value`` is a list of rows."""
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        return None
    lengths = []
    for row in value:
        if not isinstance(row, Sequence) or isinstance(row, str | bytes):
            return None
        lengths.append(len(row))
    for i, length in enumerate(lengths):
        if length != lengths[0]:
            return f"{name} row {i} has {length} values but row 0 has {lengths[0]}"
    return None


def _position(index: tuple[int, ...]) -> str:
    return "".join(f"[{i}]" for i in index)


def as_float_array(value: ArrayLike, name: str, ndim: int) -> FloatArray:
    """Convert to a float64 array of the given rank; accepts lists, NumPy arrays and Decimals (Django fields)."""
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError) as exc:
            hint = _ragged_hint(value, name)
            raise ValueError(hint or f"{name} is not a rectangular array of numbers ({exc})") from None
    if arr.dtype.kind == "O":
        for index in np.ndindex(arr.shape):
            item = arr[index]
            if not isinstance(item, numbers.Real | Decimal):
                raise ValueError(f"{name}{_position(index)} is {item!r}, not a number")
        arr = arr.astype(np.float64)
    elif arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain numbers, got values of type {arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    return arr.astype(np.float64, copy=False)


def as_matrix(matrix: ArrayLike) -> FloatArray:
    """Alternatives x criteria as float64; refuses empty input, which has nothing to rank."""
    if not isinstance(matrix, np.ndarray) and isinstance(matrix, Sequence) and len(matrix) == 0:
        raise ValueError("matrix is empty: need at least one alternative (row) and one criterion (column)")
    x = as_float_array(matrix, "matrix", 2)
    if x.size == 0:
        raise ValueError(
            f"matrix is empty (shape {x.shape}): need at least one alternative (row) and one criterion (column)"
        )
    return x


def as_weights(weights: ArrayLike, n: int) -> FloatArray:
    """Non-negative weights normalised to sum 1 (divided by the maximum first, so huge values cannot overflow)."""
    w = as_float_array(weights, "weights", 1)
    if w.shape[0] != n:
        raise ValueError(f"weights has {w.shape[0]} entries but the matrix has {n} criteria (columns)")
    bad = ~np.isfinite(w)
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise ValueError(f"weights[{j}] (criterion {j}) is {w[j]}; weights must be finite numbers")
    negative = w < 0
    if negative.any():
        j = int(np.flatnonzero(negative)[0])
        raise ValueError(f"weights[{j}] (criterion {j}) is {w[j]}; weights must be non-negative")
    top = w.max()
    if top == 0:
        raise ValueError("all weights are zero; at least one criterion must carry weight")
    w = w / top
    return w / w.sum()


def as_kinds(kinds: Sequence[str], n: int) -> BoolArray:
    """Boolean mask, True where the criterion is a cost (lower is better)."""
    if isinstance(kinds, str | bytes):
        raise ValueError(f"kinds must be a sequence of {n} strings ('benefit' or 'cost'), not a single string")
    try:
        items = list(kinds)
    except TypeError:
        raise ValueError(f"kinds must be a sequence of {n} strings ('benefit' or 'cost'), got {kinds!r}") from None
    if len(items) != n:
        raise ValueError(f"kinds has {len(items)} entries but the matrix has {n} criteria (columns)")
    for j, kind in enumerate(items):
        if not isinstance(kind, str) or kind not in (BENEFIT, COST):
            raise ValueError(f"kinds[{j}] (criterion {j}) is {kind!r}; expected 'benefit' or 'cost'")
    return np.array([kind == COST for kind in items], dtype=bool)


def column_extremes(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Column minima and maxima; doubles as the NaN/inf check (both propagate into min or max)."""
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    bad = ~(np.isfinite(lo) & np.isfinite(hi))
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        i = int(np.flatnonzero(~np.isfinite(x[:, j]))[0])
        raise ValueError(f"matrix row {i}, criterion {j} is {x[i, j]}; values must be finite numbers")
    return lo, hi


def first_row(mask: BoolArray) -> int:
    """Index of the first True in a column mask (used only to build error messages)."""
    return int(np.flatnonzero(mask)[0])
