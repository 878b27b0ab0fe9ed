"""The time zone of a region, from the province part of its Kemendagri code.

Indonesia has three zones (Keppres 41/1987): WIB (UTC+7) for Sumatra, Java, West and Central Kalimantan; WITA
(UTC+8) for Bali, Nusa Tenggara, South/East/North Kalimantan and Sulawesi; WIT (UTC+9) for Maluku and Papua.
Regions carry no zone field: the province decides, so every city loaded from the Kemendagri codes has one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.formats import date_format


@dataclass(frozen=True)
class Zone:
    key: str  # the IANA name
    abbreviation: str  # as printed after a time in Indonesian documents

    @property
    def info(self) -> ZoneInfo:
        return ZoneInfo(self.key)


WIB = Zone("Asia/Jakarta", "WIB")
WITA = Zone("Asia/Makassar", "WITA")
WIT = Zone("Asia/Jayapura", "WIT")

#: Bali, NTB, NTT, Kalimantan Selatan, Timur, Utara, and the six Sulawesi provinces.
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})


def zone_of(code: str) -> Zone:
    """The zone of the region with this code (any level): Maluku (8x) and Papua (9x) are WIT, the WITA provinces
    above are WITA, every other province is WIB."""
    province = code.split(".", 1)[0]
    if province in WITA_PROVINCES:
        return WITA
    if province[:1] in ("8", "9"):
        return WIT
    return WIB


def local_moment(moment: datetime.datetime, *, region_code: str) -> str:
    """A stored (UTC) moment in the region's own time with its zone: "1 Desember 2026 pukul 20.30 WIB"."""
    zone = zone_of(region_code)
    local = moment.astimezone(zone.info)
    with translation.override("id"):
        day = date_format(local, "j F Y")
    return f"{day} pukul {local:%H.%M} {zone.abbreviation}"
