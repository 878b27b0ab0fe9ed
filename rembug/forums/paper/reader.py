"""Reading a filled paper-Rembug workbook: its sheets, header rows and filled rows, dates and numbers in cells.

Bad cells are collected by sheet (never raised one by one), so the operator sees every mistake at once.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from rembug.cycles.models import PlanningCycle
from rembug.cycles.selectors import today
from rembug.errors import DomainError
from rembug.spreadsheets import (
    CellError,
    CellErrors,
    Column,
    SheetCellError,
    SpreadsheetInvalid,
    cell_text,
    header_positions,
)

from .layout import COUNTS_TITLE, MEETING_TITLE, PEOPLE_TITLE, PROPOSALS_TITLE

# --- errors addressed by sheet --------------------------------------------------------------------------------------


_DATE_TEXT = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


class Report:
    """Every bad cell of the workbook, collected before anything is saved: one list behind each sheet's CellErrors."""

    def __init__(self) -> None:
        self.errors: list[CellError] = []

    def cells(
        self, sheet: str, columns: tuple[Column, ...] = (), positions: dict[str, int] | None = None
    ) -> CellErrors:
        return CellErrors(columns, positions or {}, sheet=sheet, errors=self.errors)

    def add(self, sheet: str, row: int, column: str, header: str, message: str) -> None:
        self.cells(sheet).add_at(row, column, header, message)

    def __len__(self) -> int:
        return len(self.errors)


@dataclass
class Table:
    """One sheet of rows under a header row: where each expected column was found, and its non-empty rows."""

    title: str
    columns: tuple[Column, ...]
    positions: dict[str, int]
    rows: list[tuple[int, dict[str, Any]]]
    report: Report

    def __post_init__(self) -> None:
        self.cells = self.report.cells(self.title, self.columns, self.positions)

    def bad(self, row: int, key: str, message: str) -> None:
        self.cells.add(row, key, message)

    def letter(self, key: str) -> str:
        return self.cells.letter(key)


_SHEET_ORDER = {
    title: index for index, title in enumerate((MEETING_TITLE, PROPOSALS_TITLE, PEOPLE_TITLE, COUNTS_TITLE))
}


def reading_order(error: SheetCellError) -> tuple[int, int, int, str]:
    """Sheet by sheet, row by row, left to right (column "K–Q" sorts by its first letter K)."""
    first = error.column.split("–")[0]
    return _SHEET_ORDER.get(error.sheet, len(_SHEET_ORDER)), error.row, len(first), first


def read_sheet(book, title: str, report: Report, header: str):
    if title in book.sheetnames:
        sheet = book[title]
        sheet.reset_dimensions()  # some writers declare a wrong sheet size; read every row there is
        return sheet
    report.add(
        title, 1, "A", header, _('lembar "%(sheet)s" tidak ditemukan; gunakan templat hasil unduhan') % {"sheet": title}
    )
    return None


def read_table(book, title: str, columns: tuple[Column, ...], report: Report, limit: int) -> Table | None:
    sheet = read_sheet(book, title, report, columns[0].header)
    if sheet is None:
        return None
    values = sheet.iter_rows(values_only=True)
    try:
        positions = header_positions(next(values, ()), columns)
    except SpreadsheetInvalid as missing:
        for error in missing.errors:
            report.add(title, error.row, error.column, error.header, error.message)
        return None
    rows = list(itertools.islice(_filled_rows(values, positions), limit + 1))
    if len(rows) > limit:
        raise DomainError(_("Lembar %(sheet)s memuat lebih dari %(max)d baris.") % {"sheet": title, "max": limit})
    return Table(title=title, columns=columns, positions=positions, rows=rows, report=report)


def _filled_rows(rows, positions: dict[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, cells by key) of rows with something in an input column (computed columns are ignored)."""
    for number, values in enumerate(rows, start=2):
        cells = {key: values[index] if index < len(values) else None for key, index in positions.items()}
        if any(cell_text(value) for value in cells.values()):
            yield number, cells


def cell_date(value: Any, *, cycle: PlanningCycle) -> tuple[datetime.date | None, str]:
    """A meeting date from an Excel date cell, a date serial number, or text dd/mm/yyyy (or yyyy-mm-dd)."""
    day: datetime.date | None = None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and 30000 <= value <= 80000:
        day = from_excel(value).date()
    elif cell_text(value):
        text = cell_text(value)
        match = _DATE_TEXT.match(text)
        parts = (match.group(3), match.group(2), match.group(1)) if match else None
        if parts is None and (iso := _ISO_DATE_TEXT.match(text)):
            parts = iso.groups()
        try:
            day = datetime.date(*(int(part) for part in parts)) if parts else None
        except ValueError:
            day = None
        if day is None:
            return None, _("bukan tanggal; tulis dd/mm/yyyy, mis. 17/01/%(year)s") % {"year": cycle.year - 1}
    else:
        return None, _("wajib diisi")
    if day > today():
        return None, _("tanggal %(date)s belum terjadi") % {"date": day.strftime("%d/%m/%Y")}
    if day.year < cycle.year - 2:
        return None, _("tanggal %(date)s terlalu lama untuk Rembug tahun perencanaan %(year)s") % {
            "date": day.strftime("%d/%m/%Y"),
            "year": cycle.year,
        }
    return day, ""


def cell_decimal(value: Any, *, grouping: bool) -> Decimal:
    """A number from a cell: 12.5, "12,5", or with `grouping` "1.500" (Indonesian thousands); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel stores binary floats: 0.1 + 0.2 arrives as 0.30000000000000004, which people read as 0.3.
        number = Decimal(str(round(value, 10)))
    else:
        text = cell_text(value).replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif grouping and _GROUPED.match(text):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number
