"""Checking what a filled paper-Rembug workbook says, sheet by sheet, into rows the services can save."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from lokal import format_rupiah

from rembug.cycles.models import PlanningCycle
from rembug.proposals.choices import FundingSource
from rembug.proposals.costs import estimate_cost
from rembug.proposals.fields import MAX_VOLUME, REQUIRED_TEXT, TEXT_LIMITS, funding_adds_up
from rembug.proposals.models import DictionaryItem
from rembug.spreadsheets import (
    SpreadsheetInvalid,
    cell_int,
    cell_text,
    choice_lookup,
)

from ..models import AgeGroup, Gender, Stakeholder
from .layout import (
    COUNT_COLUMNS,
    COUNTS_TITLE,
    LAT_RANGE,
    LNG_RANGE,
    MAX_COUNT,
    MAX_INTEGER,
    MAX_PEOPLE,
    MAX_PROPOSALS,
    MEETING_FIELDS,
    MEETING_MAX_LENGTH,
    MEETING_TITLE,
    PEOPLE_COLUMNS,
    PEOPLE_TITLE,
    PERSON_MAX_LENGTH,
    PROPOSAL_COLUMNS,
    PROPOSALS_TITLE,
    SEPARATORS,
    YES,
    holder_code,
    holder_description,
)
from .reader import Report, Table, cell_date, cell_decimal, read_sheet, read_table, reading_order

# --- what the file says, once it is valid ---------------------------------------------------------------------------


@dataclass
class ProposalRow:
    row: int
    rank: int
    fields: dict[str, Any]
    shares: dict[str, int]


@dataclass
class PersonRow:
    row: int
    name: str
    gender: str
    age_group: str
    groups: list[str]
    position: str
    delegate: bool


@dataclass
class Paper:
    meeting: dict[str, Any]
    mandate: str
    proposals: list[ProposalRow]
    people: list[PersonRow]
    counts: dict[str, int] = field(default_factory=dict)


# --- reading and checking the workbook ------------------------------------------------------------------------------


def read_paper(book, *, cycle: PlanningCycle, holder) -> Paper:
    """Every sheet checked; SpreadsheetInvalid with all bad cells, or what the file says."""
    report = Report()
    meeting, mandate = _read_meeting(book, report, cycle=cycle, holder=holder)
    proposals = _read_proposals(read_table(book, PROPOSALS_TITLE, PROPOSAL_COLUMNS, report, MAX_PROPOSALS), cycle=cycle)
    people = _read_people(read_table(book, PEOPLE_TITLE, PEOPLE_COLUMNS, report, MAX_PEOPLE))
    counts = _read_counts(read_table(book, COUNTS_TITLE, COUNT_COLUMNS, report, len(Stakeholder.values) * 4))
    if report.errors:
        raise SpreadsheetInvalid(sorted(report.errors, key=reading_order))
    return Paper(meeting=meeting, mandate=mandate, proposals=proposals, people=people, counts=counts)


def _read_meeting(book, report: Report, *, cycle: PlanningCycle, holder) -> tuple[dict[str, Any], str]:
    sheet = read_sheet(book, MEETING_TITLE, report, MEETING_FIELDS[0][1])
    if sheet is None:
        return {}, ""
    by_label = {label.casefold(): key for key, label, _row in MEETING_FIELDS}
    found: dict[str, tuple[int, Any]] = {}
    for number, values in enumerate(sheet.iter_rows(max_row=60, max_col=2, values_only=True), start=1):
        key = by_label.get(cell_text(values[0] if values else None).casefold())
        if key and key not in found:
            found[key] = (number, values[1] if len(values) > 1 else None)
    label_of = {key: label for key, label, _row in MEETING_FIELDS}

    def bad(key: str, message: str) -> None:
        report.add(MEETING_TITLE, found[key][0], "B", label_of[key], message)

    for key, label, row in MEETING_FIELDS:
        if key not in found:
            report.add(
                MEETING_TITLE,
                row,
                "A",
                label,
                _('baris "%(label)s" tidak ditemukan; gunakan templat hasil unduhan') % {"label": label},
            )
    text = {key: cell_text(value) for key, (_row, value) in found.items()}

    if "holder_code" in found and text["holder_code"] != holder_code(holder):
        bad(
            "holder_code",
            _("berkas ini bukan templat %(unit)s (kode %(expected)s); unduh templat unit ini")
            % {"unit": holder_description(holder), "expected": holder_code(holder)},
        )
    if "year" in found and text["year"] != str(cycle.year):
        bad(
            "year",
            _("berkas ini untuk tahun %(found)s, bukan %(year)s; unduh templat tahun ini")
            % {"found": text["year"] or "-", "year": cycle.year},
        )
    meeting: dict[str, Any] = {}
    if "held_on" in found:
        held_on, problem = cell_date(found["held_on"][1], cycle=cycle)
        if problem:
            bad("held_on", problem)
        meeting["held_on"] = held_on
    for key in ("place", "chair_name", "agenda", "order_method", "mandate"):
        if key not in found:
            continue
        if key in ("place", "chair_name") and not text[key]:
            bad(key, _("wajib diisi"))
        limit = MEETING_MAX_LENGTH.get(key)
        if limit and len(text[key]) > limit:
            bad(key, _("paling banyak %(max)d karakter") % {"max": limit})
        meeting[key] = text[key]
    mandate = meeting.pop("mandate", "")
    return meeting, mandate


def _read_proposals(table: Table | None, *, cycle: PlanningCycle) -> list[ProposalRow]:
    """Each proposal row checked cell by cell with the proposal services' field rules; the valid rows."""
    if table is None:
        return []
    if not table.rows:
        table.bad(2, "title", _("isi sedikitnya satu usulan"))
        return []
    items = _ItemLookup(cycle)
    ranks = _Ranks(count=len(table.rows))
    cleaned: list[ProposalRow] = []
    for number, raw in table.rows:
        before = len(table.report)
        row = _proposal_row(table, number, raw, items=items, ranks=ranks)
        if len(table.report) == before:
            cleaned.append(row)
    return cleaned


