"""The downloadable Excel template of a Rembug held on paper (one holder, one planning year)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from rembug.cycles.models import PlanningCycle
from rembug.proposals.choices import FundingSource
from rembug.regions.models import CommunityGroup, Region
from rembug.spreadsheet_writers import new_workbook
from rembug.spreadsheets import LAST_EXCEL_ROW, RUPIAH_FORMAT

from ..models import AgeGroup, Gender, Stakeholder
from .layout import (
    CHOICE_COLUMN,
    CHOICES_TITLE,
    COUNT_COLUMNS,
    COUNTS_TITLE,
    GUIDE_TITLE,
    HELPER_HEADERS,
    LAT_RANGE,
    LNG_RANGE,
    MAX_COUNT,
    MEETING_FIELDS,
    MEETING_HINTS,
    MEETING_TITLE,
    PEOPLE_COLUMNS,
    PEOPLE_TITLE,
    PEOPLE_WIDTHS,
    PROPOSAL_COLUMNS,
    PROPOSAL_WIDTHS,
    PROPOSALS_TITLE,
    TEMPLATE_ROWS,
    active_items,
    holder_code,
    holder_description,
    holder_parts,
    yes_no,
)

# --- the template ---------------------------------------------------------------------------------------------------


def paper_template_xlsx(*, cycle: PlanningCycle, holder: Region | CommunityGroup) -> bytes:
    """The Excel template of a Rembug held on paper, for one holder (RT, RW or Pokmas) and one planning year.

    Sheets: "Petunjuk" (instructions), "Rembug" (label in column A, value in column B: Kode unit B4, Tahun
    perencanaan B5, Tanggal B6, Tempat B7, Pimpinan rapat B8, Agenda B9, Cara menyepakati urutan B10, Mandat
    delegasi B11), "Usulan" (one row per proposal, any order, ranked by "Peringkat"), "Peserta" (one row per
    person), "Jumlah tanpa nama" (people counted without names, per stakeholder group) and the hidden "Pilihan"
    that feeds the dropdowns (the city's dictionary items valid in the year, genders, age groups, stakeholder
    groups, ya/tidak). The caller checks that the user may hold this holder's Rembug.
    """
    holder_parts(holder)
    items = list(active_items(cycle).values_list("code", "name", "unit", "unit_price"))
    bold = Font(bold=True)
    book = new_workbook()
    guide = book.active
    guide.title = GUIDE_TITLE
    title = _("Hasil Rembug %(unit)s, tahun perencanaan %(year)s") % {
        "unit": holder_description(holder),
        "year": cycle.year,
    }
    _write_guide(guide, title=title, bold=bold)
    _write_meeting_sheet(book.create_sheet(MEETING_TITLE), holder=holder, cycle=cycle, title=title, bold=bold)
    _write_proposal_sheet(book.create_sheet(PROPOSALS_TITLE), item_count=len(items), bold=bold)
    _write_people_sheet(book.create_sheet(PEOPLE_TITLE), bold=bold)
    _write_counts_sheet(book.create_sheet(COUNTS_TITLE), bold=bold)
    _write_choices(book.create_sheet(CHOICES_TITLE), items=items, bold=bold)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_GUIDE_LINES = (
    "Cara mengisi:",
    "1. Lembar Rembug: isi tanggal, tempat dan pimpinan rapat di kolom B. Jangan ubah kode unit dan tahun.",
    "2. Lembar Usulan: satu baris per usulan. Peringkat 1 = paling diutamakan; peringkat harus 1, 2, 3, ... "
    "tanpa loncatan dan tanpa kembar.",
    "   Pilih kode kamus usulan dari daftar. Volume dalam satuan kegiatan itu (kolom Satuan terisi otomatis).",
    "   Rencana pendanaan (Swadaya sampai Lainnya, dalam rupiah) harus berjumlah tepat volume x harga satuan "
    "(lihat kolom Perkiraan biaya dan Selisih pendanaan).",
    "   Lintang dan bujur boleh kosong; bila diisi, isi keduanya (mis. -7,95 dan 112,61).",
    "3. Lembar Peserta: satu baris per orang yang hadir. Jenis kelamin P atau L. Kelompok boleh lebih dari satu, "
    "dipisah koma (mis. tokoh_masyarakat, difabel).",
    '   Tandai Delegasi "ya" bagi peserta yang dipilih mewakili ke Musrenbang Kelurahan (sedikitnya satu).',
    "4. Lembar Jumlah tanpa nama: jumlah peserta yang tidak dicatat namanya, per kelompok (mis. 3 difabel).",
    "Saat diunggah seluruh isian diperiksa; setiap sel yang salah disebut lembar, baris dan kolomnya, dan tidak ada "
    "data yang disimpan sampai seluruh berkas benar.",
    "Berkas ini hanya untuk Rembug yang belum dicatat di aplikasi. Koreksi Rembug yang sudah ditetapkan dibuat "
    "sebagai revisi di aplikasi.",
)


def _write_guide(sheet, *, title: str, bold: Font) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    for row, line in enumerate(_GUIDE_LINES, start=3):
        sheet.cell(row=row, column=1, value=line)
    sheet["A3"].font = bold
    sheet.column_dimensions["A"].width = 120


def _write_meeting_sheet(sheet, *, holder, cycle: PlanningCycle, title: str, bold: Font) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("Isi kolom B. Lihat lembar Petunjuk.")
    sheet["A3"], sheet["B3"] = _("Unit"), holder_description(holder)
    sheet["A3"].font = bold
    values = {"holder_code": holder_code(holder), "year": cycle.year}
    for key, label, row in MEETING_FIELDS:
        sheet.cell(row=row, column=1, value=label).font = bold
        value_cell = sheet.cell(row=row, column=2, value=values.get(key))
        value_cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=3, value=MEETING_HINTS[key]).font = Font(italic=True, color="666666")
    date_row = next(row for key, _label, row in MEETING_FIELDS if key == "held_on")
    sheet.cell(row=date_row, column=2).number_format = "DD/MM/YYYY"
    _validate(
        sheet,
        f"B{date_row}",
        type="date",
        operator="greaterThan",
        formula1="36526",
        title="Tanggal",
        error=_("Isi tanggal rapat, mis. 17/01/2026."),
        allow_blank=True,
    )
    for width, letter in zip((26, 60, 52), "ABC", strict=True):
        sheet.column_dimensions[letter].width = width


def _header(sheet, columns: Sequence[str], widths: Sequence[int], bold: Font) -> None:
    for index, (header, width) in enumerate(zip(columns, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _whole_column(letter: str) -> str:
    return f"{letter}2:{letter}{LAST_EXCEL_ROW}"


def _choices_range(key: str, size: int) -> str:
    column = CHOICE_COLUMN[key]
    return f"{quote_sheetname(CHOICES_TITLE)}!${column}$2:${column}${size + 1}"


def _validate(
    sheet, cells: str, *, title: str, error: str = "", prompt: str = "", allow_blank: bool = True, **rule: Any
) -> None:
    validation = DataValidation(
        allow_blank=allow_blank,
        showErrorMessage=bool(rule),
        errorTitle=title[:32],
        error=error or None,
        showInputMessage=bool(prompt),
        promptTitle=title[:32],
        prompt=prompt or None,
        **rule,
    )
    validation.add(cells)
    sheet.data_validations.append(validation)


def _write_proposal_sheet(sheet, *, item_count: int, bold: Font) -> None:
    headers = [c.header for c in PROPOSAL_COLUMNS]
    _header(sheet, [*headers, *HELPER_HEADERS], PROPOSAL_WIDTHS, bold)
    letter = {c.key: get_column_letter(i) for i, c in enumerate(PROPOSAL_COLUMNS, start=1)}
    first_fund, last_fund = letter[f"funding_{FundingSource.values[0]}"], letter[f"funding_{FundingSource.values[-1]}"]
    unit_col, cost_col, gap_col = (get_column_letter(len(PROPOSAL_COLUMNS) + i) for i in (1, 2, 3))
    lookup = f"{quote_sheetname(CHOICES_TITLE)}!$A:$D"
    for row in range(2, TEMPLATE_ROWS + 2):
        code, volume = f"${letter['code']}{row}", f"${letter['volume']}{row}"
        sheet[f"{unit_col}{row}"] = f'=IF({code}="","",IFERROR(VLOOKUP({code},{lookup},3,FALSE),"?"))'
        sheet[f"{cost_col}{row}"] = (
            f'=IF(OR({code}="",{volume}=""),"",IFERROR(ROUND({volume}*VLOOKUP({code},{lookup},4,FALSE),0),""))'
        )
        sheet[f"{gap_col}{row}"] = f'=IF({cost_col}{row}="","",SUM({first_fund}{row}:{last_fund}{row})-{cost_col}{row})'
        for column in (*(letter[f"funding_{s}"] for s in FundingSource.values), cost_col, gap_col):
            sheet[f"{column}{row}"].number_format = RUPIAH_FORMAT
    for source in FundingSource.values:
        sheet.column_dimensions[letter[f"funding_{source}"]].number_format = RUPIAH_FORMAT
    _validate(
        sheet,
        _whole_column(letter["rank"]),
        title="Peringkat",
        type="whole",
        operator="greaterThanOrEqual",
        formula1="1",
        error=_("Peringkat berupa bilangan bulat mulai 1 (1 = paling diutamakan)."),
    )
    if item_count:
        _validate(
            sheet,
            _whole_column(letter["code"]),
            title="Kode kamus usulan",
            type="list",
            formula1=_choices_range("code", item_count),
            error=_("Pilih kode dari kamus usulan (lembar %(sheet)s).") % {"sheet": CHOICES_TITLE},
        )
    _validate(
        sheet,
        _whole_column(letter["volume"]),
        title="Volume",
        type="decimal",
        operator="greaterThan",
        formula1="0",
        error=_("Volume berupa angka lebih dari nol."),
    )
    for key, (low, high) in (("latitude", LAT_RANGE), ("longitude", LNG_RANGE)):
        header = next(c.header for c in PROPOSAL_COLUMNS if c.key == key)
        _validate(
            sheet,
            _whole_column(letter[key]),
            title=header,
            type="decimal",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            error=_("Titik peta harus berada di Indonesia."),
        )
    _validate(
        sheet,
        _whole_column(letter["beneficiaries"]),
        title="Penerima manfaat",
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        error=_("Jumlah orang penerima manfaat."),
        prompt=_("Perkiraan jumlah orang yang merasakan manfaatnya."),
    )
    _validate(
        sheet,
        f"{first_fund}2:{last_fund}{LAST_EXCEL_ROW}",
        title="Rencana pendanaan",
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        error=_("Jumlah rupiah, bilangan bulat tidak negatif."),
    )


def _write_people_sheet(sheet, *, bold: Font) -> None:
    _header(sheet, [c.header for c in PEOPLE_COLUMNS], PEOPLE_WIDTHS, bold)
    letter = {c.key: get_column_letter(i) for i, c in enumerate(PEOPLE_COLUMNS, start=1)}
    pick = _("Pilih dari daftar.")
    _validate(
        sheet,
        _whole_column(letter["gender"]),
        title="Jenis kelamin",
        type="list",
        formula1=_choices_range("gender", len(Gender.values)),
        error=_("Isi P (perempuan) atau L (laki-laki)."),
    )
    _validate(
        sheet,
        _whole_column(letter["age_group"]),
        title="Kelompok umur",
        type="list",
        formula1=_choices_range("age_group", len(AgeGroup.values)),
        error=pick,
    )
    # Several groups per person do not fit a dropdown: the cell only prompts with the valid values.
    _validate(
        sheet,
        _whole_column(letter["groups"]),
        title="Kelompok",
        prompt=_("Boleh lebih dari satu, dipisah koma: %(values)s.") % {"values": ", ".join(Stakeholder.values)},
    )
    _validate(
        sheet,
        _whole_column(letter["delegate"]),
        title="Delegasi",
        type="list",
        formula1=_choices_range("delegate", len(yes_no())),
        error=_("Isi ya atau tidak."),
    )


def _write_counts_sheet(sheet, *, bold: Font) -> None:
    _header(sheet, [c.header for c in COUNT_COLUMNS], (28, 12), bold)
    for row, label in enumerate(Stakeholder.labels, start=2):
        sheet.cell(row=row, column=1, value=str(label))
    _validate(
        sheet,
        _whole_column("B"),
        title="Jumlah",
        type="whole",
        operator="between",
        formula1="0",
        formula2=str(MAX_COUNT),
        error=_("Jumlah orang, bilangan bulat tidak negatif."),
        prompt=_("Jumlah peserta kelompok ini yang hadir tetapi tidak dicatat namanya."),
    )


def _write_choices(sheet, *, items: list[tuple[str, str, str, int]], bold: Font) -> None:
    """The hidden sheet of valid values (with their meaning beside them) the dropdowns and formulas read."""
    sheet.sheet_state = "hidden"
    columns = {
        "A": ["Kode kamus usulan", *(code for code, _n, _u, _p in items)],
        "B": ["Nama kegiatan", *(name for _c, name, _u, _p in items)],
        "C": ["Satuan", *(unit for _c, _n, unit, _p in items)],
        "D": ["Harga satuan (Rp)", *(price for _c, _n, _u, price in items)],
        "F": ["Jenis kelamin", *Gender.values],
        "G": ["Keterangan", *(str(label) for label in Gender.labels)],
        "H": ["Kelompok umur", *AgeGroup.values],
        "I": ["Keterangan", *(str(label) for label in AgeGroup.labels)],
        "J": ["Kelompok", *Stakeholder.values],
        "K": ["Keterangan", *(str(label) for label in Stakeholder.labels)],
        "L": ["Delegasi", *(value for value, _label in yes_no())],
        "M": ["Keterangan", *(label for _value, label in yes_no())],
    }
    for letter, values in columns.items():
        for row, value in enumerate(values, start=1):
            cell = sheet[f"{letter}{row}"]
            cell.value = value
        sheet[f"{letter}1"].font = bold
        sheet.column_dimensions[letter].width = 40 if letter == "B" else 18
    for row in range(2, len(items) + 2):
        sheet[f"D{row}"].number_format = RUPIAH_FORMAT
