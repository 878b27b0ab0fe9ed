"""Reading a proposal dictionary (kamus usulan) from any file a city has: Rembug's own template, a SIPD kamus export
(JSON, Excel or CSV), or the shipped CSV (issue 11, point 3).

Columns are matched by their header, ignoring case, spacing and punctuation ("Bidang Urusan" = "bidang_urusan"); a
column nobody knows is reported in the result, not fatal. SIPD's words (urusan, jenis usulan, kategori, jenis
belanja, program, sub kegiatan, output, outcome) become terms of the city's lists, created when missing: that is the
city's list being fed from SIPD. Rembug's own classification (`field`, `category`) comes from its own columns when a
file has them and is otherwise derived (decision 0029). All or nothing: every bad cell is named by row and column.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from rembug import history
from rembug.agencies.lookups import AgencyMatcher
from rembug.agencies.models import Agency
from rembug.errors import DomainError
from rembug.spreadsheets import (
    CellError,
    CellErrors,
    Column,
    SpreadsheetInvalid,
    cell_int,
    cell_text,
    choice_lookup,
    read_upload,
)
from rembug.vocabularies.lookups import AmbiguousTerm, TermMatcher, UnknownTerm, normalized
from rembug.vocabularies.models import Vocabulary
from rembug.vocabularies.services import terms_add_missing

from .choices import CATEGORY_FIELD, Authority, Category, Field
from .models import DictionaryItem

MAX_UNIT_PRICE = 10**13  # Rp 10 triliun: anything above is a typing slip


def header_key(text: Any) -> str:
    """A header as the import compares it: letters and digits, lower case ("Harga satuan (Rp)" → "hargasatuanrp")."""
    return re.sub(r"[\W_]+", "", cell_text(text).casefold())


#: What each column means → the headers it goes by (Rembug's template first: its header names errors).
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("Kode", "code", "kode kegiatan", "kode kamus"),
    "name": ("Nama kegiatan", "name", "giat_teks", "kegiatan", "nama kamus", "nama usulan", "usulan"),
    "field": ("Bidang", "field"),
    "category": ("Kategori", "category"),
    "agency": ("Perangkat daerah", "agency", "nama_skpd", "skpd", "opd", "perangkat daerah tujuan", "opd tujuan"),
    "agency_code": ("Kode SKPD", "kode_skpd", "kode opd"),
    "unit": ("Satuan", "unit"),
    "unit_price": ("Harga satuan (Rp)", "unit_price", "harga satuan", "harga", "anggaran", "harga (rp)"),
    "authority": ("Kewenangan", "authority"),
    "nomenclature_code": ("Kode nomenklatur", "nomenclature_code", "kode sub kegiatan", "kode_sub_giat"),
    "active_from": ("Berlaku mulai", "active_from", "tahun"),
    "active_until": ("Berlaku sampai", "active_until"),
    "sipd_id": ("ID kamus SIPD", "id_kamus", "id kamus", "sipd_id"),
    "affair": ("Urusan", "bidang_urusan", "bidang urusan", "affair"),
    "proposal_type": ("Jenis usulan", "id_jenis_usul", "jenis usul", "jenis_usulan", "proposal_type"),
    "sipd_category": ("Kategori SIPD", "sipd_category"),
    "spending_type": ("Jenis belanja", "jenis_belanja", "spending_type"),
    "program": ("Program", "nama_program", "nama program"),
    "sub_activity": ("Sub kegiatan", "sub_kegiatan", "nama sub kegiatan", "sub_giat", "sub_activity"),
    "output": ("Output", "output_teks"),
    "outcome": ("Outcome", "outcome_teks"),
}
#: SIPD columns read but not kept (their meaning is SIPD's own workflow).
IGNORED = ("pekerjaan", "kelompok", "prioritas_teks", "prioritas", "no", "nomor")
#: The term each SIPD column feeds, and the model field that points at it.
TERM_COLUMNS: dict[str, str] = {
    "affair": Vocabulary.AFFAIR,
    "proposal_type": Vocabulary.PROPOSAL_TYPE,
    "sipd_category": Vocabulary.CATEGORY,
    "spending_type": Vocabulary.SPENDING_TYPE,
    "program": Vocabulary.PROGRAM,
    "sub_activity": Vocabulary.SUB_ACTIVITY,
    "output": Vocabulary.OUTPUT,
    "outcome": Vocabulary.OUTCOME,
}
_KEY_OF = {header_key(h): key for key, headers in HEADERS.items() for h in headers}
_IGNORED = {header_key(h) for h in IGNORED}
_TAG = re.compile(r"^\s*\{#\s*([A-Za-z0-9_]+)\s*\}\s*")  # SIPD's "{#BP} PENGELOLAAN ARSIP"
_CODE = re.compile(r"^[\w.\-/]+$")
_NOMENCLATURE = re.compile(r"^\d+(\.\d+)+$")
_MAX_LENGTH = {"code": 30, "name": 200, "nomenclature_code": 40, "sipd_id": 40}
_OPTIONAL = ("sipd_id", "unit", "unit_price", "nomenclature_code", "active_until")

#: Rembug's lens for an item SIPD gives none: from the jenis usulan, else from words of the urusan (decision 0029).
FIELD_BY_PROPOSAL_TYPE = {"sarpras": Field.PUBLIC_FACILITIES, "pm": Field.ECONOMIC}
FIELD_BY_WORD: tuple[tuple[str, str], ...] = (
    ("pekerjaan umum", Field.PUBLIC_FACILITIES),
    ("perumahan", Field.PUBLIC_FACILITIES),
    ("permukiman", Field.PUBLIC_FACILITIES),
    ("perhubungan", Field.PUBLIC_FACILITIES),
    ("penataan ruang", Field.PUBLIC_FACILITIES),
    ("lingkungan hidup", Field.PRIVATE_NEEDS),
    ("air", Field.PRIVATE_NEEDS),
    ("sampah", Field.PRIVATE_NEEDS),
    ("koperasi", Field.ECONOMIC),
    ("usaha", Field.ECONOMIC),
    ("perdagangan", Field.ECONOMIC),
    ("perindustrian", Field.ECONOMIC),
    ("pertanian", Field.ECONOMIC),
    ("perikanan", Field.ECONOMIC),
    ("pangan", Field.ECONOMIC),
    ("pariwisata", Field.ECONOMIC),
    ("tenaga kerja", Field.ECONOMIC),
    ("penanaman modal", Field.ECONOMIC),
)
DEFAULT_FIELD = Field.SOCIAL_CULTURAL  # education, health, culture, youth, archives, social affairs, governance
DEFAULT_CATEGORY = Category.LAINNYA
DEFAULT_AUTHORITY = Authority.KOTA  # a city's own kamus holds its own affairs


def derived_field(*, proposal_type: str, affair: str) -> str:
    """Rembug's lens for a SIPD item without one."""
    by_type = FIELD_BY_PROPOSAL_TYPE.get(normalized(proposal_type))
    if by_type:
        return by_type
    words = normalized(affair)
    return next((value for word, value in FIELD_BY_WORD if word in words), DEFAULT_FIELD)


