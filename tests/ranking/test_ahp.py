"""AHP: weights and Saaty consistency on hand-worked matrices, and what a pairwise matrix must look like."""

import math

import numpy as np
import pytest

from rembug.ranking import CR_THRESHOLD, AHPResult, ahp_weights, is_consistent

# Classic 3x3: criterion 0 is moderately (3) more important than 1 and strongly (5) more than 2; 1 vs 2 is 3.
CLASSIC = [
    [1, 3, 5],
    [1 / 3, 1, 3],
    [1 / 5, 1 / 3, 1],
]
# Perfectly consistent: a[i][j] = w_i / w_j for w = (0.5, 0.3, 0.2).
CONSISTENT = [
    [1, 5 / 3, 5 / 2],
    [3 / 5, 1, 3 / 2],
    [2 / 5, 2 / 3, 1],
]
# Cyclic: 0 beats 1 beats 2 beats 0, all at 9 -- maximally contradictory.
CYCLIC = [
    [1, 9, 1 / 9],
    [1 / 9, 1, 9],
    [9, 1 / 9, 1],
]


def test_approximate_method_on_classic_matrix_matches_hand_arithmetic():
    # column sums: 1+1/3+1/5 = 23/15, 3+1+1/3 = 13/3, 5+3+1 = 9
    # normalised rows (over 2691 = 23*13*9): row0 = 15/23, 9/13, 5/9 = (1755 + 1863 + 1495)/2691 = 5113/2691
    #                                         row1 = 5/23, 3/13, 3/9 = (585 + 621 + 897)/2691 = 2103/2691
    #                                         row2 = 3/23, 1/13, 1/9 = (351 + 207 + 299)/2691 = 857/2691
    # weights = row sums / 3 = 5113/8073, 2103/8073, 857/8073 = 0.633346, 0.260498, 0.106156
    # lambda_max = 23/15*5113/8073 + 13/3*2103/8073 + 9*857/8073 = 369989/121095 = 3.055361
    # CI = (3.055361 - 3)/2 = 0.027681;  CR = 0.027681/0.58 = 0.047725
    result = ahp_weights(CLASSIC)
    assert result.method == "approximate"
    assert result.weights == pytest.approx([5113 / 8073, 2103 / 8073, 857 / 8073], rel=1e-12)
    assert result.lambda_max == pytest.approx(369989 / 121095, rel=1e-12)
    assert result.ci == pytest.approx(0.027681, abs=1e-6)
    assert result.cr == pytest.approx(0.047725, abs=1e-6)
    assert result.consistent


def test_eigenvector_method_on_classic_matrix_matches_closed_form():
    # For a 3x3 reciprocal matrix with a01 = 3, a02 = 5, a12 = 3: lambda_max = 1 + r^(1/3) + r^(-1/3) with
    # r = a02/(a01*a12) = 5/9 -> 1 + 0.822071 + 1.216440 = 3.038511; CI = 0.019256; CR = 0.019256/0.58 = 0.033199.
    # The principal eigenvector of a 3x3 reciprocal matrix is the row geometric mean:
    # (15^(1/3), 1, 15^(-1/3)) = (2.466212, 1, 0.405480) / 3.871692 = (0.636986, 0.258285, 0.104729).
    result = ahp_weights(CLASSIC, method="eigenvector")
    r = 5 / 9
    gm = [15 ** (1 / 3), 1.0, 15 ** (-1 / 3)]
    assert result.lambda_max == pytest.approx(1 + r ** (1 / 3) + r ** (-1 / 3), rel=1e-12)
    assert result.weights == pytest.approx([g / sum(gm) for g in gm], rel=1e-10)
    assert result.weights == pytest.approx([0.636986, 0.258285, 0.104729], abs=1e-6)
    assert result.ci == pytest.approx(0.019256, abs=1e-6)
    assert result.cr == pytest.approx(0.033199, abs=1e-6)


@pytest.mark.parametrize("method", ["approximate", "eigenvector"])
def test_perfectly_consistent_matrix_returns_its_weights_with_zero_cr(method):
    result = ahp_weights(CONSISTENT, method=method)
    assert result.weights == pytest.approx([0.5, 0.3, 0.2], rel=1e-12)
    assert result.lambda_max == pytest.approx(3.0, rel=1e-12)
    assert result.cr == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("method", ["approximate", "eigenvector"])
def test_contradictory_comparisons_are_flagged_inconsistent(method):
    result = ahp_weights(CYCLIC, method=method)
    assert result.cr > CR_THRESHOLD
    assert not result.consistent
    assert not is_consistent(result)