def _proposal_row(table: Table, number: int, raw: dict[str, Any], *, items: _ItemLookup, ranks: _Ranks) -> ProposalRow:
    """One row's cells, each checked; bad cells go to the report (the row is then not used)."""
    bad = functools.partial(table.bad, number)
    text = {key: cell_text(raw[key]) for key in (*REQUIRED_TEXT, "code")}
    for key in ("rank", *REQUIRED_TEXT, "code", "volume"):
        if not cell_text(raw[key]):
            bad(key, _("wajib diisi"))
    for key, limit in TEXT_LIMITS.items():
        if len(text[key]) > limit:
            bad(key, _("paling banyak %(max)d karakter") % {"max": limit})
    rank = ranks.check(raw["rank"], number, bad)
    item = items.check(text["code"], bad)
    volume = _volume(raw["volume"], bad)
    latitude, longitude = _point(raw, bad)
    beneficiaries = _count(raw["beneficiaries"], bad, "beneficiaries", MAX_INTEGER)
    shares = _shares(raw, bad)
    if item is not None and not item.unit:  # SIPD's kamus has items without a unit: this template has no unit column
        bad("code", _("kegiatan ini tidak mempunyai satuan di kamus; tulis usulan ini di aplikasi"))
    amount = {}
    if item is not None and volume is not None and shares is not None:
        if item.unit_price is None:  # no price to multiply: the funding plan states the amount (anggaran)
            amount = _amount_from_funding(table, number, shares)
        else:
            _check_funding_adds_up(table, number, item=item, volume=volume, shares=shares)
    return ProposalRow(
        row=number,
        rank=rank,
        shares=shares or {},
        fields={
            **{key: text[key] for key in REQUIRED_TEXT},
            "item": item,
            "volume": volume,
            "latitude": latitude,
            "longitude": longitude,
            "beneficiaries": beneficiaries or 0,
            **amount,
        },
    )


class _Ranks:
    """Ranks 1..count, each used once (the order the Rembug agreed)."""

    def __init__(self, *, count: int) -> None:
        self.count = count
        self.first_row_of_rank: dict[int, int] = {}

    def check(self, value: Any, number: int, bad) -> int | None:
        if not cell_text(value):
            return None
        try:
            rank = cell_int(value)
        except ValueError:
            rank = 0
        if rank < 1:
            bad("rank", _("harus bilangan bulat mulai 1"))
            return None
        if rank > self.count:
            bad("rank", _("harus 1 sampai %(count)d (jumlah usulan), tanpa loncatan") % {"count": self.count})
        elif rank in self.first_row_of_rank:
            bad(
                "rank",
                _("peringkat %(rank)d sudah dipakai di baris %(row)d")
                % {"rank": rank, "row": self.first_row_of_rank[rank]},
            )
        else:
            self.first_row_of_rank[rank] = number
        return rank


class _ItemLookup:
    """The city's dictionary items by code (case-insensitive), and whether one is valid in the year."""

    def __init__(self, cycle: PlanningCycle) -> None:
        self.cycle = cycle
        self.items = {item.code: item for item in DictionaryItem.objects.filter(city_id=cycle.city_id)}
        self.folded = {code.casefold(): item for code, item in self.items.items()}

    def check(self, code: str, bad) -> DictionaryItem | None:
        if not code:
            return None
        item = self.items.get(code) or self.folded.get(code.casefold())
        if item is None:
            bad("code", _('kode "%(code)s" tidak ada di kamus usulan; pilih dari daftar') % {"code": code})
            return None
        if not item.active_in(self.cycle.year):
            bad(
                "code",
                _("kegiatan %(code)s (%(name)s) tidak berlaku pada tahun %(year)s")
                % {"code": item.code, "name": item.name, "year": self.cycle.year},
            )
            return None
        return item