@dataclass
class Table:
    """A file's rows by column key, with the columns found and those nobody knows."""

    positions: dict[str, int]
    headers: dict[str, str]  # key → the header as the file writes it
    rows: list[tuple[int, dict[str, Any]]]
    unknown: list[str] = field(default_factory=list)

    def errors(self) -> CellErrors:
        return CellErrors([Column(k, h) for k, h in self.headers.items()], self.positions)


def table_from(header: Sequence[Any], rows: Iterable[tuple[int, Sequence[Any]]]) -> Table:
    """Match a header row to the known columns; SpreadsheetInvalid when the name (or every code) column is missing."""
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    for index, value in enumerate(header):
        text = cell_text(value)
        key = _KEY_OF.get(header_key(text))
        if key is not None and key not in positions:
            positions[key], headers[key] = index, text
        elif text and header_key(text) not in _IGNORED:
            unknown.append(text)
    missing = []  # named at their place in Rembug's template (A: Kode, B: Nama kegiatan)
    if "code" not in positions and "sipd_id" not in positions:
        missing.append(("code", 0))
    if "name" not in positions:
        missing.append(("name", 1))
    if missing:
        raise SpreadsheetInvalid(
            [
                CellError(
                    row=1,
                    column=get_column_letter(index + 1),
                    header=HEADERS[key][0],
                    message=_("judul kolom tidak ditemukan; gunakan templat hasil unduhan atau ekspor kamus SIPD"),
                )
                for key, index in missing
            ]
        )
    table_rows = [
        (number, {key: values[index] if index < len(values) else None for key, index in positions.items()})
        for number, values in rows
    ]
    return Table(positions=positions, headers=headers, rows=table_rows, unknown=unknown)


