"""Numbers printed for people follow Indonesian usage: dot for thousands, comma for decimals, no needless zeros."""

from decimal import Decimal

import pytest

from rembug.formats import number, quantity


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("130.00"), "130"),
        (Decimal("12.50"), "12,5"),
        (Decimal("0.25"), "0,25"),
        (Decimal("1500"), "1.500"),
        (Decimal("1234567.89"), "1.234.567,89"),
        (2.005, "2,01"),
        (Decimal("-3.10"), "-3,1"),
        (Decimal("-0.001"), "0"),
        (0, "0"),
    ],
)
def test_numbers_are_printed_the_indonesian_way(value, printed):
    assert number(value) == printed


def test_a_quantity_is_the_number_and_its_unit():
    assert quantity(Decimal("130.00"), "m²") == "130 m²"
    assert quantity(Decimal("2.50"), "unit") == "2,5 unit"
