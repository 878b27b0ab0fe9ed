"""Writing SIPD's usulan list (.xlsx, the 26 columns of columns.COLUMNS): the export pages, the API, the command
`export_sipd` and the upper forums' annex all write through `sipd_xlsx`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rembug.regions.models import Region
from rembug.spreadsheet_writers import new_workbook
from rembug.spreadsheets import RUPIAH_FORMAT

from .columns import COLUMNS, HEADERS
from .selectors import sipd_proposals, sipd_rows

SHEET_TITLE = "Usulan SIPD"
_WIDTHS = {"no": 6, "sipd_id": 22, "proposed_on": 12, "proposer": 22, "profile": 22, "item": 40, "problem": 40}
_COST = next(i for i, c in enumerate(COLUMNS) if c.key == "cost")


def sipd_xlsx(rows: Iterable[list[Any]]) -> bytes:
    """An .xlsx of SIPD's list from rows of 26 cells (user text is never a formula: spreadsheet_writers)."""
    book = new_workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column.key, 18)
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cost = WriteOnlyCell(sheet, value=row[_COST])
        cost.number_format = RUPIAH_FORMAT
        sheet.append([*row[:_COST], cost, *row[_COST + 1 :]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sipd_export(*, city: Region, year: int, regions: Iterable[Region] | None = None) -> bytes:
    """The SIPD list of a city's planning year (inside `regions` when given); the caller checked who may see it."""
    return sipd_xlsx(sipd_rows(sipd_proposals(city=city, year=year, regions=regions)))


def sipd_filename(*, year: int, region: Region) -> str:
    return f"usulan-sipd-{year}-{region.code}.xlsx"
