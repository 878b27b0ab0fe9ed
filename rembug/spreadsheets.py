"""Reading uploaded Excel files row by row and reporting every bad cell at once, by row and column.

Staff fix a spreadsheet in one go when they see all its mistakes together, each where Excel shows it
("Baris 7, kolom G (Harga satuan (Rp))"); imports therefore validate the whole file before saving anything.
Used by the proposal dictionary import and, later, the paper-rembug import.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from rembug.errors import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Number format of rupiah amounts: whole rupiah with thousands separators, as Excel's locale shows them.
RUPIAH_FORMAT = '"Rp "#,##0'
#: Data validations cover whole columns, so rows added below the exported ones get the dropdowns too.
LAST_EXCEL_ROW = 1_048_576

_ZIP_MAGIC = b"PK\x03\x04"
_GROUPED_INT = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One column of a spreadsheet: `key` is how code names it, `header` the title shown in row 1."""

    key: str
    header: str


@dataclass(frozen=True)
class CellError:
    """A bad cell, addressed as Excel shows it: row number and column letter (with its header)."""

    row: int
    column: str
    header: str
    message: str

    def __str__(self) -> str:
        return _("Baris %(row)s, kolom %(column)s (%(header)s): %(message)s") % {
            "row": self.row, "column": self.column, "header": self.header, "message": self.message,
        }


class SpreadsheetInvalid(DomainError):
    """The file has bad cells; `errors` lists every one of them, and nothing was saved."""

    code = "spreadsheet_invalid"

    def __init__(self, errors: Sequence[CellError], *, message: str | None = None) -> None:
        self.errors = list(errors)
        super().__init__(message or _("Berkas memuat %(count)d kesalahan; tidak ada data yang disimpan. "
                                      "Perbaiki lalu unggah kembali.") % {"count": len(self.errors)})

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


class CellErrors:
    """Collects cell errors while a file is validated; `positions` maps a column key to its 0-based index."""

    def __init__(self, columns: Iterable[Column], positions: Mapping[str, int]) -> None:
        self._headers = {c.key: c.header for c in columns}
        self._positions = dict(positions)
        self.errors: list[CellError] = []

    def add(self, row: int, key: str, message: str) -> None:
        self.errors.append(CellError(row=row, column=get_column_letter(self._positions[key] + 1),
                                     header=self._headers[key], message=message))

    def __len__(self) -> int:
        return len(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise SpreadsheetInvalid(self.errors)


def read_upload(file: Any, *, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of an upload (bytes, Django UploadedFile or any binary file object), refusing one over `limit`."""
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise DomainError(_too_large(limit))
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise DomainError(_too_large(limit))
    return data


def _too_large(limit: int) -> str:
    return _("Berkas terlalu besar; ukuran maksimum %(mb)s MB.") % {"mb": limit // (1024 * 1024)}


def open_xlsx(file: Any, *, limit: int = MAX_UPLOAD_BYTES) -> Workbook:
    """A read-only workbook of an uploaded .xlsx file, or DomainError if it is too large or not an Excel file.

    Read-only mode streams the rows, so a large sheet does not have to fit in memory. Close it after use.
    """
    data = read_upload(file, limit=limit)
    not_xlsx = _("Berkas bukan berkas Excel (.xlsx). Simpan sebagai \"Excel Workbook (.xlsx)\" lalu unggah kembali.")
    if not data.startswith(_ZIP_MAGIC):  # .xls, .csv, .ods or anything else
        raise DomainError(not_xlsx)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise DomainError(not_xlsx) from error


def header_positions(header_row: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """Where each expected header is in row 1 (any order, case-insensitive); SpreadsheetInvalid if some are missing."""
    found = {cell_text(value).casefold(): index for index, value in enumerate(header_row) if cell_text(value)}
    positions: dict[str, int] = {}
    missing: list[CellError] = []
    for expected_index, column in enumerate(columns):
        index = found.get(column.header.casefold())
        if index is None:
            missing.append(CellError(row=1, column=get_column_letter(expected_index + 1), header=column.header,
                                     message=_("judul kolom tidak ditemukan; gunakan templat hasil unduhan")))
        else:
            positions[column.key] = index
    if missing:
        raise SpreadsheetInvalid(missing)
    return positions


def data_rows(rows: Iterable[Sequence[Any]], *, first_row: int = 2) -> Iterator[tuple[int, Sequence[Any]]]:
    """(Excel row number, values) of the non-empty rows; `rows` starts at `first_row` (read-only sheets fill gaps)."""
    for number, values in enumerate(rows, start=first_row):
        if any(cell_text(value) for value in values):
            yield number, values


def row_values(values: Sequence[Any], positions: Mapping[str, int]) -> dict[str, Any]:
    """The cells of one row by column key (a short row leaves the missing cells empty)."""
    return {key: values[index] if index < len(values) else None for key, index in positions.items()}


def cell_text(value: Any) -> str:
    """A cell as trimmed text; whole numbers lose Excel's ".0" (a code typed as 101 reads "101")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_int(value: Any) -> int:
    """A whole number from a cell: 150000, 150000.0, "150000", "150.000" or "Rp 150.000"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    match = _GROUPED_INT.match(cell_text(value).replace(" ", "") if isinstance(value, str) else "")
    if not match:
        raise ValueError(value)
    return int(match.group(1).replace(".", ""))


def choice_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Accept a choice by its value or its label, in any case: {"jalan": "jalan", "drainase / gorong-gorong": ...}."""
    pairs = list(choices)
    lookup: dict[str, str] = {}
    for value, label in pairs:
        lookup[str(label).casefold()] = value
    for value, _label in pairs:
        lookup[str(value).casefold()] = value
    return lookup


__all__ = [
    "LAST_EXCEL_ROW",
    "MAX_UPLOAD_BYTES",
    "RUPIAH_FORMAT",
    "XLSX_CONTENT_TYPE",
    "CellError",
    "CellErrors",
    "Column",
    "SpreadsheetInvalid",
    "cell_int",
    "cell_text",
    "choice_lookup",
    "data_rows",
    "header_positions",
    "open_xlsx",
    "read_upload",
    "row_values",
]
