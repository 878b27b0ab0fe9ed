"""TOPSIS: a hand-worked case and the edge cases of closeness to the ideal."""

import math

import numpy as np
import pytest

from rembug.ranking import rank_order, topsis

KINDS = ["benefit", "cost", "benefit"]
# Columns chosen so the norms are whole numbers: sqrt(2^2+1^2+2^2) = 3, sqrt(6^2+2^2+3^2) = 7, sqrt(1+4+4) = 3.
MATRIX = [
    [2, 6, 1],  # A
    [1, 2, 2],  # B
    [2, 3, 2],  # C
]


def test_hand_worked_example_matches_arithmetic():
    # weights 2,1,1 -> 1/2, 1/4, 1/4
    # r: c0 = 2/3, 1/3, 2/3;  c1 = 6/7, 2/7, 3/7;  c2 = 1/3, 2/3, 2/3
    # v = w*r: A = (1/3, 3/14, 1/12), B = (1/6, 1/14, 1/6), C = (1/3, 3/28, 1/6)
    # best  (max, min, max) = (1/3, 1/14, 1/6);  worst (min, max, min) = (1/6, 3/14, 1/12)
    # D+: A = sqrt((1/7)^2 + (1/12)^2) = sqrt(193)/84;  B = 1/6;  C = 1/28
    # D-: A = 1/6;  B = sqrt((1/7)^2 + (1/12)^2) = sqrt(193)/84;  C = sqrt(1/36 + 9/784 + 1/144) = sqrt(326)/84
    # score (multiply through by 84): A = 14/(sqrt(193)+14) = 0.501928, B = sqrt(193)/(14+sqrt(193)) = 0.498072,
    #                                 C = sqrt(326)/(3+sqrt(326)) = 0.857519
    r193, r326 = math.sqrt(193), math.sqrt(326)
    expected = [14 / (r193 + 14), r193 / (14 + r193), r326 / (3 + r326)]
    scores = topsis(MATRIX, [2, 1, 1], KINDS)
    assert scores == pytest.approx(expected, rel=1e-12)
    assert scores == pytest.approx([0.501928, 0.498072, 0.857519], abs=1e-6)
    assert rank_order(scores) == [2, 0, 1]


def test_cost_criterion_prefers_cheaper_proposal():
    scores = topsis([[100, 10], [100, 40]], [1, 1], ["benefit", "cost"])
    assert scores == pytest.approx([1.0, 0.0])


def test_single_criterion_score_is_position_between_worst_and_best():
    # One criterion: D+ = max - x, D- = x - min, so the score is (x - min) / (max - min). Negatives are allowed.
    assert topsis([[-1], [0], [2]], [1], ["benefit"]) == pytest.approx([0.0, 1 / 3, 1.0])
    assert topsis([[-1], [0], [2]], [1], ["cost"]) == pytest.approx([1.0, 2 / 3, 0.0])


def test_identical_proposals_all_score_one_half():
    assert topsis([[3, 4], [3, 4], [3, 4]], [1, 1], ["benefit", "cost"]) == [0.5, 0.5, 0.5]


def test_single_alternative_scores_one_half():
    assert topsis([[3, 4]], [1, 1], ["benefit", "cost"]) == [0.5]


def test_huge_values_do_not_overflow_the_norm():
    # sum of x^2 would be inf for 1e300; the result must still be (x - min) / (max - min).
    assert topsis([[1e300], [2e300], [3e300]], [1], ["benefit"]) == pytest.approx([0.0, 0.5, 1.0])


def test_weights_are_normalised_so_only_their_ratio_matters():
    assert topsis(MATRIX, [0.5, 0.25, 0.25], KINDS) == pytest.approx(topsis(MATRIX, [20, 10, 10], KINDS), rel=1e-12)


def test_scores_are_python_floats_and_caller_matrix_is_untouched():
    matrix = np.array(MATRIX, dtype=float)
    before = matrix.copy()
    scores = topsis(matrix, [2, 1, 1], KINDS)
    assert type(scores) is list and all(type(s) is float for s in scores)
    np.testing.assert_array_equal(matrix, before)


def test_criterion_of_all_zeros_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"criterion 1 is all zeros"):
        topsis([[1, 0, 1], [2, 0, 1]], [1, 1, 1], KINDS)


def test_zeros_are_fine_in_a_criterion_that_is_not_all_zero():
    assert topsis([[0], [4]], [1], ["cost"]) == pytest.approx([1.0, 0.0])


def test_rounding_cannot_let_a_dominated_proposal_win():
    # Row 2 is row 0 with one value a single ulp smaller. Computed as D- / (D+ + D-), rounding scores it
    # 1 ulp *above* row 0 (0.7024083362469616 vs ...615); the library must keep it at or below.
    just_below = float(np.nextafter(16.0, 0.0))
    scores = topsis([[16.0, 6.0], [2.0, 15.0], [just_below, 6.0]], [4, 2], ["benefit", "benefit"])
    assert scores[2] <= scores[0]
    assert rank_order(scores)[0] == 0
