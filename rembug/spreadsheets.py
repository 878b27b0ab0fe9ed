"""Every spreadsheet in and out of Rembug: bounded reading of uploads, and writing that never makes a formula.

Reading: `open_xlsx` and `read_csv` refuse a file beyond the limits below before any parser holds it (size,
zip bomb, rows, columns, cells, cell length, XML entities), then stream it. Staff fix a spreadsheet in one go
when they see all its mistakes together, each where Excel shows it ("Baris 7, kolom G (Harga satuan (Rp))");
imports therefore validate the whole file before saving anything (`CellErrors`, `SpreadsheetInvalid`).
Writing: `new_workbook` and `csv_writer` keep user text starting with "=", "+", "-", "@" as text.
See docs/decisions/0012-spreadsheet-files-in-and-out.md.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

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


def _not_xlsx() -> str:
    return _(
        'Berkas bukan berkas Excel (.xlsx) yang dapat dibaca. Simpan sebagai "Excel Workbook (.xlsx)" '
        "lalu unggah kembali."
    )


def _too_many_rows(sheet: str) -> str:
    return _('File terlalu besar: paling banyak %(max)s baris (lembar "%(sheet)s"). Bagi menjadi beberapa berkas.') % {
        "max": f"{MAX_ROWS:,}".replace(",", "."),
        "sheet": sheet,
    }


def _too_long(where: str) -> str:
    return _("%(where)s: isi sel terlalu panjang (paling banyak %(max)s karakter).") % {
        "where": where,
        "max": f"{MAX_CELL_CHARS:,}".replace(",", "."),
    }


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb or an oversized sheet from the zip's directory and a streamed pass over its members.

    openpyxl would otherwise expand every member in memory: a 1 MB file can hold a gigabyte of XML. The pass
    counts the bytes really inflated (a directory may lie), reads each sheet's declared size, and measures the
    longest text between two tags, so one huge cell is refused before any XML parser holds it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise DomainError(_not_xlsx()) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise DomainError(_not_xlsx())
    declared = 0
    for member in members:
        declared += max(member.file_size, 0)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > MAX_COMPRESSION_RATIO:
            raise SpreadsheetTooLarge(_("Berkas ditolak: isinya dimampatkan secara tidak wajar (bom zip)."))
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetTooLarge(_unpacked_too_large())
    inflated = 0
    for member in members:
        if member.is_dir():
            continue
        is_sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        try:
            with archive.open(member) as stream:
                run = 0  # bytes of text since the last "<" seen
                rows = cells = 0
                first = True
                while chunk := stream.read(_CHUNK):
                    inflated += len(chunk)
                    if inflated > MAX_UNCOMPRESSED_BYTES:
                        raise SpreadsheetTooLarge(_unpacked_too_large())
                    run = _longest_text(chunk, run, member.filename)
                    if not is_sheet:
                        continue
                    if first:
                        _check_dimension(chunk, member.filename)
                        first = False
                    # Counted here because openpyxl parses a whole sheet that declares no size just to open it.
                    rows += len(_ROW_TAG.findall(chunk))
                    cells += len(_CELL_TAG.findall(chunk))
                    if rows > MAX_ROWS + 1:
                        raise SpreadsheetTooLarge(_too_many_rows(_part_name(member.filename)))
                    if cells > MAX_CELLS:
                        raise SpreadsheetTooLarge(
                            _("File terlalu besar: paling banyak %(max)s sel.")
                            % {"max": f"{MAX_CELLS:,}".replace(",", ".")}
                        )
        except (
            zipfile.BadZipFile,
            zlib.error,
            NotImplementedError,
            RuntimeError,
            ValueError,
            OSError,
            EOFError,
        ) as error:
            raise DomainError(_not_xlsx()) from error


def _unpacked_too_large() -> str:
    return _("File terlalu besar: isi berkas setelah dibuka melebihi %(mb)s MB.") % {
        "mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
    }


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Za-z]*\d*:?([A-Za-z]+)(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CHUNK = 1 << 20
#: Text between two tags longer than this many bytes cannot be a cell Excel accepts (even at 4 bytes a character
#: plus entity escapes), so it is refused while streaming.
_TEXT_RUN_LIMIT = MAX_CELL_CHARS * 8
_LONG_TEXT = re.compile(rb"[^<]{%d}" % _TEXT_RUN_LIMIT)
_RATIO_FLOOR = 1024 * 1024


def _check_dimension(head: bytes, name: str) -> None:
    match = _DIMENSION.search(head[:4096])
    if match is None:
        return
    last_row, last_column = int(match.group(2)), _column_number(match.group(1))
    if last_row > MAX_ROWS + 1:
        raise SpreadsheetTooLarge(_too_many_rows(_part_name(name)))
    if last_column > MAX_COLUMNS:
        raise SpreadsheetTooLarge(_("File terlalu besar: paling banyak %(max)d kolom.") % {"max": MAX_COLUMNS})


def _part_name(name: str) -> str:
    """ "xl/worksheets/sheet2.xml" → "sheet2": the sheet's titles are only known once openpyxl has parsed."""
    return name.rsplit("/", 1)[-1].removesuffix(".xml")