def _volume(value: Any, bad) -> Decimal | None:
    """More than zero, at most two decimals (as the record keeps it), not absurdly large."""
    if not cell_text(value):
        return None
    try:
        volume = cell_decimal(value, grouping=True)
    except ValueError:
        volume = None
    if volume is None or not volume.is_finite() or volume <= 0:
        bad("volume", _("harus angka lebih dari nol"))
    elif volume >= MAX_VOLUME:  # before quantize: 1e308 cannot be rounded to cents
        bad("volume", _("terlalu besar; periksa kembali angkanya"))
    elif volume != volume.quantize(Decimal("0.01")):
        bad("volume", _("paling banyak dua angka di belakang koma"))
    else:
        return volume
    return None


def _shares(raw: dict[str, Any], bad) -> dict[str, int] | None:
    """The funding plan by source (empty cells: no share); None when a cell is not a whole rupiah amount."""
    shares: dict[str, int] = {}
    valid = True
    for source in FundingSource.values:
        key = f"funding_{source}"
        if not cell_text(raw[key]):
            continue
        try:
            amount = cell_int(raw[key])
        except ValueError:
            amount = -1
        if amount < 0:
            bad(key, _("harus jumlah rupiah, bilangan bulat tidak negatif"))
            valid = False
        else:
            shares[source] = amount
    return shares if valid else None


def _check_funding_adds_up(
    table: Table, number: int, *, item: DictionaryItem, volume: Decimal, shares: dict[str, int]
) -> None:
    """The services' rule (funding equals volume × unit price), reported on the row's funding columns."""
    cost = estimate_cost(volume, item.unit_price)
    if funding_adds_up(shares, cost):
        return
    first, last = (table.letter(f"funding_{source}") for source in (FundingSource.values[0], FundingSource.values[-1]))
    message = _(
        "jumlah pendanaan %(total)s tidak sama dengan volume × harga satuan = %(volume)s %(unit)s × "
        "%(price)s = %(cost)s"
    ) % {
        "total": format_rupiah(sum(shares.values())),
        "volume": _plain(volume),
        "unit": item.unit,
        "price": format_rupiah(item.unit_price),
        "cost": format_rupiah(cost),
    }
    table.cells.add_at(number, f"{first}–{last}", _("Rencana pendanaan"), message)


def _amount_from_funding(table: Table, number: int, shares: dict[str, int]) -> dict[str, int]:
    """The amount of an item without a dictionary price: the sum of its funding plan, which must not be empty."""
    total = sum(shares.values())
    if total > 0:
        return {"estimated_cost": total}
    first, last = (table.letter(f"funding_{source}") for source in (FundingSource.values[0], FundingSource.values[-1]))
    message = _("kegiatan ini tidak mempunyai harga satuan di kamus; isi rencana pendanaan sebesar anggarannya")
    table.cells.add_at(number, f"{first}–{last}", _("Rencana pendanaan"), message)
    return {}


def _plain(volume: Decimal) -> str:
    """12.50 → "12,5"; 100.00 → "100" (as Indonesians write numbers)."""
    text = format(volume.normalize(), "f")
    return text.replace(".", ",")


def _point(raw: dict[str, Any], bad) -> tuple[float | None, float | None]:
    """(latitude, longitude): both or none, each a number inside Indonesia's ranges."""
    found: dict[str, float | None] = {}
    for key, (low, high) in (("latitude", LAT_RANGE), ("longitude", LNG_RANGE)):
        found[key] = None
        if not cell_text(raw[key]):
            continue
        try:
            number = float(cell_decimal(raw[key], grouping=False))
        except ValueError:
            bad(key, _("harus angka, mis. %(example)s") % {"example": "-7,95" if key == "latitude" else "112,61"})
            continue
        if not low <= number <= high:
            bad(key, _("berada di luar Indonesia (%(low)s sampai %(high)s)") % {"low": low, "high": high})
            continue
        found[key] = number
    filled = {key for key in ("latitude", "longitude") if cell_text(raw[key])}
    if len(filled) == 1:
        missing = ({"latitude", "longitude"} - filled).pop()
        bad(missing, _("isi lintang dan bujur bersama-sama, atau kosongkan keduanya"))
    return found["latitude"], found["longitude"]


