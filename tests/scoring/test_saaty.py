"""The one reader of Saaty judgements that the criteria page and the API share."""

import pytest

from rembug.scoring.saaty import format_saaty_value, parse_saaty_matrix, parse_saaty_value


@pytest.mark.parametrize(("text", "value"), [("3", 3.0), (" 1/3 ", 1 / 3), ("1,5", 1.5), (2, 2.0), (0.25, 0.25)])
def test_a_judgement_is_a_number_a_fraction_or_a_decimal_comma(text, value):
    assert parse_saaty_value(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "tiga", "1/0", "1,5,1", True, "1/1,5"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_saaty_value(text)


def test_the_page_matrix_skips_blank_lines_and_prints_back_as_typed():
    matrix = parse_saaty_matrix("1 3 1,5\n\n1/3 1 1/2\n")
    assert matrix == [[1, 3, 1.5], [pytest.approx(1 / 3), 1, 0.5]]
    assert [format_saaty_value(v) for v in matrix[1]] == ["1/3", "1", "1/2"]
