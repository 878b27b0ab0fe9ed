"""The rules a proposal's fields obey, in one place for every way a proposal comes in.

The services (`proposal_create`, `proposal_update`, `funding_set`) refuse a bad value with a DomainError; the
paper-Rembug import checks every cell of a file against the same rules first, so that it can list all mistakes
at once instead of stopping at the first refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .models import Proposal

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
