"""The city's proposal dictionary (kamus usulan) in and out of files: the shipped CSV, and Excel for Bappeda.

Bappeda reviews the dictionary every year in Excel: it downloads the current list, edits prices, agencies and
validity years, and uploads the file again. An upload is all or nothing: every row is checked first, every bad cell
is reported by row and column, and nothing is saved unless the whole file is valid.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import zip_longest
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from rembug import history
from rembug.accounts.rules import is_city_planner_of
from rembug.agencies.models import Agency
from rembug.errors import DomainError, NotAllowed
from rembug.spreadsheet_writers import new_workbook
from rembug.spreadsheets import (
    LAST_EXCEL_ROW,
    RUPIAH_FORMAT,
    CellErrors,
    Column,
    SpreadsheetInvalid,
    cell_int,
    cell_text,
    choice_lookup,
    data_rows,
    header_positions,
    read_csv,
    row_values,
)
from rembug.vocabularies.services import terms_ensure_defaults
from rembug.xlsx_guard import open_xlsx

from .choices import CATEGORY_FIELD, Authority, Category, Field
from .models import DictionaryItem

#: The columns of the dictionary, in file order; the CSV names them by `key`, Excel by `header`.
COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode"),
    Column("name", "Nama kegiatan"),
    Column("field", "Bidang"),
    Column("category", "Kategori"),
    Column("agency", "Perangkat daerah"),
    Column("unit", "Satuan"),
    Column("unit_price", "Harga satuan (Rp)"),
    Column("authority", "Kewenangan"),
    Column("nomenclature_code", "Kode nomenklatur"),
    Column("active_from", "Berlaku mulai"),
    Column("active_until", "Berlaku sampai"),
)
_WIDTHS = (10, 60, 16, 14, 18, 8, 18, 11, 20, 13, 14)
SHEET_TITLE = "Kamus usulan"
CHOICES_TITLE = "Pilihan"
MAX_ROWS = 5000
MAX_UNIT_PRICE = 10**13  # Rp 10 triliun: anything above is a typing slip
#: The model fields an import writes; a change to any of them is a new version of the item.
_STORED = (
    "name",
    "field",
    "category",
    "agency",
    "unit",
    "unit_price",
    "authority",
    "nomenclature_code",
    "active_from",
    "active_until",
)
_CODE = re.compile(r"^[\w.\-/]+$")
_NOMENCLATURE = re.compile(r"^\d+(\.\d+)+$")
_MAX_LENGTH = {"code": 30, "name": 200, "unit": 30, "nomenclature_code": 40}
_REQUIRED = ("code", "name", "field", "category", "agency", "unit", "unit_price", "authority", "active_from")


def shipped_csv_path() -> Path:
    return Path(str(resources.files("rembug.proposals").joinpath("data", "malang-kamus.csv")))


@dataclass(frozen=True)
class ImportResult:
    """What an import did: items created, items changed (version + 1), items already as in the file."""

    created: int
    updated: int
    unchanged: int

    @property
    def message(self) -> str:
        return _("Kamus usulan tersimpan: %(created)d kegiatan baru, %(updated)d diubah, %(unchanged)d tetap.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


# --- loading the shipped CSV -------------------------------------------------------------------------------------


@history.recorded
def dictionary_load_csv(*, city, path: Path | None = None, file: Any = None, actor=None) -> int:
    """Create the missing items of a CSV and update the changed ones; returns how many were created or changed.

    `file` (bytes or a binary file) is read instead of `path` (the shipped list by default), with the same bounds
    as any upload. Idempotent, so installs and demo resets may run it again. Raises SpreadsheetInvalid listing
    every bad cell, or DomainError for a file too large or unreadable.
    """
    reader = read_csv(file if file is not None else (path or shipped_csv_path()))
    header = next(reader, [])
    positions = header_positions(header, tuple(Column(c.key, c.key) for c in COLUMNS))
    rows = [(number, row_values(values, positions)) for number, values in data_rows(reader)]
    with transaction.atomic():
        terms_ensure_defaults(city=city)
        result = _store(city=city, rows=rows, positions=positions)
    return result.created + result.updated


# --- Excel export -------------------------------------------------------------------------------------------------


def dictionary_export_xlsx(*, city, year: int | None = None) -> bytes:
    """The city's dictionary as an .xlsx template Bappeda edits and imports again (items valid in `year`, or all).

    Choice columns hold the stored values (sarana_umum, jalan, kota) and have dropdowns fed by a hidden "Pilihan"
    sheet, so the file re-imports unchanged. The caller checks the user may see the dictionary. Two queries.
    """
    items = DictionaryItem.objects.filter(city=city).select_related("agency").order_by("field", "category", "code")
    if year is not None:
        items = items.filter(Q(active_until__isnull=True) | Q(active_until__gte=year), active_from__lte=year)
    agencies = list(
        Agency.objects.filter(city=city, is_active=True).order_by("short_name").values_list("short_name", "name")
    )

    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _add_dropdowns(sheet, agency_count=len(agencies))
    bold = Font(bold=True)
    sheet.append([_styled(sheet, column.header, font=bold) for column in COLUMNS])
    for item in items.iterator(chunk_size=1000):
        sheet.append(
            [
                item.code,
                item.name,
                item.field,
                item.category,
                item.agency.short_name,
                item.unit,
                _styled(sheet, item.unit_price, number_format=RUPIAH_FORMAT),
                item.authority,
                item.nomenclature_code or None,
                item.active_from,
                item.active_until,
            ]
        )
    _write_choices(workbook, agencies=agencies, bold=bold)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled(sheet, value: Any, *, font: Font | None = None, number_format: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


# The column of the "Pilihan" sheet that lists the valid values of each dropdown column (see _write_choices).
_CHOICE_COLUMNS = {"field": "A", "category": "C", "agency": "F", "authority": "H"}


def _add_dropdowns(sheet, *, agency_count: int) -> None:
    sizes = {
        "field": len(Field.values),
        "category": len(Category.values),
        "agency": agency_count,
        "authority": len(Authority.values),
    }
    letters = {column.key: get_column_letter(index) for index, column in enumerate(COLUMNS, start=1)}
    for key, source in _CHOICE_COLUMNS.items():
        if not sizes[key]:
            continue
        header = next(c.header for c in COLUMNS if c.key == key)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(CHOICES_TITLE)}!${source}$2:${source}${sizes[key] + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=header,
            error=_("Pilih salah satu isian dari daftar (lembar %(sheet)s).") % {"sheet": CHOICES_TITLE},
        )
        validation.add(f"{letters[key]}2:{letters[key]}{LAST_EXCEL_ROW}")
        sheet.data_validations.append(validation)


def _write_choices(workbook: Workbook, *, agencies: list[tuple[str, str]], bold: Font) -> None:
    """The hidden sheet of valid values (with their meaning beside them) the dropdowns read from."""
    sheet = workbook.create_sheet(CHOICES_TITLE)
    sheet.sheet_state = "hidden"
    all_fields = _("semua bidang")
    columns = [
        ["Bidang", *Field.values],
        ["Keterangan bidang", *(str(label) for label in Field.labels)],
        ["Kategori", *Category.values],
        ["Keterangan kategori", *(str(label) for label in Category.labels)],
        ["Bidang kategori", *(CATEGORY_FIELD.get(value, all_fields) for value in Category.values)],
        ["Perangkat daerah", *(short for short, _name in agencies)],
        ["Nama perangkat daerah", *(name for _short, name in agencies)],
        ["Kewenangan", *Authority.values],
        ["Keterangan kewenangan", *(str(label) for label in Authority.labels)],
    ]
    rows = zip_longest(*columns)
    sheet.append([_styled(sheet, title, font=bold) for title in next(rows)])
    for row in rows:
        sheet.append(list(row))


# --- Excel import -------------------------------------------------------------------------------------------------


@history.recorded
def dictionary_import_xlsx(*, actor, city, file: Any) -> ImportResult:
    """Replace the city's dictionary rows with those of an edited template (.xlsx, at most 5 MB), all or nothing.

    Items missing from the file are kept (end them with "Berlaku sampai"). Only Bappeda or the administrator of
    this city may import. Raises SpreadsheetInvalid with every bad cell, or DomainError for an unreadable file.
    """
    _require_planner_of(actor, city)
    workbook = open_xlsx(file)
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        positions = header_positions(next(values, ()), COLUMNS)
        rows = [
            (number, row_values(cells, positions))
            for number, cells in itertools.islice(data_rows(values), MAX_ROWS + 1)
        ]
    finally:
        workbook.close()
    if len(rows) > MAX_ROWS:
        raise DomainError(
            _("Berkas memuat lebih dari %(max)d baris; bagi menjadi beberapa berkas.") % {"max": MAX_ROWS}
        )
    if not rows:
        raise DomainError(_("Berkas tidak memuat satu pun baris kamus usulan."))
    with transaction.atomic():
        return _store(city=city, rows=rows, positions=positions)


def _require_planner_of(actor, city) -> None:
    if actor is None or not actor.is_authenticated:
        allowed = False
    else:
        allowed = actor.is_superuser or (
            actor.has_perm("proposals.change_dictionaryitem")
            and is_city_planner_of(actor, SimpleNamespace(city_id=city.pk))
        )
    if allowed:
        return
    raise NotAllowed(
        _("Hanya Bappeda atau administrator %(city)s yang dapat mengubah kamus usulan kota ini.") % {"city": city.label}
    )


# --- validating and saving rows (shared by the CSV and Excel paths) -----------------------------------------------


def _store(*, city, rows: list[tuple[int, dict[str, Any]]], positions: dict[str, int]) -> ImportResult:
    """Validate every row, then create and update items; the caller holds the transaction."""
    existing = {item.code: item for item in DictionaryItem.objects.select_for_update().filter(city=city)}
    errors = CellErrors(COLUMNS, positions)
    cleaned = _clean_rows(rows, city=city, existing=existing, errors=errors)
    errors.raise_if_any()

    new: list[DictionaryItem] = []
    changed: list[DictionaryItem] = []
    for values in cleaned:
        item = existing.get(values["code"])
        if item is None:
            new.append(DictionaryItem(city=city, **values))
        elif any(getattr(item, name) != values[name] for name in _STORED):
            for name in _STORED:
                setattr(item, name, values[name])
            item.version += 1
            changed.append(item)
    # Bulk writes bypass the signals history listens to: these write each row's history too.
    history.bulk_create(DictionaryItem, new, batch_size=500)
    history.bulk_update(DictionaryItem, changed, [*_STORED, "version"], batch_size=500)
    return ImportResult(created=len(new), updated=len(changed), unchanged=len(cleaned) - len(new) - len(changed))


def _clean_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], *, city, existing: dict[str, DictionaryItem], errors: CellErrors
) -> list[dict[str, Any]]:
    """The rows as model values; every problem goes to `errors` (a row with errors yields nothing)."""
    agencies = _AgencyLookup(city, existing)
    lookups = {key: choice_lookup(choices.choices) for key, choices in _CHOICES.items()}
    first_row_of: dict[str, int] = {}
    cleaned: list[dict[str, Any]] = []
    for number, raw in rows:
        before = len(errors)
        text = {
            key: cell_text(raw.get(key))
            for key in ("code", "name", "field", "category", "agency", "unit", "authority", "nomenclature_code")
        }
        bad = functools.partial(errors.add, number)
        _check_required_and_lengths(raw, text, bad)
        values: dict[str, Any] = {"code": text["code"], "name": text["name"], "unit": text["unit"]}
        _check_code(text["code"], number, first_row_of, bad)
        values.update(_choices(text, lookups, bad))
        if text["agency"]:
            values["agency"] = agencies.check(text["agency"], code=text["code"], bad=bad)
        if cell_text(raw.get("unit_price")):
            values["unit_price"] = _unit_price(raw["unit_price"], bad)
        values["nomenclature_code"] = _nomenclature(text["nomenclature_code"], bad)
        values.update(_years(raw, bad))
        if len(errors) == before:
            cleaned.append(values)
    return cleaned


def _check_required_and_lengths(raw: dict[str, Any], text: dict[str, str], bad) -> None:
    for key in _REQUIRED:
        if cell_text(raw.get(key)) == "":
            bad(key, _("wajib diisi"))
    for key, limit in _MAX_LENGTH.items():
        if len(text[key]) > limit:
            bad(key, _("paling banyak %(max)d karakter") % {"max": limit})


def _check_code(code: str, number: int, first_row_of: dict[str, int], bad) -> None:
    """A code of allowed characters, used once in the file."""
    if not code or len(code) > _MAX_LENGTH["code"]:
        return
    if not _CODE.match(code):
        bad("code", _("hanya boleh huruf, angka, titik, garis miring, tanda hubung dan garis bawah"))
    elif code in first_row_of:
        bad("code", _("kode %(code)s sudah dipakai di baris %(row)d") % {"code": code, "row": first_row_of[code]})
    else:
        first_row_of[code] = number


_CHOICES = {"field": Field, "category": Category, "authority": Authority}


def _choices(text: dict[str, str], lookups: dict[str, dict[str, str]], bad) -> dict[str, Any]:
    """Field, category and authority from their codes or labels; the category must belong to the field."""
    values: dict[str, Any] = {}
    for key, choices in _CHOICES.items():
        if not text[key]:
            continue
        values[key] = lookups[key].get(text[key].casefold())
        if values[key] is None:
            bad(
                key,
                _('isian "%(value)s" tidak dikenal; pilih salah satu: %(choices)s')
                % {"value": text[key], "choices": ", ".join(choices.values)},
            )
    expected_field = CATEGORY_FIELD.get(values.get("category"))
    if values.get("field") and expected_field and values["field"] != expected_field:
        bad(
            "category",
            _("kategori %(category)s termasuk bidang %(expected)s, bukan %(field)s")
            % {"category": values["category"], "expected": expected_field, "field": values["field"]},
        )
    return values


class _AgencyLookup:
    """The city's agencies by short name (case-insensitive); an inactive one only for an item that has it already."""

    def __init__(self, city, existing: dict[str, DictionaryItem]) -> None:
        self.city = city
        self.existing = existing
        self.agencies = {agency.short_name: agency for agency in Agency.objects.filter(city=city)}
        self.folded = {short.casefold(): agency for short, agency in self.agencies.items()}

    def check(self, name: str, *, code: str, bad) -> Agency | None:
        agency = self.agencies.get(name) or self.folded.get(name.casefold())
        current = self.existing.get(code)
        if agency is None:
            bad(
                "agency",
                _('perangkat daerah "%(value)s" tidak terdaftar di %(city)s')
                % {"value": name, "city": self.city.label},
            )
        elif not agency.is_active and (current is None or current.agency_id != agency.pk):
            bad("agency", _("perangkat daerah %(value)s sudah tidak aktif") % {"value": agency.short_name})
        return agency


