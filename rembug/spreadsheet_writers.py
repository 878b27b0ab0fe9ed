"""Writing spreadsheets that never make a formula of user text (OWASP "CSV injection"): CSV and XLSX writers.

See docs/decisions/0012-spreadsheet-files-in-and-out.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# --- writing: user text never becomes a formula --------------------------------------------------------------

#: What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP "CSV injection"), with the
#: full-width forms some spreadsheet programs also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet program would run as a formula; numbers (even negative) are never."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A value as written to CSV: formula-like text gets OWASP's leading single quote, None an empty cell."""
    if value is None:
        return ""
    return "'" + value if is_formula_like(value) else value


def xlsx_text_cell(cell: Cell) -> Cell:
    """Keep a cell openpyxl took for a formula (text starting with "=") as the text it is: an inline string."""
    if cell.data_type == "f" and isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


class CsvWriter:
    """csv.writer whose every cell goes through `csv_cell`; `writerow` returns what the file's write returned."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Any, **options: Any) -> CsvWriter:
    """The only CSV writer of Rembug (a meta-test refuses csv.writer elsewhere)."""
    return CsvWriter(handle, **options)


class _WriteOnlySheet(WriteOnlyWorksheet):
    """A write-only sheet whose appended text is never a formula (rows go to disk as they come, so checked here)."""

    def append(self, row: Iterable[Any]) -> None:
        cells = []
        for value in row:
            if isinstance(value, Cell):
                xlsx_text_cell(value)
            elif is_formula_like(value):
                value = xlsx_text_cell(WriteOnlyCell(self, value=value))
            cells.append(value)
        super().append(cells)


class SafeWorkbook(Workbook):
    """openpyxl's Workbook where no cell holds a formula: Rembug's files carry data, and user text is hostile.

    Normal sheets are swept when saved (however a cell was set); write-only sheets check each appended row.
    """

    def create_sheet(self, title: str | None = None, index: int | None = None) -> Any:
        if not self.write_only:
            return super().create_sheet(title, index)
        sheet = _WriteOnlySheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename: Any) -> None:
        for sheet in self.worksheets:
            if isinstance(sheet, Worksheet) and sheet.max_row and sheet.max_column:
                for row in sheet.iter_rows():
                    for cell in row:
                        xlsx_text_cell(cell)
        super().save(filename)


def new_workbook(*, write_only: bool = False) -> SafeWorkbook:
    """The only way Rembug creates a workbook (a meta-test refuses `Workbook(` elsewhere)."""
    return SafeWorkbook(write_only=write_only)


def workbook_bytes(book: Workbook) -> bytes:
    """A workbook saved to bytes, for an HTTP response or a stored file."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