def _count(value: Any, bad, key: str, limit: int) -> int | None:
    """A whole number of people from an optional cell (empty: None)."""
    if not cell_text(value):
        return None
    try:
        number = cell_int(value)
    except ValueError:
        number = -1
    if number < 0:
        bad(key, _("harus bilangan bulat tidak negatif"))
        return None
    if number > limit:
        bad(key, _("terlalu besar; periksa kembali angkanya"))
        return None
    return number


def _read_people(table: Table | None) -> list[PersonRow]:
    """Each attendee row checked; at least one person present and at least one chosen as delegate."""
    if table is None:
        return []
    if not table.rows:
        table.bad(2, "name", _("catat sedikitnya satu peserta yang hadir"))
        return []
    lookups = {
        "gender": choice_lookup(Gender.choices),
        "age_group": choice_lookup(AgeGroup.choices),
        "groups": choice_lookup(Stakeholder.choices),
    }
    cleaned: list[PersonRow] = []
    for number, raw in table.rows:
        before = len(table.report)
        person = _person_row(number, raw, lookups, functools.partial(table.bad, number))
        if len(table.report) == before:
            cleaned.append(person)
    marked = any(YES.get(cell_text(raw["delegate"]).casefold()) for _number, raw in table.rows)
    if not marked:
        table.bad(
            table.rows[0][0],
            "delegate",
            _('tandai "ya" bagi sedikitnya satu peserta yang dipilih menjadi delegasi ke Musrenbang Kelurahan'),
        )
    return cleaned


def _person_row(number: int, raw: dict[str, Any], lookups: dict[str, dict[str, str]], bad) -> PersonRow:
    text = {key: cell_text(raw[key]) for key in ("name", "gender", "age_group", "groups", "position", "delegate")}
    for key in ("name", "gender", "age_group"):
        if not text[key]:
            bad(key, _("wajib diisi"))
    for key, limit in PERSON_MAX_LENGTH.items():
        if len(text[key]) > limit:
            bad(key, _("paling banyak %(max)d karakter") % {"max": limit})
    gender = lookups["gender"].get(text["gender"].casefold()) if text["gender"] else None
    if text["gender"] and gender is None:
        bad("gender", _('isi P (perempuan) atau L (laki-laki), bukan "%(value)s"') % {"value": text["gender"]})
    age_group = lookups["age_group"].get(text["age_group"].casefold()) if text["age_group"] else None
    if text["age_group"] and age_group is None:
        bad(
            "age_group",
            _('isian "%(value)s" tidak dikenal; pilih salah satu: %(choices)s')
            % {"value": text["age_group"], "choices": ", ".join(AgeGroup.values)},
        )
    delegate = YES.get(text["delegate"].casefold()) if text["delegate"] else False
    if delegate is None:
        bad("delegate", _('isi ya atau tidak, bukan "%(value)s"') % {"value": text["delegate"]})
    return PersonRow(
        row=number,
        name=text["name"],
        gender=gender,
        age_group=age_group,
        groups=_groups(text["groups"], lookups["groups"], bad),
        position=text["position"],
        delegate=bool(delegate),
    )


def _groups(text: str, lookup: dict[str, str], bad) -> list[str]:
    """Stakeholder groups separated by commas (or ; / or new lines), by code or label."""
    groups: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in SEPARATORS.split(text)):
        if part:
            found = lookup.get(part.casefold()) or lookup.get(part.casefold().replace(" ", "_"))
            if found:
                groups.append(found)
            else:
                unknown.append(part)
    if unknown:
        bad(
            "groups",
            _("kelompok tidak dikenal: %(values)s; pilih dari: %(choices)s")
            % {"values": ", ".join(unknown), "choices": ", ".join(Stakeholder.values)},
        )
    return groups


def _read_counts(table: Table | None) -> dict[str, int]:
    if table is None:
        return {}
    lookup = choice_lookup(Stakeholder.choices)
    counts: dict[str, int] = {}
    first_row_of: dict[str, int] = {}
    for number, raw in table.rows:
        bad = functools.partial(table.bad, number)
        label = cell_text(raw["group"])
        group = (lookup.get(label.casefold()) or lookup.get(label.casefold().replace(" ", "_"))) if label else None
        if not label:
            bad("group", _("wajib diisi"))
        elif group is None:
            bad(
                "group",
                _('kelompok "%(value)s" tidak dikenal; pilih dari: %(choices)s')
                % {"value": label, "choices": ", ".join(Stakeholder.values)},
            )
        elif group in first_row_of:
            bad("group", _("kelompok ini sudah diisi di baris %(row)d") % {"row": first_row_of[group]})
            group = None
        else:
            first_row_of[group] = number
        number_of_people = _count(raw["count"], bad, "count", MAX_COUNT)
        if group is not None and number_of_people:
            counts[group] = number_of_people
    return counts
