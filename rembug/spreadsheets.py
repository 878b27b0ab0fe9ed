"""Every spreadsheet in and out of Rembug: the limits of every import, cell errors, and reading cells.

Reading: `xlsx_guard.open_xlsx` and `read_csv` refuse a file beyond the limits below before any parser holds it
(size, zip bomb, rows, columns, cells, cell length, XML entities), then stream it. Staff fix a spreadsheet in one
go when they see all its mistakes together, each where Excel shows it ("Baris 7, kolom G (Harga satuan (Rp))");
imports therefore validate the whole file before saving anything (`CellErrors`, `SpreadsheetInvalid`).
Writing (spreadsheet_writers.py): `new_workbook` and `csv_writer` keep user text starting with "=", "+", "-", "@"
as text. See docs/decisions/0012-spreadsheet-files-in-and-out.md.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from rembug.errors import DomainError

# --- the limits of every import, in one place (a real city's list has about 20,000 rows) ------------------------
#: An uploaded file, as sent.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Data rows of one sheet or CSV (the header row comes on top).
MAX_ROWS = 50_000
#: Columns read from a sheet; cells further right are ignored, a sheet declaring more is refused.
MAX_COLUMNS = 256
#: Characters in one cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: All members of an .xlsx once inflated; a 50,000-row sheet of 20 columns is about 25 MB of XML.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
#: Inflated / compressed size of a member larger than 1 MB; real sheets stay well under 30.
MAX_COMPRESSION_RATIO = 100
#: Cells of one sheet (rows × 40 columns).
MAX_CELLS = MAX_ROWS * 40
MAX_ZIP_MEMBERS = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Number format of rupiah amounts: whole rupiah with thousands separators, as Excel's locale shows them.
RUPIAH_FORMAT = '"Rp "#,##0'
#: Data validations cover whole columns, so rows added below the exported ones get the dropdowns too.
LAST_EXCEL_ROW = 1_048_576

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
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }


@dataclass(frozen=True)
class SheetCellError(CellError):
    """A bad cell of a workbook with several sheets: the sheet comes first, as the operator looks for it."""

    sheet: str = ""

    def __str__(self) -> str:
        return _("%(sheet)s, baris %(row)s, kolom %(column)s (%(header)s): %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }


class SpreadsheetInvalid(DomainError):
    """The file has bad cells; `errors` lists every one of them, and nothing was saved."""

    code = "spreadsheet_invalid"

    def __init__(self, errors: Sequence[CellError], *, message: str | None = None) -> None:
        self.errors = list(errors)
        super().__init__(
            message
            or _("Berkas memuat %(count)d kesalahan; tidak ada data yang disimpan. Perbaiki lalu unggah kembali.")
            % {"count": len(self.errors)}
        )

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


class SpreadsheetTooLarge(DomainError):
    """The file is beyond one of the import limits above; refused before (or while) it is read, nothing saved."""

    code = "spreadsheet_too_large"


class CellErrors:
    """Collects cell errors while a file is validated; `positions` maps a column key to its 0-based index.

    A workbook of several sheets names the `sheet` and shares one `errors` list between its sheets' collectors.
    """

    def __init__(
        self,
        columns: Iterable[Column],
        positions: Mapping[str, int],
        *,
        sheet: str = "",
        errors: list[CellError] | None = None,
    ) -> None:
        self._headers = {c.key: c.header for c in columns}
        self._positions = dict(positions)
        self.sheet = sheet
        self.errors: list[CellError] = errors if errors is not None else []

    def letter(self, key: str) -> str:
        return get_column_letter(self._positions[key] + 1)

    def add(self, row: int, key: str, message: str) -> None:
        self.add_at(row, self.letter(key), self._headers[key], message)

    def add_at(self, row: int, column: str, header: str, message: str) -> None:
        """An error addressed directly (a label/value sheet, a range of columns, a missing sheet)."""
        if self.sheet:
            error = SheetCellError(row=row, column=column, header=header, message=message, sheet=self.sheet)
        else:
            error = CellError(row=row, column=column, header=header, message=message)
        self.errors.append(error)

    def __len__(self) -> int:
        return len(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise SpreadsheetInvalid(self.errors)


def read_upload(file: Any, *, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of an upload (bytes, Django UploadedFile or any binary file object), refusing one over `limit`."""
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise SpreadsheetTooLarge(_too_large(limit))
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise SpreadsheetTooLarge(_too_large(limit))
    return data


