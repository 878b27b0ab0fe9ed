"""The condition survey on paper, entered from Excel, and the gap analysis as Excel.

Kelurahan staff download a template with one row per RT/RW of their kelurahan and one score column per indicator
(a 1–5 dropdown), copy the paper forms into it and upload it. Every bad cell is named by row and column and
nothing is saved unless the whole file is valid (rembug/spreadsheets.py).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from rembug.cycles.models import PlanningCycle
from rembug.errors import DomainError, NotAllowed
from rembug.proposals.choices import Field
from rembug.regions.models import Level, Region
from rembug.spreadsheet_writers import new_workbook
from rembug.spreadsheets import (
    LAST_EXCEL_ROW,
    RUPIAH_FORMAT,
    CellErrors,
    Column,
    cell_int,
    cell_text,
    data_rows,
    header_positions,
    row_values,
)
from rembug.xlsx_guard import open_xlsx

from .models import SCALE, Indicator
from .selectors import GapTable
from .services import survey_import_rows

SHEET_TITLE = "Survei kondisi"
GUIDE_TITLE = "Petunjuk"
MAX_ROWS = 2000


def _columns(indicators: Sequence[Indicator]) -> list[Column]:
    return [
        Column("code", "Kode wilayah"),
        Column("rt_rw", "RW/RT"),
        *(Column(f"i:{i.code}", f"{i.name} ({i.code})") for i in indicators),
    ]


def rt_rw_of(kelurahan: Region) -> list[Region]:
    return list(
        Region.objects.within(kelurahan, include_self=False)
        .filter(level__in=(Level.RW, Level.RT), is_active=True)  # a retired RW/RT is surveyed no more
        .select_related("parent")
        .order_by("code")
    )


def _rt_rw_label(region: Region) -> str:
    return f"{region.parent.label} / {region.label}" if region.level == Level.RT else region.label


def survey_template_xlsx(*, cycle: PlanningCycle, kelurahan: Region, indicators: Sequence[Indicator]) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    columns = _columns(indicators)
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 20 if index <= 2 else 16
    for row, region in enumerate(rt_rw_of(kelurahan), start=2):
        sheet.cell(row=row, column=1, value=region.code)
        sheet.cell(row=row, column=2, value=_rt_rw_label(region))
    sheet.freeze_panes = "C2"
    if indicators:
        first, last = get_column_letter(3), get_column_letter(len(columns))
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(map(str, SCALE)) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Skor",
            error=_("Isi skor 1 (sangat buruk) sampai 5 (baik), atau kosongkan."),
        )
        validation.add(f"{first}2:{last}{LAST_EXCEL_ROW}")
        sheet.data_validations.append(validation)
    guide = book.create_sheet(GUIDE_TITLE)
    lines = [
        _("Survei kondisi %(kelurahan)s, tahun perencanaan %(year)s.")
        % {"kelurahan": kelurahan.label, "year": cycle.year},
        _("Satu baris untuk setiap RW/RT. Jangan ubah kolom Kode wilayah dan judul kolom."),
        _("Isi skor 1 sampai 5 dari daftar pilihan; sel kosong berarti belum dijawab."),
        "",
    ]
    for indicator in indicators:
        lines.append(f"{indicator.name} ({indicator.code}) — {Field(indicator.field).label}: {indicator.question}")
        lines.extend(f"    {score} = {text}" for score, text in indicator.choices)
    for row, line in enumerate(lines, start=1):
        guide.cell(row=row, column=1, value=line)
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def survey_import(*, actor, cycle: PlanningCycle, kelurahan: Region, indicators: Sequence[Indicator], file: Any) -> int:
    """Check every cell, then save every score (all or nothing); the number of answers saved."""
    if not actor.has_perm("conditions.import_survey", kelurahan):
        raise NotAllowed(_("Hanya staf kelurahan ini yang dapat mengunggah survei kondisi."))
    columns = _columns(indicators)
    book = open_xlsx(file)
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, ())
        positions = header_positions(header or (), columns)
        errors = CellErrors(columns, positions)
        regions = {r.code: r for r in rt_rw_of(kelurahan)}
        parsed: list[tuple[Region, dict[str, int]]] = []
        seen: dict[str, int] = {}
        for number, values in data_rows(rows):
            if len(parsed) >= MAX_ROWS:
                raise DomainError(_("Paling banyak %(n)s baris.") % {"n": MAX_ROWS})
            cells = row_values(values, positions)
            code = cell_text(cells["code"])
            region = regions.get(code)
            if not code:
                errors.add(number, "code", _("kode wilayah kosong"))
            elif region is None:
                errors.add(
                    number,
                    "code",
                    _("%(code)s bukan RW/RT di %(kelurahan)s") % {"code": code, "kelurahan": kelurahan.label},
                )
            elif code in seen:
                errors.add(number, "code", _("RW/RT ini sudah ada di baris %(row)s") % {"row": seen[code]})
            else:
                seen[code] = number
            scores: dict[str, int] = {}
            for indicator in indicators:
                key = f"i:{indicator.code}"
                value = cells[key]
                if not cell_text(value):
                    continue
                try:
                    score = cell_int(value)
                except ValueError:
                    score = 0
                if score not in SCALE:
                    errors.add(
                        number, key, _("skor harus 1 sampai 5, tertulis %(value)s") % {"value": cell_text(value)}
                    )
                else:
                    scores[indicator.code] = score
            if region is not None and scores:
                parsed.append((region, scores))
    finally:
        book.close()
    errors.raise_if_any()
    return survey_import_rows(actor=actor, cycle=cycle, kelurahan=kelurahan, rows=parsed)


def gap_xlsx(table: GapTable) -> bytes:
    """The gap table as shown (same order), numbers as fractions formatted as percentages."""
    book = new_workbook()
    sheet = book.active
    sheet.title = "Kesenjangan"
    headers = [
        _("Kode"),
        _("Wilayah"),
        _("Bidang"),
        _("Jawaban survei"),
        _("Rata-rata skor"),
        _("Kebutuhan"),
        _("Prioritas kota"),
        _("Kesenjangan"),
        _("Porsi biaya usulan"),
        _("Terdanai"),
        _("Usulan berulang tak terdanai"),
        _("Jumlah usulan"),
        _("Biaya usulan (Rp)"),
        _("Tanda"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    labels = dict(Field.choices)
    for row in table.rows:
        sheet.append(
            [
                row.area,
                table.labels.get(row.area, row.area),
                str(labels[row.field]),
                row.responses,
                None if row.mean_score is None else round(row.mean_score, 3),
                row.need,
                row.priority,
                row.gap,
                row.proposed,
                row.funded,
                row.repeat,
                row.proposals,
                row.cost,
                _("usulan berulang tak terdanai") if row.flags else "",
            ]
        )
    for letter in "FGHIJK":
        for cell in sheet[letter][1:]:
            cell.number_format = "0%"
    for cell in sheet["M"][1:]:
        cell.number_format = RUPIAH_FORMAT
    for index, width in enumerate((16, 24, 26, 10, 10, 11, 11, 11, 11, 11, 14, 10, 16, 26), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
