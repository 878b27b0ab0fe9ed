"""Reading SIPD's usulan list: every row checked against the city's regions, groups, proposer kinds, dictionary,
agencies and units, every bad cell named by row and column (nothing is written here; services.py stores).

What each cell becomes is in docs/sipd.md. The lookups are loaded once per file (a fixed number of queries).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from rembug.agencies.lookups import AgencyMatcher
from rembug.agencies.models import Agency
from rembug.proposals.fields import MAX_VOLUME, in_indonesia
from rembug.proposals.models import DictionaryItem, Proposal
from rembug.regions.models import VILLAGE_LEVELS, CommunityGroup, Level, ProposerKind, Region
from rembug.spreadsheets import CellErrors, cell_int, cell_text
from rembug.verification.models import DECISIONS_BY_LEVEL, RecommendationDecision
from rembug.vocabularies.lookups import AmbiguousTerm, TermMatcher, UnknownTerm, normalized

from .columns import (
    ACCOMMODATED,
    COEFFICIENT,
    COLUMNS,
    IMPORTED_STATUS,
    RECOMMENDATION_COLUMNS,
    SIPD_STATUS,
    parse_address,
)
from .selectors import fill_profile

_RT_RW = re.compile(r"^rt\.?\s*0*(\d{1,3})\s*[/,-]?\s*rw\.?\s*0*(\d{1,3})$")
_RW_RT = re.compile(r"^rw\.?\s*0*(\d{1,3})\s*[/,-]?\s*rt\.?\s*0*(\d{1,3})$")
_RW = re.compile(r"^rw\.?\s*0*(\d{1,3})$")
_COEFFICIENT = re.compile(r"^\s*(?P<volume>[\d.,]+)\s*(?P<unit>\S.*?)\s*$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H:%M")
_ID_MAX = Proposal._meta.get_field("sipd_id").max_length
_ADDRESS_MAX = Proposal._meta.get_field("address").max_length
MAX_TIMES_PROPOSED = 50
MAX_COST = 10**15


@dataclass
class Row:
    """One row of the file as Rembug's values (docs/sipd.md)."""

    number: int
    sipd_id: str
    status: str
    kelurahan: Region
    proposer_region: Region
    proposer_group: CommunityGroup | None
    proposer_kind: ProposerKind | None
    item: DictionaryItem
    problem: str
    address: str
    latitude: float | None
    longitude: float | None
    volume: Decimal
    unit: str
    cost: int
    proposed_on: datetime.date | None = None
    times_proposed: int = 1
    routed_agency: Agency | None = None
    final_agency: Agency | None = None
    note: str = ""
    recommendations: dict[str, str] = field(default_factory=dict)

    @property
    def sipd_status(self) -> str:
        return SIPD_STATUS[self.status]


class Lookups:
    """Everything a row is matched against, for one city, loaded once."""

    def __init__(self, city: Region, allowed: Iterable[Region]) -> None:
        self.city = city
        self.allowed = list(allowed)
        places = Region.objects.filter(city=city, level__in=(*VILLAGE_LEVELS, Level.RW, Level.RT)).select_related(
            "parent"
        )
        self.villages: dict[str, list[Region]] = {}
        self.rw: dict[tuple[str, int], Region] = {}
        self.rt: dict[tuple[str, int, int], Region] = {}
        for place in places:
            if place.level in VILLAGE_LEVELS:
                self.villages.setdefault(normalized(place.name), []).append(place)
            elif place.level == Level.RW and place.number is not None:
                self.rw[(place.village_code, place.number)] = place
            elif place.level == Level.RT and place.number is not None and place.parent.number is not None:
                self.rt[(place.village_code, place.parent.number, place.number)] = place
        self.kecamatan_names = {
            r.pk: normalized(r.name) for r in Region.objects.filter(city=city, level=Level.KECAMATAN)
        }
        self.groups: dict[tuple[str, str], CommunityGroup] = {}
        for group in CommunityGroup.objects.filter(city=city).select_related("region"):
            self.groups.setdefault((group.region.village_code, normalized(group.name)), group)
        self.kinds = list(ProposerKind.objects.filter(city=city, is_active=True).order_by("code"))
        self.items: dict[str, list[DictionaryItem]] = {}
        for item in DictionaryItem.objects.filter(city=city).select_related("agency").order_by("code"):
            self.items.setdefault(normalized(item.name), []).append(item)
        self.agencies = AgencyMatcher(city)
        self.agency = self.agencies.match
        self.units = TermMatcher(city.pk, "satuan")
        city_name = normalized(city.name)
        self.city_names = {city_name, city_name.removeprefix("kota ").removeprefix("kabupaten ")}