def test_is_consistent_uses_the_given_threshold():
    result = ahp_weights(CLASSIC)  # CR = 0.0477
    assert is_consistent(result)
    assert not is_consistent(result, threshold=0.04)
    assert is_consistent(result, threshold=0.05)


def test_is_consistent_refuses_a_nonsense_threshold():
    with pytest.raises(ValueError, match=r"threshold"):
        is_consistent(ahp_weights(CLASSIC), threshold=-0.1)


def test_result_is_an_ahp_result_with_plain_float_weights_summing_to_one():
    result = ahp_weights(CLASSIC)
    assert isinstance(result, AHPResult)
    assert type(result.weights) is list and all(type(w) is float for w in result.weights)
    assert math.fsum(result.weights) == pytest.approx(1.0, abs=1e-15)


def test_hand_typed_decimals_for_reciprocals_are_accepted():
    # 0.33 for 1/3 (3 * 0.33 = 0.99), 0.2 for 1/5, 0.14 for 1/7 (7 * 0.14 = 0.98, exactly on the 2 % edge).
    typed = [[1, 3, 5, 7], [0.33, 1, 3, 5], [0.2, 0.33, 1, 3], [0.14, 0.2, 0.33, 1]]
    result = ahp_weights(typed)
    assert result.weights[0] > result.weights[1] > result.weights[2] > result.weights[3]


def test_reciprocal_off_by_more_than_two_percent_is_refused_naming_the_pair():
    # 3 * 0.32 = 0.96: 4 % off.
    bad = [[1, 3, 5], [0.32, 1, 3], [0.2, 1 / 3, 1]]
    message = r"pairwise\[0\]\[1\] = 3\.0 and pairwise\[1\]\[0\] = 0\.32 are not reciprocal"
    with pytest.raises(ValueError, match=message):
        ahp_weights(bad)


def test_entry_that_is_not_a_reciprocal_at_all_is_refused():
    with pytest.raises(ValueError, match=r"not reciprocal"):
        ahp_weights([[1, 3], [3, 1]])


def test_diagonal_other_than_one_is_refused():
    with pytest.raises(ValueError, match=r"pairwise\[1\]\[1\] is 2\.0; the diagonal must be 1"):
        ahp_weights([[1, 2], [0.5, 2]])


@pytest.mark.parametrize("bad", [0, -3])
def test_non_positive_entry_is_refused_naming_it(bad):
    with pytest.raises(ValueError, match=r"pairwise\[0\]\[1\] is -?\d\.0; entries must be positive"):
        ahp_weights([[1, bad], [1 / 3, 1]])


def test_nan_entry_is_refused():
    with pytest.raises(ValueError, match=r"pairwise\[1\]\[0\] is nan"):
        ahp_weights([[1, 2], [math.nan, 1]])


def test_non_square_matrix_is_refused():
    with pytest.raises(ValueError, match=r"must be square, got 2 rows x 3 columns"):
        ahp_weights([[1, 2, 3], [0.5, 1, 2]])


def test_empty_matrix_is_refused():
    with pytest.raises(ValueError, match=r"empty"):
        ahp_weights(np.zeros((0, 0)))


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match=r"unknown AHP method 'geometric'"):
        ahp_weights(CLASSIC, method="geometric")


def test_more_than_ten_criteria_are_refused_because_ri_is_not_tabulated():
    with pytest.raises(ValueError, match=r"11 criteria; at most 10"):
        ahp_weights(np.ones((11, 11)))


@pytest.mark.parametrize("method", ["approximate", "eigenvector"])
def test_ten_criteria_of_equal_importance_get_equal_weights(method):
    result = ahp_weights(np.ones((10, 10)), method=method)
    assert result.weights == pytest.approx([0.1] * 10, rel=1e-12)
    assert result.cr == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("method", ["approximate", "eigenvector"])
def test_two_criteria_have_cr_zero_and_weights_from_the_ratio(method):
    # [[1, 3], [1/3, 1]]: weights 3:1 = 0.75, 0.25.
    result = ahp_weights([[1, 3], [1 / 3, 1]], method=method)
    assert result.weights == pytest.approx([0.75, 0.25], rel=1e-12)
    assert result.cr == 0.0


@pytest.mark.parametrize("method", ["approximate", "eigenvector"])
def test_single_criterion_gets_all_the_weight(method):
    result = ahp_weights([[1]], method=method)
    assert result.weights == pytest.approx([1.0])
    assert result.ci == 0.0 and result.cr == 0.0
