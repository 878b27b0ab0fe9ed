"""Builders of test data that the services need before they can run (dictionary items)."""

from __future__ import annotations

import itertools

from rembug.agencies.models import Agency
from rembug.proposals.models import DictionaryItem

_codes = itertools.count(1)


def dictionary_item(
    city,
    *,
    name: str = "Paving jalan lingkungan",
    unit: str = "m2",
    unit_price: int = 150_000,
    category: str = "jalan",
    field: str = "sarana_umum",
    agency: str = "DPUPRPKP",
    authority: str = "kota",
    active_from: int = 2020,
    active_until: int | None = None,
):
    return DictionaryItem.objects.create(
        city=city,
        code=f"T{next(_codes):04d}",
        name=name,
        field=field,
        category=category,
        agency=Agency.objects.get(city=city, short_name=agency),
        unit=unit,
        unit_price=unit_price,
        authority=authority,
        active_from=active_from,
        active_until=active_until,
    )
