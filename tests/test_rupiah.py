"""Rupiah amounts are written one way everywhere: "Rp600.000.000" (issue 10, "One home for each rule")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from rembug.rupiah import rupiah


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (600_000_000, "Rp600.000.000"),
        (150_000, "Rp150.000"),
        (0, "Rp0"),
        (Decimal("1500.50"), "Rp1.501"),  # whole rupiah, half up, as budget documents state amounts
        (None, ""),
    ],
)
def test_amounts_are_written_without_a_space_with_dots_between_thousands(amount, text):
    assert rupiah(amount) == text


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_template_filter_writes_the_same_in_every_language(language):
    """`intcomma` wrote "Rp600,000,000" on English pages: rupiah keeps its Indonesian form in every language."""
    with translation.override(language):
        page = Template("{% load rupiah %}{{ amount|rupiah }}").render(Context({"amount": 600_000_000}))
    assert page == "Rp600.000.000"