def table_from_json(file: Any, *, max_rows: int) -> Table:
    """SIPD's kamus as JSON: a list of objects (or {"data": [...]}); row n is the n-th object, columns its keys."""
    try:
        data = json.loads(read_upload(file).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError(
            _("Berkas JSON tidak dapat dibaca; pastikan isinya daftar kamus hasil ekspor SIPD.")
        ) from None
    if isinstance(data, dict):
        data = data.get("data", data.get("items"))
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise DomainError(_("Berkas JSON harus berisi daftar (list) kegiatan kamus, satu objek per kegiatan."))
    if len(data) > max_rows:
        raise DomainError(
            _("Berkas memuat lebih dari %(max)d baris; bagi menjadi beberapa berkas.") % {"max": max_rows}
        )
    header = list(dict.fromkeys(key for row in data for key in row))
    rows = [(number, [row.get(key) for key in header]) for number, row in enumerate(data, start=1)]
    return table_from(header, rows)


@dataclass(frozen=True)
class Cleaned:
    """One row as model values, and the words of SIPD's columns (matched to terms once every row is read)."""

    values: dict[str, Any]
    words: dict[str, tuple[str, str]]  # term column → (name, code)
    derive_field: bool  # Rembug's field comes from the SIPD words (no Rembug value in the file or the item)


class RowCleaner:
    """Checks rows of one file for one city; problems go to `errors`, by row and column."""

    def __init__(self, *, city, table: Table, existing: list[DictionaryItem], errors: CellErrors) -> None:
        self.city, self.table, self.errors = city, table, errors
        self.by_code = {item.code: item for item in existing}
        self.by_sipd = {item.sipd_id: item for item in existing if item.sipd_id}
        self.agencies = _Agencies(city)
        self.units = TermMatcher(city.pk, Vocabulary.UNIT)
        self.proposal_types = TermMatcher(city.pk, Vocabulary.PROPOSAL_TYPE)
        self.lookups = {key: choice_lookup(c.choices) for key, c in (("field", Field), ("category", Category))}
        self.authorities = choice_lookup(Authority.choices)
        self.first_row_of: dict[str, int] = {}
        self.year = timezone.localdate().year

    def existing(self, values: dict[str, Any]) -> DictionaryItem | None:
        return self.by_sipd.get(values.get("sipd_id") or "\0") or self.by_code.get(values["code"])

    def clean(self, number: int, raw: dict[str, Any]) -> Cleaned | None:
        before = len(self.errors)
        bad = functools.partial(self.errors.add, number)
        text = {key: cell_text(value) for key, value in raw.items()}
        words: dict[str, tuple[str, str]] = {}
        name = text.get("name", "")
        tag = _TAG.match(name)
        if tag:  # SIPD writes the kind of spending in front of the name
            name = name[tag.end() :].strip()
            words["spending_type"] = (tag.group(1).upper(), tag.group(1).upper())
        values: dict[str, Any] = {"name": name, "sipd_id": text.get("sipd_id", "")}
        values["code"] = text.get("code") or values["sipd_id"]
        self._check_texts(text, values, bad)
        self._check_code(values["code"], number, "code" if "code" in raw else "sipd_id", bad)
        current = self.existing(values) if values["code"] else None
        values.update(self._rembug_choices(text, current, words, bad))
        values["agency"] = self._agency(text, current, bad)
        values["unit"] = self._unit(text.get("unit", ""), bad)
        values["unit_price"] = self._price(raw.get("unit_price"), bad)
        values["authority"] = self._authority(text.get("authority", ""), current, bad)
        values["nomenclature_code"] = self._nomenclature(text.get("nomenclature_code", ""), bad)
        values.update(self._years(raw, current, bad))
        for key in _OPTIONAL:  # a column the file lacks leaves the item's value as it is
            if key not in self.table.positions:
                values.pop(key, None)
        for key in TERM_COLUMNS:
            if text.get(key):
                code = text[key] if key == "proposal_type" and text[key].isdigit() else ""
                words[key] = (text[key], code)
        if "nomenclature_code" in values and words.get("sub_activity") and values["nomenclature_code"]:
            words["sub_activity"] = (words["sub_activity"][0], values["nomenclature_code"])
        if len(self.errors) != before:
            return None
        derive = values.pop("_derive_field")
        return Cleaned(values=values, words=words, derive_field=derive)

    def _check_texts(self, text: dict[str, str], values: dict[str, Any], bad) -> None:
        if not values["name"]:
            bad("name", _("wajib diisi"))
        if not values["code"]:
            bad("code" if "code" in self.table.positions else "sipd_id", _("wajib diisi"))
        for key, limit in _MAX_LENGTH.items():
            value = values.get(key, text.get(key, ""))
            if key in self.table.positions and len(value) > limit:
                bad(key, _("paling banyak %(max)d karakter") % {"max": limit})

    def _check_code(self, code: str, number: int, column: str, bad) -> None:
        if not code or len(code) > _MAX_LENGTH["code"]:
            return
        if not _CODE.match(code):
            bad(column, _("hanya boleh huruf, angka, titik, garis miring, tanda hubung dan garis bawah"))
        elif code in self.first_row_of:
            bad(
                column,
                _("kode %(code)s sudah dipakai di baris %(row)d") % {"code": code, "row": self.first_row_of[code]},
            )
        else:
            self.first_row_of[code] = number

    def _rembug_choices(self, text: dict[str, str], current, words: dict, bad) -> dict[str, Any]:
        """Rembug's field and category from its own values; a SIPD word in those columns is a city term instead."""
        found: dict[str, str | None] = {}
        for key, vocabulary_key in (("field", "affair"), ("category", "sipd_category")):
            value = text.get(key, "")
            found[key] = self.lookups[key].get(value.casefold()) if value else None
            if value and found[key] is None:  # "SARPRAS", "Kesehatan": the city's word, not Rembug's choice
                try:
                    is_type = self.proposal_types.find(value) is not None
                except AmbiguousTerm:
                    is_type = False
                target = "proposal_type" if is_type and "proposal_type" not in words else vocabulary_key
                words.setdefault(target, (value, ""))
        if found["field"] and found["category"]:
            expected = CATEGORY_FIELD.get(found["category"])
            if expected and found["field"] != expected:
                bad(
                    "category",
                    _("kategori %(category)s termasuk bidang %(expected)s, bukan %(field)s")
                    % {"category": found["category"], "expected": expected, "field": found["field"]},
                )
        category = found["category"] or (current.category if current else DEFAULT_CATEGORY)
        field_value = found["field"] or CATEGORY_FIELD.get(found["category"] or "") or (current and current.field)
        return {"category": category, "field": field_value or DEFAULT_FIELD, "_derive_field": not field_value}

    def _agency(self, text: dict[str, str], current, bad) -> Agency | None:
        name, code = text.get("agency", ""), text.get("agency_code", "")
        if not name and not code:
            if current is not None:
                return self.agencies.by_pk[current.agency_id]
            bad("agency" if "agency" in self.table.positions else "name", _("perangkat daerah wajib diisi"))
            return None
        agency = self.agencies.find(code) if code else None
        agency = agency or (self.agencies.find(name) if name else None)
        column = "agency" if name else "agency_code"
        if agency is None:
            bad(column, self.agencies.problem(name or code))
        elif not agency.is_active and (current is None or current.agency_id != agency.pk):
            bad(column, _("perangkat daerah %(value)s sudah tidak aktif") % {"value": agency.short_name})
        return agency

    def _unit(self, value: str, bad) -> str:
        """The unit list's word ("M2" → "m²"); empty is allowed (SIPD's kamus has items without a unit)."""
        if not value:
            return ""
        try:
            return self.units.get(value).name
        except (UnknownTerm, AmbiguousTerm) as error:
            bad("unit", str(error))
            return value

    def _price(self, value: Any, bad) -> int | None:
        """Whole rupiah; empty or 0 means the item has no price (then each proposal names its amount)."""
        if cell_text(value) == "":
            return None
        try:
            price = cell_int(value)
        except ValueError:
            price = -1
        if price < 0:
            bad("unit_price", _("harus bilangan bulat positif (0 atau kosong: tanpa harga)"))
        elif price > MAX_UNIT_PRICE:
            bad("unit_price", _("terlalu besar; periksa kembali angkanya"))
        return price or None

    def _authority(self, value: str, current, bad) -> str:
        if not value:
            return current.authority if current else DEFAULT_AUTHORITY
        found = self.authorities.get(value.casefold())
        if found is None:
            bad(
                "authority",
                _('isian "%(value)s" tidak dikenal; pilih salah satu: %(choices)s')
                % {"value": value, "choices": ", ".join(Authority.values)},
            )
        return found or DEFAULT_AUTHORITY

    def _nomenclature(self, value: str, bad) -> str:
        if value and len(value) <= _MAX_LENGTH["nomenclature_code"] and not _NOMENCLATURE.match(value):
            bad("nomenclature_code", _("format tidak sah; contoh 1.03.10.2.01.0019"))
        return value

    def _years(self, raw: dict[str, Any], current, bad) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key in ("active_from", "active_until"):
            values[key], problem = _year(raw.get(key))
            if problem:
                bad(key, problem)
        if values["active_from"] is None:
            if "active_from" in raw and self.table.headers.get("active_from", "").casefold() == "berlaku mulai":
                bad("active_from", _("wajib diisi"))  # Rembug's template says it; SIPD's kamus has "tahun"
            values["active_from"] = current.active_from if current else self.year
        if values["active_until"] is None and current is not None and "active_until" not in raw:
            values["active_until"] = current.active_until
        if values["active_until"] and values["active_until"] < values["active_from"]:
            bad(
                "active_until",
                _("tidak boleh sebelum tahun berlaku mulai (%(year)d)") % {"year": values["active_from"]},
            )
        return values


def _year(value: Any) -> tuple[int | None, str]:
    """(year, "") from a cell, (None, "") when empty, (None, message) when it is not a plausible year."""
    if cell_text(value) == "":
        return None, ""
    try:
        year = cell_int(value)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        return None, _("harus tahun empat angka, mis. 2027")
    return year, ""


class _Agencies:
    """The city's agencies through the one matcher every import uses (rembug.agencies.lookups, decision 0027): by
    official SIPD name, short name, code or alias, ignoring case, spacing and "Kec."/"Kel."."""

    def __init__(self, city) -> None:
        self.matcher = AgencyMatcher(city, Agency.objects.filter(city=city).order_by("-is_active", "pk"))
        self.by_pk: dict[int, Agency] = {agency.pk: agency for agency in self.matcher.agencies}

    def find(self, text: str) -> Agency | None:
        return self.matcher.match(text)

    def problem(self, text: str) -> str:
        return self.matcher.problem(text)


def link_terms(*, city, cleaned: list[Cleaned]) -> dict[str, int]:
    """Point each row at the terms its SIPD words name, creating the missing ones; returns how many were added
    per list. Derives Rembug's field from the words where the file and the item gave none."""
    added: dict[str, int] = {}
    for key, vocabulary in TERM_COLUMNS.items():
        names = [row.words[key] for row in cleaned if key in row.words]
        if not names:
            continue
        try:
            terms, count = terms_add_missing(city=city, vocabulary=vocabulary, names=names)
        except AmbiguousTerm as error:
            raise DomainError(str(error)) from None
        if count:
            added[vocabulary] = count
        for row in cleaned:
            if key in row.words:
                name, code = row.words[key]
                term = terms.get(normalized(code or " ".join(name.split())))
                if term is None:  # a word the list cannot hold (too long): named, never a crash
                    raise DomainError(
                        _("Istilah “%(name)s…” tidak dapat disimpan: paling banyak 255 karakter.") % {"name": name[:60]}
                    )
                row.values[key] = term
    for row in cleaned:
        if row.derive_field:
            row.values["field"] = derived_field(
                proposal_type=row.words.get("proposal_type", ("", ""))[0],
                affair=row.words.get("affair", ("", ""))[0],
            )
    return added


def store(*, city, table: Table, stored_fields: Sequence[str]) -> tuple[int, int, int, dict[str, int]]:
    """Validate every row, then create and update items; the caller holds the transaction and checks the actor.

    Returns (created, updated, unchanged, terms added per list)."""
    existing = list(DictionaryItem.objects.select_for_update().filter(city=city))
    errors = table.errors()
    cleaner = RowCleaner(city=city, table=table, existing=existing, errors=errors)
    cleaned = [row for row in (cleaner.clean(number, raw) for number, raw in table.rows) if row is not None]
    errors.raise_if_any()
    added = link_terms(city=city, cleaned=cleaned)
    new: list[DictionaryItem] = []
    changed: list[DictionaryItem] = []
    for row in cleaned:
        item = cleaner.existing(row.values)
        if item is None:
            new.append(DictionaryItem(city=city, **row.values))
            continue
        fields = [name for name in stored_fields if name in row.values]
        if any(_stored(item, name) != _given(row.values[name]) for name in fields):
            for name in fields:
                setattr(item, name, row.values[name])
            item.version += 1
            changed.append(item)
    # Bulk writes bypass the signals history listens to: these write each row's history too.
    history.bulk_create(DictionaryItem, new, batch_size=500)
    history.bulk_update(DictionaryItem, changed, [*stored_fields, "version"], batch_size=500)
    return len(new), len(changed), len(cleaned) - len(new) - len(changed), added


def _stored(item: DictionaryItem, name: str) -> Any:
    """A stored value to compare, a relation by its id (no query per row)."""
    field = DictionaryItem._meta.get_field(name)
    return getattr(item, field.attname)


def _given(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value