def _too_large(limit: int) -> str:
    return _("Berkas terlalu besar; ukuran maksimum %(mb)s MB.") % {"mb": limit // (1024 * 1024)}


def upload_size_validator(value: Any) -> None:
    """Form and serializer validator: the same size limit as the import, checked before the service runs."""
    size = getattr(value, "size", None)
    if isinstance(size, int) and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_too_large(MAX_UPLOAD_BYTES), code="file_too_large")


def too_many_rows_message(sheet: str) -> str:
    return _('File terlalu besar: paling banyak %(max)s baris (lembar "%(sheet)s"). Bagi menjadi beberapa berkas.') % {
        "max": f"{MAX_ROWS:,}".replace(",", "."),
        "sheet": sheet,
    }


def too_long_message(where: str) -> str:
    return _("%(where)s: isi sel terlalu panjang (paling banyak %(max)s karakter).") % {
        "where": where,
        "max": f"{MAX_CELL_CHARS:,}".replace(",", "."),
    }


def read_csv(file: Any, *, limit: int = MAX_UPLOAD_BYTES) -> Iterator[list[str]]:
    """The rows of an uploaded or shipped CSV (UTF-8, with or without BOM), every bound of an .xlsx applied.

    `file` is bytes, a binary file object or a path. Refuses a file over `limit` bytes, text that is not UTF-8,
    NUL bytes, a field longer than MAX_CELL_CHARS, more than MAX_ROWS data rows or MAX_COLUMNS columns.
    """
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as handle:  # a shipped file, read like an upload
            data = read_upload(handle, limit=limit)
    else:
        data = read_upload(file, limit=limit)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(
            _('Berkas CSV tidak dapat dibaca: simpan sebagai "CSV UTF-8" lalu unggah kembali (baris %(row)d).')
            % {"row": data[: error.start].count(b"\n") + 1}
        ) from error
    if "\x00" in text:
        raise DomainError(_('Berkas CSV rusak: memuat karakter NUL. Simpan ulang sebagai "CSV UTF-8".'))
    return _csv_rows(text)


def _csv_rows(text: str) -> Iterator[list[str]]:
    # csv's own field_size_limit (131,072 characters by default) stops a runaway quoted field; cells are then
    # held to Excel's limit like those of an .xlsx.
    reader = csv.reader(io.StringIO(text, newline=""))
    for number in itertools.count(1):
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger" in str(error):
                raise SpreadsheetTooLarge(too_long_message(_("Baris %(row)d") % {"row": reader.line_num})) from error
            raise DomainError(_("Berkas CSV rusak di baris %(row)d.") % {"row": reader.line_num}) from error
        if number > MAX_ROWS + 1:
            raise SpreadsheetTooLarge(too_many_rows_message("CSV"))
        if len(row) > MAX_COLUMNS:
            raise SpreadsheetTooLarge(_("File terlalu besar: paling banyak %(max)d kolom.") % {"max": MAX_COLUMNS})
        for index, value in enumerate(row):
            if len(value) > MAX_CELL_CHARS:
                raise SpreadsheetTooLarge(
                    too_long_message(
                        _("Baris %(row)d, kolom %(column)s") % {"row": number, "column": get_column_letter(index + 1)}
                    )
                )
        yield row


def header_positions(header_row: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """Where each expected header is in row 1 (any order, case-insensitive); SpreadsheetInvalid if some are missing."""
    found = {cell_text(value).casefold(): index for index, value in enumerate(header_row) if cell_text(value)}
    positions: dict[str, int] = {}
    missing: list[CellError] = []
    for expected_index, column in enumerate(columns):
        index = found.get(column.header.casefold())
        if index is None:
            missing.append(
                CellError(
                    row=1,
                    column=get_column_letter(expected_index + 1),
                    header=column.header,
                    message=_("judul kolom tidak ditemukan; gunakan templat hasil unduhan"),
                )
            )
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
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "RUPIAH_FORMAT",
    "XLSX_CONTENT_TYPE",
    "CellError",
    "CellErrors",
    "Column",
    "SheetCellError",
    "SpreadsheetInvalid",
    "SpreadsheetTooLarge",
    "cell_int",
    "cell_text",
    "choice_lookup",
    "data_rows",
    "header_positions",
    "read_csv",
    "read_upload",
    "row_values",
    "upload_size_validator",
]
