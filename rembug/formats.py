"""Numbers and times printed for people (Berita Acara, annexes): Indonesian usage whatever language the person who
printed chose, since the document is an Indonesian record. Pages use Django's localized filters instead.

Rupiah amounts have their own helper (`rembug.rupiah`); this module holds volumes and counts. Moments are
`regions.timezones.local_moment`, which knows each region's zone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def number(value: Decimal | float | int, *, decimals: int = 2) -> str:
    """`1234567.5` → "1.234.567,5": dot for thousands, comma for decimals, at most `decimals` places, no trailing
    zeros ("130", not "130.00")."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def quantity(value: Decimal | float | int, unit: str) -> str:
    """A volume with its unit: "130 m²", "12,5 m"."""
    return f"{number(value)} {unit}".strip()
