"""Rupiah amounts as text, one style everywhere: "Rp600.000.000" (PUEBI: no space, dot thousands, no sen).

Pages, PDFs, messages and the admin wrote amounts five ways ("Rp 600.000.000", "Rp600,000,000" in English pages,
"Rp 600,000,000" in the admin); residents compare the Berita Acara with the portal, so they must read the same.
`lokal.format_rupiah` (Indonesian formatting) is the style; this module is the one place that calls it, and
`{% load rupiah %}{{ amount|rupiah }}` is its template filter. Spreadsheet cells keep a number format instead
(`spreadsheets.RUPIAH_FORMAT`), so that the amounts stay numbers.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from lokal import format_rupiah

register = template.Library()


@register.filter(name="rupiah")
def rupiah(amount: int | Decimal | None) -> str:
    """600000000 → "Rp600.000.000"; whole rupiah (half up), "" for None (nothing to write)."""
    if amount is None or amount == "":
        return ""
    return format_rupiah(int(Decimal(amount).quantize(Decimal(1), rounding="ROUND_HALF_UP")))
