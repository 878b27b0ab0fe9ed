"""Bad input to SAW and TOPSIS is refused with a ValueError that says what and where."""

import math

import numpy as np
import pytest

from rembug.ranking import saw, topsis

METHODS = pytest.mark.parametrize("method", [saw, topsis], ids=["saw", "topsis"])
GOOD = [[1.0, 2.0], [3.0, 4.0]]
KINDS = ["benefit", "cost"]


@METHODS
def test_valid_input_is_accepted(method):
    # Guards the tests below: each bad case differs from this one in a single respect.
    assert len(method(GOOD, [1, 1], KINDS)) == 2


@METHODS
def test_ragged_matrix_is_refused_naming_the_row(method):
    with pytest.raises(ValueError, match=r"matrix row 2 has 1 values but row 0 has 2"):
        method([[1, 2], [3, 4], [5]], [1, 1], KINDS)


@METHODS
@pytest.mark.parametrize("matrix", [[], [[]], np.zeros((0, 2)), np.zeros((2, 0))], ids=["[]", "[[]]", "0x2", "2x0"])
def test_empty_matrix_is_refused(method, matrix):
    with pytest.raises(ValueError, match=r"matrix is empty"):
        method(matrix, [1, 1], KINDS)


@METHODS
def test_one_dimensional_matrix_is_refused(method):
    with pytest.raises(ValueError, match=r"matrix must be 2-dimensional"):
        method([1.0, 2.0], [1, 1], KINDS)


@METHODS
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_value_is_refused_naming_row_and_criterion(method, bad):
    matrix = [[1.0, 2.0], [3.0, 4.0], [5.0, bad]]
    with pytest.raises(ValueError, match=r"matrix row 2, criterion 1 is -?(nan|inf); values must be finite"):
        method(matrix, [1, 1], KINDS)


@METHODS
@pytest.mark.parametrize("bad", [None, "abc", 1j])
def test_non_numeric_value_is_refused_naming_its_position(method, bad):
    with pytest.raises(ValueError, match=r"matrix"):
        method([[1.0, 2.0], [bad, 4.0]], [1, 1], KINDS)


@METHODS
def test_none_in_matrix_is_reported_at_its_position(method):
    with pytest.raises(ValueError, match=r"matrix\[1\]\[0\] is None, not a number"):
        method([[1.0, 2.0], [None, 4.0]], [1, 1], KINDS)


@METHODS
def test_weights_of_wrong_length_are_refused(method):
    with pytest.raises(ValueError, match=r"weights has 3 entries but the matrix has 2 criteria"):
        method(GOOD, [1, 1, 1], KINDS)


@METHODS
def test_negative_weight_is_refused_naming_the_criterion(method):
    with pytest.raises(ValueError, match=r"weights\[1\] \(criterion 1\) is -0\.5; weights must be non-negative"):
        method(GOOD, [1, -0.5], KINDS)


@METHODS
def test_all_zero_weights_are_refused(method):
    with pytest.raises(ValueError, match=r"all weights are zero"):
        method(GOOD, [0, 0], KINDS)


@METHODS
def test_nan_weight_is_refused(method):
    with pytest.raises(ValueError, match=r"weights\[0\] \(criterion 0\) is nan"):
        method(GOOD, [math.nan, 1], KINDS)


@METHODS
def test_unknown_kind_is_refused_naming_the_criterion(method):
    with pytest.raises(ValueError, match=r"kinds\[1\] \(criterion 1\) is 'Cost'; expected 'benefit' or 'cost'"):
        method(GOOD, [1, 1], ["benefit", "Cost"])


@METHODS
def test_kinds_of_wrong_length_are_refused(method):
    with pytest.raises(ValueError, match=r"kinds has 1 entries but the matrix has 2 criteria"):
        method(GOOD, [1, 1], ["benefit"])


@METHODS
def test_a_single_kind_string_is_not_mistaken_for_a_sequence(method):
    with pytest.raises(ValueError, match=r"not a single string"):
        method([[1.0], [2.0]], [1], "cost")
