"""Numbers and times printed for people (Berita Acara, annexes): Indonesian usage whatever language the person who
printed chose, since the document is an Indonesian record. Pages use Django's localized filters instead.

Rupiah amounts have their own helper (`lokal.format_rupiah`); this module holds volumes, counts and moments.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import date_format

from rembug.regions.timezones import zone_of


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


def local_moment(moment: datetime.datetime, *, region_code: str) -> str:
    """A stored (UTC) moment in the region's own time with its zone: "1 Desember 2026 pukul 20.30 WIB"."""
    zone = zone_of(region_code)
    local = moment.astimezone(zone.info)
    with translation.override("id"):
        day = date_format(local, "j F Y")
    return f"{day} pukul {local:%H.%M} {zone.abbreviation}"
