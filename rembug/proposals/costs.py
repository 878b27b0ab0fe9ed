"""A proposal's own unit and amount (anggaran), as Musrenbang practises them (issue 11, point 2).

The unit is a term of the city's unit list ("m2", "M2" and "meter persegi" are all "m²"); an unknown word is an
error naming the allowed units, never a silent change. The dictionary's price is a suggestion: the amount defaults to
volume × price, may differ (verifiers see by how much), and is required when the item has no price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from rembug.bounds import MAX_RUPIAH
from rembug.errors import DomainError
from rembug.formats import number, quantity
from rembug.rupiah import rupiah
from rembug.vocabularies.lookups import AmbiguousTerm, TermMatcher, UnknownTerm
from rembug.vocabularies.models import Vocabulary


def estimate_cost(volume: Decimal, unit_price: int) -> int:
    """Volume times unit price in whole rupiah (half up), as budget documents state amounts."""
    return int((Decimal(volume) * unit_price).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unit_matcher(city_id: int) -> TermMatcher:
    """The city's active units (one query)."""
    return TermMatcher(city_id, Vocabulary.UNIT)


def clean_unit(text: str, *, matcher: TermMatcher, field: str = "unit") -> str:
    """The unit list's own name for `text` ("m2" → "m²"); DomainError naming the allowed units otherwise."""
    if not str(text or "").strip():
        raise DomainError(_("Satuan wajib diisi."), field=field)
    try:
        return matcher.get(text).name
    except (UnknownTerm, AmbiguousTerm) as error:
        raise DomainError(str(error), field=field) from None


def clean_amount(value, *, field: str = "estimated_cost") -> int | None:
    """The amount a person typed, in whole rupiah, or None when left empty (then it defaults)."""
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("Anggaran harus berupa angka rupiah."), field=field) from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("Anggaran harus lebih dari nol."), field=field)
    if amount > MAX_RUPIAH:
        raise DomainError(_("Anggaran terlalu besar; periksa kembali angkanya."), field=field)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amount_or_default(amount: int | None, *, volume: Decimal, unit_price: int | None) -> int:
    """The amount given, or volume × the dictionary's price; required when the item has no price."""
    if amount is not None:
        return amount
    if unit_price is None:
        raise DomainError(
            _("Isi anggaran: kegiatan ini tidak mempunyai harga satuan di kamus usulan."), field="estimated_cost"
        )
    return estimate_cost(volume, unit_price)


def follows_dictionary(proposal) -> bool:
    """The proposal's amount is volume × the dictionary's price (nobody wrote an amount of their own)."""
    return proposal.unit_price is not None and proposal.estimated_cost == estimate_cost(
        proposal.volume, proposal.unit_price
    )


def scaled_amount(amount: int, *, from_volume: Decimal, to_volume: Decimal) -> int:
    """The amount for another volume at the proposal's own price per unit (a recommendation, an agreed merge)."""
    if not from_volume:
        return amount
    exact = Decimal(amount) * Decimal(to_volume) / Decimal(from_volume)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Deviation:
    """How far a proposal's amount is from volume × the dictionary's price, for verifiers."""

    reference: int  # volume × dictionary price
    difference: int  # amount − reference (negative: cheaper than the dictionary)
    percent: Decimal | None  # difference / reference × 100, None when the reference is 0

    @property
    def is_zero(self) -> bool:
        return self.difference == 0

    @property
    def text(self) -> str:
        """ "+Rp1.500.000 (+12,5%) dari volume × harga kamus Rp12.000.000" """
        sign = "+" if self.difference > 0 else "−" if self.difference < 0 else "±"
        percent = f" ({sign}{number(abs(self.percent), decimals=1)}%)" if self.percent is not None else ""
        return _("%(sign)s%(amount)s%(percent)s dari volume × harga kamus %(reference)s") % {
            "sign": sign,
            "amount": rupiah(abs(self.difference)),
            "percent": percent,
            "reference": rupiah(self.reference),
        }

    def as_dict(self) -> dict:
        return {
            "reference": self.reference,
            "difference": self.difference,
            "percent": float(self.percent) if self.percent is not None else None,
        }


def deviation(*, amount: int, volume: Decimal, unit_price: int | None) -> Deviation | None:
    """The deviation of `amount` from volume × price; None when the dictionary has no price to compare with."""
    if unit_price is None:
        return None
    reference = estimate_cost(volume, unit_price)
    difference = amount - reference
    percent = (
        (Decimal(difference) * 100 / reference).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if reference else None
    )
    return Deviation(reference=reference, difference=difference, percent=percent)


def proposal_deviation(proposal) -> Deviation | None:
    return deviation(amount=proposal.estimated_cost, volume=proposal.volume, unit_price=proposal.unit_price)


def koefisien(volume: Decimal, unit: str) -> str:
    """SIPD's "koefisien": "130 m²"."""
    return quantity(volume, unit)