def _unit_price(value: Any, bad) -> int:
    try:
        price = cell_int(value)
    except ValueError:
        price = 0
    if price <= 0:
        bad("unit_price", _("harus bilangan bulat positif"))
    elif price > MAX_UNIT_PRICE:
        bad("unit_price", _("terlalu besar; periksa kembali angkanya"))
    return price


def _nomenclature(nomenclature: str, bad) -> str:
    if nomenclature and len(nomenclature) <= _MAX_LENGTH["nomenclature_code"] and not _NOMENCLATURE.match(nomenclature):
        bad("nomenclature_code", _("format tidak sah; contoh 1.03.10.2.01.0019"))
    return nomenclature


def _years(raw: dict[str, Any], bad) -> dict[str, Any]:
    """The years the item is valid from and until (the second not before the first)."""
    values: dict[str, Any] = {}
    for key in ("active_from", "active_until"):
        values[key], problem = _year(raw.get(key))
        if problem:
            bad(key, problem)
    if values["active_from"] and values["active_until"] and values["active_until"] < values["active_from"]:
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


__all__ = [
    "COLUMNS",
    "ImportResult",
    "SpreadsheetInvalid",
    "dictionary_export_xlsx",
    "dictionary_import_xlsx",
    "dictionary_load_csv",
    "shipped_csv_path",
]