class RowReader:
    """Turns the file's rows into `Row`s; every problem goes to `errors` (a row with an error yields nothing)."""

    def __init__(self, lookups: Lookups, errors: CellErrors, positions: dict[str, int], year: int) -> None:
        self.lookups = lookups
        self.errors = errors
        self.positions = positions
        self.year = year
        self.first_row_of: dict[str, int] = {}

    def read(self, number: int, values: dict[str, Any]) -> Row | None:
        before = len(self.errors)
        self.number = number
        text = {key: cell_text(value) for key, value in values.items()}
        for column in COLUMNS:
            if column.required and column.key in self.positions and not text.get(column.key):
                self.bad(column.key, _("wajib diisi"))
        sipd_id = self._sipd_id(text.get("sipd_id", ""))
        status = self._status(text.get("status", ""))
        kelurahan = self._kelurahan(text)
        proposer = self._proposer(text.get("proposer", ""), kelurahan) if kelurahan else None
        item = self._item(text.get("item", ""), text.get("routed_agency", ""))
        volume, unit = self._volume_and_unit(values, text)
        cost = self._cost(values.get("cost"))
        address, latitude, longitude = self._address(text.get("address", ""))
        routed, final = self._agencies(text, item)
        extra = {
            "proposed_on": self._date(values.get("proposed_on")),
            "times_proposed": self._times_proposed(values.get("times_proposed")),
            "note": text.get("note", ""),
            "recommendations": {level: text[key] for key, level in RECOMMENDATION_COLUMNS.items() if text.get(key)},
        }
        self._check_city(text.get("city", ""))
        if len(self.errors) != before or proposer is None:
            return None
        region, group = proposer
        return Row(
            number=number,
            sipd_id=sipd_id,
            status=status,
            kelurahan=kelurahan,
            proposer_region=region,
            proposer_group=group,
            proposer_kind=self._kind(text.get("profile", ""), kelurahan, region, group, text.get("proposer", "")),
            item=item,
            problem=text.get("problem", ""),
            address=address,
            latitude=latitude,
            longitude=longitude,
            volume=volume,
            unit=unit,
            cost=cost,
            routed_agency=routed,
            final_agency=final,
            **extra,
        )

    def bad(self, key: str, message: str) -> None:
        self.errors.add(self.number, key, message)

    # --- one cell (or two) each -------------------------------------------------------------------------------

    def _sipd_id(self, sipd_id: str) -> str:
        if len(sipd_id) > _ID_MAX:
            self.bad("sipd_id", _("paling banyak %(max)d karakter") % {"max": _ID_MAX})
        elif sipd_id in self.first_row_of:
            self.bad("sipd_id", _("ID Usulan ini sudah ada di baris %(row)d") % {"row": self.first_row_of[sipd_id]})
        elif sipd_id:
            self.first_row_of[sipd_id] = self.number
        return sipd_id

    def _status(self, word: str) -> str:
        status = IMPORTED_STATUS.get(normalized(word))
        if word and status is None:
            self.bad("status", _("“%(value)s” tidak dikenal; isi Diakomodir atau Tidak Diakomodir") % {"value": word})
        return status or ""

    def _kelurahan(self, text: dict[str, str]) -> Region | None:
        name = text.get("kelurahan", "")
        if not name:
            return None
        bare = re.sub(r"^(kelurahan|desa|kel\.|ds\.)\s+", "", normalized(name))
        found = self.lookups.villages.get(bare, [])
        kecamatan = normalized(text.get("kecamatan", "")).removeprefix("kecamatan ")
        if kecamatan and len(found) > 1:
            found = [v for v in found if self.lookups.kecamatan_names.get(v.parent_id) == kecamatan] or found
        if len(found) != 1:
            self.bad(
                "kelurahan",
                _("kelurahan/desa “%(value)s” tidak ada di %(city)s") % {"value": name, "city": self.lookups.city.name}
                if not found
                else _("nama kelurahan/desa “%(value)s” dipakai lebih dari satu; isi kolom Kecamatan")
                % {"value": name},
            )
            return None
        village = found[0]
        if kecamatan and self.lookups.kecamatan_names.get(village.parent_id) != kecamatan:
            self.bad("kecamatan", _("%(village)s tidak berada di kecamatan ini") % {"village": village.label})
        if not any(scope.contains(village) for scope in self.lookups.allowed):
            self.bad("kelurahan", _("%(village)s berada di luar wilayah Anda") % {"village": village.label})
        return village

    def _proposer(self, name: str, village: Region) -> tuple[Region, CommunityGroup | None] | None:
        """The proposer: an RT or RW by its numbers inside the row's kelurahan, the kelurahan itself, or a group."""
        if not name:
            return None
        key = normalized(name)
        code = village.village_code
        match = _RT_RW.match(key) or _RW_RT.match(key)
        if match:
            rt, rw = (match[1], match[2]) if key.startswith("rt") else (match[2], match[1])
            found = self.lookups.rt.get((code, int(rw), int(rt)))
        elif (match := _RW.match(key)) is not None:
            found = self.lookups.rw.get((code, int(match[1])))
        elif key in {normalized(village.name), normalized(village.label), normalized(f"Desa {village.name}")}:
            found = village
        else:
            group = self.lookups.groups.get((code, key))
            if group is not None:
                return group.region, group
            found = None
        if found is None:
            self.bad(
                "proposer",
                _("pengusul “%(value)s” tidak dikenal di %(village)s (RT/RW, kelompok, atau kelurahan itu sendiri)")
                % {"value": name, "village": village.label},
            )
            return None
        return found, None

    def _kind(self, profile: str, village, region, group, proposer: str) -> ProposerKind | None:
        """The proposer kind whose Profil pattern gives this row's Profil (those of this proposer's sort first: RT,
        RW, the kelurahan, the group's kind), else one named so, else the only kind of that sort; None if none."""
        kinds = self.lookups.kinds
        if group is not None:
            fitting = [k for k in kinds if k.code == group.kind]
        else:
            holder = {Level.RT: "rt", Level.RW: "rw"}.get(region.level, "kelurahan")
            fitting = [k for k in kinds if k.holder == holder]
        if profile:
            wanted = normalized(profile)
            for kind in (*fitting, *kinds):
                filled = fill_profile(kind.profile, kelurahan=village.name, proposer=proposer) if kind.profile else ""
                if normalized(filled) == wanted:
                    return kind
            for kind in kinds:
                names = {normalized(kind.name), normalized(kind.code), *(normalized(a) for a in kind.aliases or ())}
                if wanted in names:
                    return kind
        return fitting[0] if len(fitting) == 1 else None

    def _item(self, name: str, routed: str) -> DictionaryItem | None:
        if not name:
            return None
        found = self.lookups.items.get(normalized(name), [])
        if len(found) > 1:
            found = [i for i in found if i.active_in(self.year)] or found
        if len(found) > 1 and routed:
            agency = self.lookups.agency(routed)
            found = [i for i in found if agency is not None and i.agency_id == agency.pk] or found
        if not found:
            self.bad("item", _("“%(value)s” tidak ada di kamus usulan kota ini") % {"value": name})
            return None
        if len(found) > 1:
            codes = ", ".join(i.code for i in found[:10])
            self.bad(
                "item", _("“%(value)s” ada beberapa di kamus usulan (kode %(codes)s)") % {"value": name, "codes": codes}
            )
            return None
        return found[0]

    def _volume_and_unit(self, values: dict[str, Any], text: dict[str, str]) -> tuple[Decimal, str]:
        """Volume + Satuan, or SIPD's Koefisien ("250 m") when those are absent or empty."""
        if "volume" in self.positions and (text.get("volume") or "coefficient" not in self.positions):
            volume = self._volume(values.get("volume"), "volume")
            return volume, self._unit(text.get("unit", ""), "unit")
        coefficient = text.get("coefficient", "")
        match = _COEFFICIENT.match(coefficient)
        if match is None:
            self.errors.add_at(
                self.number, self._letter("coefficient"), COEFFICIENT.header, _("isi volume dan satuan, mis. 250 m")
            )
            return Decimal(0), ""
        return self._volume(match["volume"], "coefficient"), self._unit(match["unit"], "coefficient")

    def _letter(self, key: str) -> str:
        return get_column_letter(self.positions[key] + 1)

    def _report(self, key: str, message: str) -> None:
        if key == "coefficient":
            self.errors.add_at(self.number, self._letter(key), COEFFICIENT.header, message)
        else:
            self.bad(key, message)

    def _volume(self, value: Any, key: str) -> Decimal:
        volume = parse_number(value)
        if volume is None or volume <= 0:
            self._report(key, _("volume harus angka lebih dari nol"))
            return Decimal(0)
        if volume >= MAX_VOLUME:
            self._report(key, _("volume terlalu besar; periksa kembali angkanya"))
            return Decimal(0)
        return volume.quantize(Decimal("0.01"))

    def _unit(self, word: str, key: str) -> str:
        if not word:
            self._report(key, _("satuan wajib diisi"))
            return ""
        try:
            return self.lookups.units.get(word).name
        except (UnknownTerm, AmbiguousTerm) as error:
            self._report(key, str(error))
            return ""

    def _cost(self, value: Any) -> int:
        try:
            cost = cell_int(value)
        except ValueError:
            cost = -1
        if not 0 <= cost <= MAX_COST:
            self.bad("cost", _("harus jumlah rupiah bulat, mis. 50000000"))
        return cost

    def _address(self, text: str) -> tuple[str, float | None, float | None]:
        address, latitude, longitude = parse_address(text)
        if len(address) > _ADDRESS_MAX:
            self.bad("address", _("paling banyak %(max)d karakter") % {"max": _ADDRESS_MAX})
        if latitude is not None and not in_indonesia(latitude, longitude):
            self.bad(
                "address",
                _("titik peta (%(lat)s, %(lng)s) berada di luar Indonesia") % {"lat": latitude, "lng": longitude},
            )
        return address, latitude, longitude

    def _agencies(self, text: dict[str, str], item: DictionaryItem | None) -> tuple[Agency | None, Agency | None]:
        """OPD Tujuan Awal (the item's agency when empty) and Akhir (kept only when it differs from Awal)."""
        found: dict[str, Agency | None] = {}
        for key in ("routed_agency", "final_agency"):
            name = text.get(key, "")
            found[key] = self.lookups.agency(name) if name else None
            if name and found[key] is None:
                self.bad(key, self.lookups.agencies.problem(name))
        routed = found["routed_agency"] or (item.agency if item is not None else None)
        final = found["final_agency"]
        return routed, (final if final is not None and final != routed else None)

    def _date(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for pattern in _DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if 2000 <= day.year <= 2100:
                return day
        self.bad("proposed_on", _("tanggal tidak dapat dibaca; tulis 2024-01-15 atau 15-01-2024"))
        return None

    def _times_proposed(self, value: Any) -> int:
        if cell_text(value) == "":
            return 1
        try:
            times = cell_int(value)
        except ValueError:
            times = 0
        if not 1 <= times <= MAX_TIMES_PROPOSED:
            self.bad("times_proposed", _("harus bilangan bulat 1 sampai %(max)d") % {"max": MAX_TIMES_PROPOSED})
            return 1
        return times

    def _check_city(self, name: str) -> None:
        if name and normalized(name) not in self.lookups.city_names:
            self.bad(
                "city", _("baris ini milik %(value)s, bukan %(city)s") % {"value": name, "city": self.lookups.city.name}
            )


def parse_number(value: Any) -> Decimal | None:
    """A number from a cell: 250, 12.5, "12,5", "1.250" (thousands) or "1.250,5"; None when it is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    text = cell_text(value).replace(" ", "")
    if not text or not re.fullmatch(r"[\d.,]+", text):
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def recommendation_decision(level: str, text: str, status: str) -> str:
    """The decision an imported recommendation is filed under: the one its text starts with, else what the row's
    SIPD status means at that level (Rembug's rules need one; the text itself is kept as SIPD wrote it)."""
    allowed = DECISIONS_BY_LEVEL[level]
    first = normalized(text.split(";", 1)[0])
    for decision in allowed:
        if normalized(str(RecommendationDecision(decision).label)) == first:
            return decision
    if SIPD_STATUS.get(status) == ACCOMMODATED:
        order = (RecommendationDecision.ACCEPT, RecommendationDecision.FORWARD, RecommendationDecision.FUND_HERE)
    else:
        order = (RecommendationDecision.NOT_ACCOMMODATED, RecommendationDecision.REJECT)
    return next(d for d in order if d in allowed)
