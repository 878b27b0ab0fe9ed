"""SAW: hand-worked scores and the behaviour each criterion kind promises."""

from decimal import Decimal

import numpy as np
import pytest

from rembug.ranking import rank_order, saw

# Three proposals: beneficiaries (benefit), cost in juta Rp (cost), urgency 1-5 (benefit); weights 5:3:2.
KINDS = ["benefit", "cost", "benefit"]
MATRIX = [
    [200, 50, 3],  # A
    [100, 20, 5],  # B
    [400, 80, 4],  # C
]


def test_hand_worked_example_matches_arithmetic():
    # weights 5,3,2 -> 0.5, 0.3, 0.2
    # c0 benefit, max 400:  r = 200/400 = 0.5, 100/400 = 0.25, 400/400 = 1
    # c1 cost,    min 20:   r = 20/50 = 0.4,   20/20 = 1,      20/80 = 0.25
    # c2 benefit, max 5:    r = 3/5 = 0.6,     5/5 = 1,        4/5 = 0.8
    # A = 0.5*0.5  + 0.3*0.4  + 0.2*0.6 = 0.25  + 0.12  + 0.12 = 0.49
    # B = 0.5*0.25 + 0.3*1    + 0.2*1   = 0.125 + 0.3   + 0.2  = 0.625
    # C = 0.5*1    + 0.3*0.25 + 0.2*0.8 = 0.5   + 0.075 + 0.16 = 0.735
    assert saw(MATRIX, [5, 3, 2], KINDS) == pytest.approx([0.49, 0.625, 0.735], abs=1e-12)
    assert rank_order(saw(MATRIX, [5, 3, 2], KINDS)) == [2, 1, 0]


def test_cost_criterion_prefers_cheaper_proposal():
    # Same benefit, cost 10 vs 40 juta: r = 10/10 = 1 and 10/40 = 0.25.
    scores = saw([[100, 10], [100, 40]], [0, 1], ["benefit", "cost"])
    assert scores == pytest.approx([1.0, 0.25])


def test_benefit_criterion_prefers_more_beneficiaries():
    scores = saw([[50, 10], [200, 10]], [1, 0], ["benefit", "cost"])
    assert scores == pytest.approx([0.25, 1.0])


def test_weights_are_normalised_so_only_their_ratio_matters():
    assert saw(MATRIX, [0.5, 0.3, 0.2], KINDS) == pytest.approx(saw(MATRIX, [50, 30, 20], KINDS), rel=1e-12)


def test_zero_weight_criterion_has_no_influence():
    # Only c0 counts: r = 0.5, 0.25, 1 whatever c1 and c2 say.
    assert saw(MATRIX, [1, 0, 0], KINDS) == pytest.approx([0.5, 0.25, 1.0])


def test_proposal_best_on_every_criterion_scores_one():
    scores = saw([[10, 5], [20, 1], [15, 3]], [1, 1], ["benefit", "cost"])
    assert scores[1] == pytest.approx(1.0)
    assert max(scores) == scores[1]


def test_single_alternative_scores_one():
    assert saw([[7, 3]], [1, 2], ["benefit", "cost"]) == pytest.approx([1.0])


def test_scores_are_python_floats_in_input_order():
    scores = saw(np.array(MATRIX[::-1], dtype=float), [5, 3, 2], KINDS)
    assert type(scores) is list and all(type(s) is float for s in scores)
    assert scores == pytest.approx([0.735, 0.625, 0.49])


def test_decimal_values_from_django_fields_are_accepted():
    matrix = [[Decimal(v) for v in row] for row in MATRIX]
    assert saw(matrix, [Decimal(5), Decimal(3), Decimal(2)], KINDS) == pytest.approx([0.49, 0.625, 0.735])


def test_caller_matrix_is_not_modified():
    matrix = np.array(MATRIX, dtype=float)
    before = matrix.copy()
    saw(matrix, [5, 3, 2], KINDS)
    np.testing.assert_array_equal(matrix, before)


def test_negative_value_is_refused_naming_row_and_criterion():
    with pytest.raises(ValueError, match=r"row 1, criterion 2 is -1\.0; SAW needs non-negative"):
        saw([[1, 1, 1], [1, 1, -1]], [1, 1, 1], KINDS)


def test_benefit_criterion_of_all_zeros_is_refused():
    with pytest.raises(ValueError, match=r"criterion 2 is a benefit criterion whose values are all 0"):
        saw([[1, 1, 0], [2, 3, 0]], [1, 1, 1], KINDS)


def test_zero_in_cost_criterion_is_refused_naming_the_row():
    with pytest.raises(ValueError, match=r"row 1, criterion 1 is 0 in a cost criterion"):
        saw([[1, 5, 1], [2, 0, 1]], [1, 1, 1], KINDS)


def test_zero_in_benefit_criterion_is_fine_when_another_value_is_positive():
    assert saw([[0, 1], [4, 1]], [1, 0], ["benefit", "cost"]) == pytest.approx([0.0, 1.0])