def _column_number(letters: bytes) -> int:
    """ "A" → 1, "XFD" → 16384; any run of letters, so a forged "ZZZZZZ" reads as the huge number it is."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def _longest_text(chunk: bytes, run: int, name: str) -> int:
    """The text run carried into the next chunk; SpreadsheetTooLarge when one is longer than any cell may be."""
    first, last = chunk.find(b"<"), chunk.rfind(b"<")
    if first == -1:
        run += len(chunk)
    else:
        if run + first > _TEXT_RUN_LIMIT or _LONG_TEXT.search(chunk, first, last):
            raise SpreadsheetTooLarge(_too_long(_("Berkas %(part)s") % {"part": name}))
        run = len(chunk) - last - 1
    if run > _TEXT_RUN_LIMIT:
        raise SpreadsheetTooLarge(_too_long(_("Berkas %(part)s") % {"part": name}))
    return run


class GuardedSheet:
    """A read-only sheet whose rows are bounded: at most MAX_ROWS + 1 rows, MAX_COLUMNS columns, short cells."""

    def __init__(self, sheet: ReadOnlyWorksheet) -> None:
        self._sheet = sheet
        self.title = sheet.title

    def reset_dimensions(self) -> None:
        """Kept for callers written against openpyxl; dimensions are always ignored (they may lie)."""

    def iter_rows(
        self,
        *,
        min_row: int | None = None,
        max_row: int | None = None,
        min_col: int | None = None,
        max_col: int | None = None,
        values_only: bool = True,
    ) -> Iterator[tuple[Any, ...]]:
        """Rows as tuples of values; SpreadsheetTooLarge past the row limit, DomainError if the XML is broken."""
        limit_col = min(max_col or MAX_COLUMNS, MAX_COLUMNS)
        rows = self._sheet.iter_rows(
            min_row=min_row, max_row=max_row, min_col=min_col, max_col=limit_col, values_only=True
        )
        first = min_row or 1
        number = first - 1
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except DomainError:
                raise
            except Exception as error:  # any parser failure on hostile XML is "unreadable file"
                raise DomainError(_not_xlsx()) from error
            number += 1
            if number > MAX_ROWS + 1:
                raise SpreadsheetTooLarge(_too_many_rows(self.title))
            for index, value in enumerate(values):
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    where = _('Lembar "%(sheet)s", baris %(row)d, kolom %(column)s') % {
                        "sheet": self.title,
                        "row": number,
                        "column": get_column_letter((min_col or 1) + index),
                    }
                    raise SpreadsheetTooLarge(_too_long(where))
            yield values


class GuardedWorkbook:
    """An uploaded workbook that passed the size checks; sheets come as GuardedSheet. Close it after use."""

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self.sheetnames: list[str] = list(book.sheetnames)

    def __contains__(self, title: str) -> bool:
        return title in self.sheetnames

    def __getitem__(self, title: str) -> GuardedSheet:
        sheet = self._book[title]
        if not isinstance(sheet, ReadOnlyWorksheet):  # a chart sheet has no cells
            raise DomainError(
                _('Lembar "%(sheet)s" bukan lembar data; gunakan templat hasil unduhan.') % {"sheet": title}
            )
        return GuardedSheet(sheet)

    @property
    def worksheets(self) -> list[GuardedSheet]:
        """The sheets in file order; DomainError when there is none (a workbook whose sheets did not parse)."""
        sheets = [GuardedSheet(sheet) for sheet in self._book.worksheets if isinstance(sheet, ReadOnlyWorksheet)]
        if not sheets:
            raise DomainError(_("Berkas Excel ini tidak memuat satu pun lembar kerja yang dapat dibaca."))
        return sheets

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> GuardedWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_xlsx(file: Any, *, limit: int = MAX_UPLOAD_BYTES) -> GuardedWorkbook:
    """The one way an uploaded .xlsx is opened: every bound checked before openpyxl parses, then streamed.

    Refuses (DomainError, SpreadsheetTooLarge) a file over `limit`, one that is not an .xlsx, a zip bomb, a
    sheet declaring more than MAX_ROWS rows or MAX_COLUMNS columns, and any text longer than a cell may be.
    XML entities are refused by defusedxml, which openpyxl uses when it is installed.
    """
    data = read_upload(file, limit=limit)
    if not data.startswith(_ZIP_MAGIC):  # .xls, .csv, .ods or anything else
        raise DomainError(_not_xlsx())
    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception as error:  # openpyxl raises many kinds of error on a broken file
        raise DomainError(_not_xlsx()) from error
    return GuardedWorkbook(book)


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
                raise SpreadsheetTooLarge(_too_long(_("Baris %(row)d") % {"row": reader.line_num})) from error
            raise DomainError(_("Berkas CSV rusak di baris %(row)d.") % {"row": reader.line_num}) from error
        if number > MAX_ROWS + 1:
            raise SpreadsheetTooLarge(_too_many_rows("CSV"))
        if len(row) > MAX_COLUMNS:
            raise SpreadsheetTooLarge(_("File terlalu besar: paling banyak %(max)d kolom.") % {"max": MAX_COLUMNS})
        for index, value in enumerate(row):
            if len(value) > MAX_CELL_CHARS:
                raise SpreadsheetTooLarge(
                    _too_long(
                        _("Baris %(row)d, kolom %(column)s") % {"row": number, "column": get_column_letter(index + 1)}
                    )
                )
        yield row


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
    "FORMULA_STARTS",
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
    "CsvWriter",
    "GuardedSheet",
    "GuardedWorkbook",
    "SafeWorkbook",
    "SheetCellError",
    "SpreadsheetInvalid",
    "SpreadsheetTooLarge",
    "cell_int",
    "cell_text",
    "choice_lookup",
    "csv_cell",
    "csv_writer",
    "data_rows",
    "header_positions",
    "is_formula_like",
    "new_workbook",
    "open_xlsx",
    "read_csv",
    "read_upload",
    "row_values",
    "upload_size_validator",
    "workbook_bytes",
    "xlsx_text_cell",
]
