"""The city's proposal dictionary (kamus usulan) in and out of files: the shipped CSV, and Excel for Bappeda.

Bappeda reviews the dictionary every year in Excel: it downloads the current list, edits prices, agencies and
validity years, and uploads the file again. An upload is all or nothing: every row is checked first, every bad cell
is reported by row and column, and nothing is saved unless the whole file is valid.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass, field
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
    Column,
    SpreadsheetInvalid,
    data_rows,
    read_csv,
    read_upload,
)
from rembug.vocabularies.models import Vocabulary
from rembug.vocabularies.services import terms_ensure_defaults
from rembug.xlsx_guard import open_xlsx

from .choices import CATEGORY_FIELD, Authority, Category, Field
from .dictionary_import import TERM_COLUMNS, store, table_from, table_from_json
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
    "code",
    "sipd_id",
    *TERM_COLUMNS,
)
_CODE = re.compile(r"^[\w.\-/]+$")
_NOMENCLATURE = re.compile(r"^\d+(\.\d+)+$")
_MAX_LENGTH = {"code": 30, "name": 200, "unit": 30, "nomenclature_code": 40}
_REQUIRED = ("code", "name", "field", "category", "agency", "unit", "unit_price", "authority", "active_from")


def shipped_csv_path() -> Path:
    return Path(str(resources.files("rembug.proposals").joinpath("data", "malang-kamus.csv")))


@dataclass(frozen=True)
class ImportResult:
    """What an import did: items created, items changed (version + 1), items already as in the file, terms added
    to the city's lists, and the file's columns nobody knows (reported, not fatal)."""

    created: int
    updated: int
    unchanged: int
    terms_added: dict[str, int] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        text = _("Kamus usulan tersimpan: %(created)d kegiatan baru, %(updated)d diubah, %(unchanged)d tetap.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.terms_added:
            lists = ", ".join(
                f"{Vocabulary(key).label.lower()} {count}" for key, count in sorted(self.terms_added.items())
            )
            text += " " + _("Istilah baru di daftar kota: %(lists)s.") % {"lists": lists}
        if self.unknown_columns:
            text += " " + _("Kolom tidak dikenal (diabaikan): %(columns)s.") % {
                "columns": ", ".join(self.unknown_columns)
            }
        return text


# --- loading the shipped CSV -------------------------------------------------------------------------------------


@history.recorded
def dictionary_load_csv(*, city, path: Path | None = None, file: Any = None, actor=None) -> int:
    """Create the missing items of a CSV and update the changed ones; returns how many were created or changed.

    `file` (bytes or a binary file) is read instead of `path` (the shipped list by default), with the same bounds
    as any upload. Idempotent, so installs and demo resets may run it again. Raises SpreadsheetInvalid listing
    every bad cell, or DomainError for a file too large or unreadable.
    """
    reader = read_csv(file if file is not None else (path or shipped_csv_path()))
    table = table_from(next(reader, []), data_rows(reader))
    with transaction.atomic():
        terms_ensure_defaults(city=city)
        result = _store(city=city, table=table)
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
        table = table_from(next(values, ()), itertools.islice(data_rows(values), MAX_ROWS + 1))
    finally:
        workbook.close()
    return _import(city=city, table=table)


@history.recorded
def dictionary_import_file(*, actor, city, file: Any, filename: str = "") -> ImportResult:
    """Import a dictionary from Rembug's template or a SIPD kamus export: .xlsx, .csv or .json (at most 5 MB).

    The format comes from the file name, else from the content. All or nothing, like `dictionary_import_xlsx`.
    """
    _require_planner_of(actor, city)
    data = read_upload(file)
    name = filename.casefold()
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith(".json") or (not name.endswith((".csv", ".xlsx")) and head[:1] in (b"[", b"{")):
        return _import(city=city, table=table_from_json(data, max_rows=MAX_ROWS))
    if name.endswith(".csv") or (not name.endswith(".xlsx") and not data.startswith(b"PK")):
        reader = read_csv(data)
        return _import(city=city, table=table_from(next(reader, []), data_rows(reader)))
    return dictionary_import_xlsx(actor=actor, city=city, file=data)


def _import(*, city, table) -> ImportResult:
    if len(table.rows) > MAX_ROWS:
        raise DomainError(
            _("Berkas memuat lebih dari %(max)d baris; bagi menjadi beberapa berkas.") % {"max": MAX_ROWS}
        )
    if not table.rows:
        raise DomainError(_("Berkas tidak memuat satu pun baris kamus usulan."))
    with transaction.atomic():
        terms_ensure_defaults(city=city)
        return _store(city=city, table=table)


def _store(*, city, table) -> ImportResult:
    created, updated, unchanged, added = store(city=city, table=table, stored_fields=_STORED)
    return ImportResult(created, updated, unchanged, terms_added=added, unknown_columns=table.unknown)


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


__all__ = [
    "COLUMNS",
    "ImportResult",
    "SpreadsheetInvalid",
    "dictionary_export_xlsx",
    "dictionary_import_file",
    "dictionary_import_xlsx",
    "dictionary_load_csv",
    "shipped_csv_path",
]
