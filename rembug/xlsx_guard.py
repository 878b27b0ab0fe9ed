"""Opening an uploaded .xlsx without trusting it: the zip, its parts and its sheets are measured (size, members,
compression ratio, declared dimensions, rows, columns, cells, cell length, XML entities) before and while
openpyxl reads them. Bounds and messages live in rembug/spreadsheets.py. See docs/decisions/0012.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from rembug.errors import DomainError
from rembug.spreadsheets import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    SpreadsheetTooLarge,
    read_upload,
    too_long_message,
    too_many_rows_message,
)

_ZIP_MAGIC = b"PK\x03\x04"


def _not_xlsx() -> str:
    return _(
        'Berkas bukan berkas Excel (.xlsx) yang dapat dibaca. Simpan sebagai "Excel Workbook (.xlsx)" '
        "lalu unggah kembali."
    )


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
                        raise SpreadsheetTooLarge(too_many_rows_message(_part_name(member.filename)))
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
        raise SpreadsheetTooLarge(too_many_rows_message(_part_name(name)))
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
            raise SpreadsheetTooLarge(too_long_message(_("Berkas %(part)s") % {"part": name}))
        run = len(chunk) - last - 1
    if run > _TEXT_RUN_LIMIT:
        raise SpreadsheetTooLarge(too_long_message(_("Berkas %(part)s") % {"part": name}))
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
                raise SpreadsheetTooLarge(too_many_rows_message(self.title))
            for index, value in enumerate(values):
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    where = _('Lembar "%(sheet)s", baris %(row)d, kolom %(column)s') % {
                        "sheet": self.title,
                        "row": number,
                        "column": get_column_letter((min_col or 1) + index),
                    }
                    raise SpreadsheetTooLarge(too_long_message(where))
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
