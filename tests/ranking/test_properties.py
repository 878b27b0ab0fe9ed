"""Property checks: invariances every MCDM score must have, and AHP/rank_order laws, on generated input."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rembug.ranking import ahp_weights, borda, rank_order, saw, topsis

# database=None: no .hypothesis/ directory is written into the work tree.
PROPERTY = settings(database=None, deadline=None, max_examples=100)
METHODS = pytest.mark.parametrize("method", [saw, topsis], ids=["saw", "topsis"])

positive_weight = st.one_of(st.just(0.0), st.floats(0.01, 10.0))
kind = st.sampled_from(["benefit", "cost"])


@st.composite
def problems(draw, values=None, min_rows=1):
    """(matrix, weights, kinds) with at least one positive weight."""
    if values is None:
        values = st.integers(1, 1000).map(float)  # a grid: well-conditioned differences for TOPSIS
    m = draw(st.integers(min_rows, 6))
    n = draw(st.integers(1, 5))
    matrix = draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    weights = draw(st.lists(positive_weight, min_size=n, max_size=n).filter(lambda w: max(w) > 0))
    kinds = draw(st.lists(kind, min_size=n, max_size=n))
    return matrix, weights, kinds


@METHODS
@PROPERTY
@given(problem=problems(), factor=st.floats(1e-3, 1e3))
def test_scaling_all_weights_changes_no_score(method, problem, factor):
    matrix, weights, kinds = problem
    scaled = [w * factor for w in weights]
    assert method(matrix, scaled, kinds) == pytest.approx(method(matrix, weights, kinds), rel=1e-9, abs=1e-12)


@METHODS
@PROPERTY
@given(problem=problems(), data=st.data(), factor=st.floats(1e-3, 1e3))
def test_scaling_a_criterion_column_changes_no_score(method, problem, data, factor):
    matrix, weights, kinds = problem
    j = data.draw(st.integers(0, len(weights) - 1))
    scaled = np.array(matrix)
    scaled[:, j] *= factor
    assert method(scaled, weights, kinds) == pytest.approx(method(matrix, weights, kinds), rel=1e-9, abs=1e-12)


@METHODS
@PROPERTY
@given(problem=problems(), data=st.data())
def test_permuting_alternatives_permutes_the_scores(method, problem, data):
    matrix, weights, kinds = problem
    perm = data.draw(st.permutations(range(len(matrix))))
    scores = method(matrix, weights, kinds)
    permuted = method([matrix[i] for i in perm], weights, kinds)
    assert permuted == pytest.approx([scores[i] for i in perm], rel=1e-9, abs=1e-12)


def _dominated_copy(row, kinds, factors):
    """A row no better than ``row`` anywhere: benefit values shrunk, cost values grown."""
    return [x * f if k == "benefit" else x / f for x, k, f in zip(row, kinds, factors, strict=True)]


@METHODS
@PROPERTY
@given(problem=problems(values=st.floats(0.01, 1e6)), data=st.data())
def test_dominated_alternative_never_outranks_its_dominator(method, problem, data):
    matrix, weights, kinds = problem
    a = data.draw(st.integers(0, len(matrix) - 1))
    factors = data.draw(st.lists(st.floats(0.05, 1.0), min_size=len(kinds), max_size=len(kinds)))
    b = len(matrix)
    scores = method([*matrix, _dominated_copy(matrix[a], kinds, factors)], weights, kinds)
    assert scores[b] <= scores[a]  # exactly, not approximately
    order = rank_order(scores)
    assert order.index(a) < order.index(b)


nonzero = st.floats(-1e6, 1e6).filter(lambda v: v != 0)


@PROPERTY
@given(problem=problems(values=nonzero), data=st.data())
def test_topsis_dominance_holds_for_negative_values_too(problem, data):
    matrix, weights, kinds = problem
    a = data.draw(st.integers(0, len(matrix) - 1))
    deltas = data.draw(st.lists(st.floats(0, 1e6), min_size=len(kinds), max_size=len(kinds)))
    worse = [x - d if k == "benefit" else x + d for x, k, d in zip(matrix[a], kinds, deltas, strict=True)]
    scores = topsis([*matrix, worse], weights, kinds)
    assert scores[-1] <= scores[a]


@METHODS
@PROPERTY
@given(problem=problems(values=st.floats(0.01, 1e6)))
def test_scores_lie_between_zero_and_one(method, problem):
    scores = method(*problem)
    assert all(0.0 <= s <= 1.0 + 1e-12 for s in scores)


AHP_METHOD = st.sampled_from(["approximate", "eigenvector"])


@PROPERTY
@given(w=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=10), method=AHP_METHOD)
def test_ahp_methods_recover_the_weights_of_a_perfectly_consistent_matrix(w, method):
    pairwise = [[wi / wj for wj in w] for wi in w]
    result = ahp_weights(pairwise, method=method)
    total = math.fsum(w)
    assert result.weights == pytest.approx([wi / total for wi in w], rel=1e-9)
    assert result.lambda_max == pytest.approx(len(w), rel=1e-9)
    assert result.cr == pytest.approx(0.0, abs=1e-9)


saaty = st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9])


@PROPERTY
@given(n=st.integers(1, 10), data=st.data())
def test_ahp_weights_are_positive_and_eigenvalue_is_at_least_n(n, data):
    # Saaty: for a positive reciprocal matrix lambda_max >= n, with equality only when consistent.
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = data.draw(saaty)
            a[j, i] = 1 / a[i, j]
    for method in ("approximate", "eigenvector"):
        result = ahp_weights(a, method=method)
        assert all(w > 0 for w in result.weights)
        assert math.fsum(result.weights) == pytest.approx(1.0, abs=1e-12)
    eigen = ahp_weights(a, method="eigenvector")
    assert eigen.lambda_max >= n - 1e-9
    assert eigen.cr >= -1e-9


@PROPERTY
@given(scores=st.lists(st.integers(0, 3), max_size=20))
def test_rank_order_is_a_best_first_permutation_with_stable_ties(scores):
    order = rank_order(scores)
    assert sorted(order) == list(range(len(scores)))
    for earlier, later in itertools.pairwise(order):
        assert scores[earlier] >= scores[later]
        if scores[earlier] == scores[later]:
            assert earlier < later


@PROPERTY
@given(n=st.integers(1, 8), data=st.data())
def test_borda_hands_out_the_same_total_per_complete_ranking(n, data):
    rankings = data.draw(st.lists(st.permutations(range(n)), max_size=10))
    totals = borda(rankings, n)
    assert sum(totals) == len(rankings) * n * (n - 1) // 2
    if rankings and all(r[0] == rankings[0][0] for r in rankings):
        assert totals[rankings[0][0]] == len(rankings) * (n - 1) == max(totals)
