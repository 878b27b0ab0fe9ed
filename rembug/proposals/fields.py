"""The rules a proposal's fields obey, in one place for every way a proposal comes in.

The services (`proposal_create`, `proposal_update`, `funding_set`) refuse a bad value with a DomainError; the
paper-Rembug import checks every cell of a file against the same rules first, so that it can list all mistakes
at once instead of stopping at the first refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.errors import DomainError

from .choices import FundingSource
from .costs import clean_amount, clean_unit, unit_matcher
from .models import DictionaryItem, Proposal

#: A volume must stay below this: the record keeps 12 digits, 2 after the comma (checked before rounding).
MAX_VOLUME = Decimal(10) ** 10

#: Texts a proposal cannot be without (the Rembug's problem, idea and place, and a title).
REQUIRED_TEXT = ("title", "problem", "idea", "address")
#: Longest texts the record keeps, from the model.
TEXT_LIMITS = {name: Proposal._meta.get_field(name).max_length for name in ("title", "address")}
#: Indonesia's extent: a map point outside it is a typing mistake (swapped or unsigned coordinates).
LATITUDE_RANGE = (-11.5, 6.5)
LONGITUDE_RANGE = (94.5, 141.5)


def in_indonesia(latitude: float, longitude: float) -> bool:
    return (
        LATITUDE_RANGE[0] <= float(latitude) <= LATITUDE_RANGE[1]
        and LONGITUDE_RANGE[0] <= float(longitude) <= LONGITUDE_RANGE[1]
    )


def funding_adds_up(shares: Mapping[str, int], cost: int) -> bool:
    """A funding plan covers exactly the estimated cost (volume × unit price), no more and no less."""
    return sum(shares.values()) == cost


def clean_fields(cycle: PlanningCycle, fields: Mapping) -> dict:
    """The user-editable fields validated (unit as the city's word, amount in rupiah); a bad value names its field."""
    data = dict(fields)
    item = data.get("item")
    if item is not None:
        if not isinstance(item, DictionaryItem) or item.city_id != cycle.city_id:
            raise DomainError(_("Pilih kegiatan dari kamus usulan kota ini."), field="item")
        if not item.active_in(cycle.year):
            raise DomainError(
                _("Kegiatan %(item)s tidak berlaku pada tahun %(year)s.") % {"item": item.name, "year": cycle.year},
                field="item",
            )
    if "volume" in data:
        try:
            volume = Decimal(str(data["volume"]))
        except (InvalidOperation, ValueError):
            raise DomainError(_("Volume harus berupa angka."), field="volume") from None
        if not volume.is_finite() or volume <= 0:
            raise DomainError(_("Volume harus lebih dari nol."), field="volume")
        if volume >= MAX_VOLUME:  # before rounding: 1e308 cannot be rounded to cents
            raise DomainError(_("Volume terlalu besar; periksa kembali angkanya."), field="volume")
        data["volume"] = volume.quantize(Decimal("0.01"))
    if "unit" in data:  # the city's word for it ("m2" → "m²"); an unknown unit names the allowed ones
        data["unit"] = clean_unit(data["unit"], matcher=unit_matcher(cycle.city_id))
    if "estimated_cost" in data:
        data["estimated_cost"] = clean_amount(data["estimated_cost"])
    for name in REQUIRED_TEXT:
        if name in data and not str(data[name] or "").strip():
            raise DomainError(_("Kolom ini wajib diisi."), field=name)
    lat, lng = data.get("latitude"), data.get("longitude")
    if (lat is None) != (lng is None):
        raise DomainError(_("Titik peta harus berisi lintang dan bujur."), field="latitude")
    if lat is not None and not in_indonesia(lat, lng):
        raise DomainError(_("Titik peta berada di luar Indonesia."), field="latitude")
    if "funding_source" in data and data["funding_source"] not in FundingSource.values:
        raise DomainError(_("Sumber dana tidak dikenal."), field="funding_source")
    return data
