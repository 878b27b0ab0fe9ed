"""A Rembug held on paper, entered from an Excel file: the downloadable template and its all-or-nothing import.

Many RT, RW and Pokmas still meet with paper and pen; the kelurahan operator types the meeting's list into the
template and uploads it. Every bad cell of every sheet is reported at once, by sheet, row and column, and nothing
is saved unless the whole file is valid. A valid file is then written through the same services as a Rembug held
in the app (open, record, order, delegates, finalize), in one transaction: if any of them refuses, nothing stays.

An import starts a unit's Rembug; it never edits one. It is refused when the unit's Rembug of the year is already
finalized (a correction is a revision, made online), or when the unit already has proposals or attendance
recorded for the year (the data then lives in the app: edit it online, so the two records never mix).
"""

from __future__ import annotations

import datetime
import functools
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from lokal import format_rupiah
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.selectors import today
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, Frozen, NotAllowed
from rembug.proposals.choices import FundingSource
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import DictionaryItem, Proposal
from rembug.proposals.services import estimate_cost, funding_set, proposal_create
from rembug.regions.models import CommunityGroup, GroupKind, Level, Region
from rembug.spreadsheets import (
    LAST_EXCEL_ROW,
    RUPIAH_FORMAT,
    CellError,
    Column,
    SpreadsheetInvalid,
    cell_int,
    cell_text,
    choice_lookup,
    header_positions,
    new_workbook,
    open_xlsx,
)

from .models import AgeGroup, DelegateMandate, Gender, Meeting, MeetingStatus, Stakeholder
from .services import (
    attendance_counts_set,
    attendee_add,
    delegate_set,
    meeting_finalize,
    meeting_open,
    meeting_set_order,
    meeting_sync_items,
    meeting_update,
)

GUIDE_TITLE = "Petunjuk"
MEETING_TITLE = "Rembug"
PROPOSALS_TITLE = "Usulan"
PEOPLE_TITLE = "Peserta"
COUNTS_TITLE = "Jumlah tanpa nama"
CHOICES_TITLE = "Pilihan"

#: The "Rembug" sheet is a label/value form: the label in column A, the value in column B of the row below.
MEETING_FIELDS: tuple[tuple[str, str, int], ...] = (
    # (key, label in column A, row in the template)
    ("unit_code", "Kode unit", 4),
    ("year", "Tahun perencanaan", 5),
    ("held_on", "Tanggal", 6),
    ("place", "Tempat", 7),
    ("chair_name", "Pimpinan rapat", 8),
    ("agenda", "Agenda", 9),
    ("order_method", "Cara menyepakati urutan", 10),
    ("mandate", "Mandat delegasi", 11),
)
_MEETING_HINTS = {
    "unit_code": "jangan diubah: menandai unit pemilik berkas ini",
    "year": "jangan diubah",
    "held_on": "wajib; tanggal rapat, mis. 17/01/2026",
    "place": "wajib; mis. Balai RW 03",
    "chair_name": "wajib; nama yang memimpin rapat",
    "agenda": "boleh kosong",
    "order_method": "boleh kosong; mis. musyawarah mufakat",
    "mandate": "boleh kosong; salah satu: " + " / ".join(str(c.label) for c in DelegateMandate),
}
_MEETING_MAX_LENGTH = {"place": 200, "chair_name": 150, "mandate": 200}

_FUNDING_HEADERS = {source: f"{label} (Rp)" for source, label in FundingSource.choices}
PROPOSAL_COLUMNS: tuple[Column, ...] = (
    Column("rank", "Peringkat"),
    Column("title", "Judul"),
    Column("problem", "Masalah"),
    Column("idea", "Gagasan"),
    Column("code", "Kode kamus usulan"),
    Column("volume", "Volume"),
    Column("address", "Alamat/lokasi"),
    Column("latitude", "Lintang"),
    Column("longitude", "Bujur"),
    Column("beneficiaries", "Penerima manfaat"),
    *(Column(f"funding_{source}", header) for source, header in _FUNDING_HEADERS.items()),
)
#: Columns the template computes for the operator (unit and cost of the chosen item); the import ignores them.
_HELPER_HEADERS = ("Satuan (otomatis)", "Perkiraan biaya (otomatis)", "Selisih pendanaan (otomatis)")
_PROPOSAL_WIDTHS = (10, 32, 36, 36, 16, 10, 30, 11, 11, 12, *(15,) * len(FundingSource.values), 12, 18, 18)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("name", "Nama"),
    Column("gender", "Jenis kelamin"),
    Column("age_group", "Kelompok umur"),
    Column("groups", "Kelompok"),
    Column("position", "Jabatan/unsur"),
    Column("delegate", "Delegasi"),
)
_PEOPLE_WIDTHS = (30, 14, 15, 34, 24, 10)

COUNT_COLUMNS: tuple[Column, ...] = (Column("group", "Kelompok"), Column("count", "Jumlah"))

MAX_PROPOSALS = 200
MAX_PEOPLE = 1000
#: Rows of the template that carry the computed columns and the rupiah format.
TEMPLATE_ROWS = 100
_LAT_RANGE, _LNG_RANGE = (-11.5, 6.5), (94.5, 141.5)  # Indonesia, as proposal services check it
_MAX_VOLUME = Decimal(10) ** 10  # the model keeps 12 digits, 2 after the comma
_MAX_INTEGER = 2**31 - 1
_MAX_COUNT = 32767
_YES = {"ya": True, "y": True, "yes": True, "tidak": False, "t": False, "no": False, "bukan": False}
_DATE_TEXT = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_SEPARATORS = re.compile(r"[,;/\n]+")

# Where each list of valid values sits on the hidden "Pilihan" sheet (first value in row 2).
_CHOICE_COLUMN = {"code": "A", "gender": "F", "age_group": "H", "groups": "J", "delegate": "L"}


def _yes_no() -> list[tuple[str, str]]:
    return [("ya", _("dipilih sebagai delegasi")), ("tidak", _("bukan delegasi"))]


# --- errors addressed by sheet --------------------------------------------------------------------------------------


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


class _Report:
    """Every bad cell of the workbook, collected before anything is saved."""

    def __init__(self) -> None:
        self.errors: list[SheetCellError] = []

    def add(self, sheet: str, row: int, column: str, header: str, message: str) -> None:
        self.errors.append(SheetCellError(row=row, column=column, header=header, message=message, sheet=sheet))

    def __len__(self) -> int:
        return len(self.errors)


@dataclass
class _Table:
    """One sheet of rows under a header row: where each expected column was found, and its non-empty rows."""

    title: str
    columns: tuple[Column, ...]
    positions: dict[str, int]
    rows: list[tuple[int, dict[str, Any]]]
    report: _Report

    def bad(self, row: int, key: str, message: str) -> None:
        header = next(c.header for c in self.columns if c.key == key)
        self.report.add(self.title, row, get_column_letter(self.positions[key] + 1), header, message)

    def letter(self, key: str) -> str:
        return get_column_letter(self.positions[key] + 1)


# --- what the file says, once it is valid ---------------------------------------------------------------------------


@dataclass
class _ProposalRow:
    row: int
    rank: int
    fields: dict[str, Any]
    shares: dict[str, int]


@dataclass
class _PersonRow:
    row: int
    name: str
    gender: str
    age_group: str
    groups: list[str]
    position: str
    delegate: bool


@dataclass
class _Paper:
    meeting: dict[str, Any]
    mandate: str
    proposals: list[_ProposalRow]
    people: list[_PersonRow]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PaperImportResult:
    """What an import saved: the meeting, how many proposals and attendees, and whether it was finalized."""

    meeting_id: int
    proposals: int
    attendees: int
    delegates: int
    finalized: bool

    @property
    def message(self) -> str:
        text = _("Hasil Rembug tersimpan: %(proposals)d usulan, %(attendees)d peserta, %(delegates)d delegasi.") % {
            "proposals": self.proposals,
            "attendees": self.attendees,
            "delegates": self.delegates,
        }
        if self.finalized:
            text += " " + _("Rembug sudah ditetapkan dan daftarnya diserahkan ke kelurahan.")
        return text


# --- the unit -------------------------------------------------------------------------------------------------------


def _unit_parts(unit: Region | CommunityGroup) -> tuple[Region, CommunityGroup | None]:
    if isinstance(unit, CommunityGroup):
        if unit.kind != GroupKind.POKMAS:
            raise DomainError(_("Rembug diadakan oleh RT, RW atau Pokmas."))
        return unit.region, unit
    if unit.level not in (Level.RT, Level.RW):
        raise DomainError(_("Rembug diadakan oleh RT, RW atau Pokmas."))
    return unit, None


def _unit_code(unit: Region | CommunityGroup) -> str:
    """What the template writes in "Kode unit", so a file filled for one unit is never imported into another."""
    if isinstance(unit, CommunityGroup):
        return f"{unit.region.code}/pokmas-{unit.pk}"
    return unit.code


def _unit_description(unit: Region | CommunityGroup) -> str:
    """ "RT 001, RW 03, Kelurahan Lowokwaru" or "Pokmas Sejahtera, Kelurahan Dinoyo"."""
    region, group = _unit_parts(unit)
    names = [str(group)] if group is not None else []
    node: Region | None = region
    while node is not None:
        names.append(node.label)
        if node.level in (Level.KELURAHAN, Level.DESA):
            break
        node = node.parent
    return ", ".join(names)


def _active_items(cycle: PlanningCycle):
    """The city's dictionary items valid in the cycle's year, the only ones a proposal may pick."""
    return (
        DictionaryItem.objects.filter(city_id=cycle.city_id, active_from__lte=cycle.year)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=cycle.year))
        .order_by("code")
    )


# --- the template ---------------------------------------------------------------------------------------------------


def paper_template_xlsx(*, cycle: PlanningCycle, unit: Region | CommunityGroup) -> bytes:
    """The Excel template of a Rembug held on paper, for one unit (RT, RW or Pokmas) and one planning year.

    Sheets: "Petunjuk" (instructions), "Rembug" (label in column A, value in column B: Kode unit B4, Tahun
    perencanaan B5, Tanggal B6, Tempat B7, Pimpinan rapat B8, Agenda B9, Cara menyepakati urutan B10, Mandat
    delegasi B11), "Usulan" (one row per proposal, any order, ranked by "Peringkat"), "Peserta" (one row per
    person), "Jumlah tanpa nama" (people counted without names, per stakeholder group) and the hidden "Pilihan"
    that feeds the dropdowns (the city's dictionary items valid in the year, genders, age groups, stakeholder
    groups, ya/tidak). The caller checks that the user may hold this unit's Rembug.
    """
    _unit_parts(unit)
    items = list(_active_items(cycle).values_list("code", "name", "unit", "unit_price"))
    bold = Font(bold=True)
    book = new_workbook()
    guide = book.active
    guide.title = GUIDE_TITLE
    title = _("Hasil Rembug %(unit)s, tahun perencanaan %(year)s") % {
        "unit": _unit_description(unit),
        "year": cycle.year,
    }
    _write_guide(guide, title=title, bold=bold)
    _write_meeting_sheet(book.create_sheet(MEETING_TITLE), unit=unit, cycle=cycle, title=title, bold=bold)
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


def _write_meeting_sheet(sheet, *, unit, cycle: PlanningCycle, title: str, bold: Font) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("Isi kolom B. Lihat lembar Petunjuk.")
    sheet["A3"], sheet["B3"] = _("Unit"), _unit_description(unit)
    sheet["A3"].font = bold
    values = {"unit_code": _unit_code(unit), "year": cycle.year}
    for key, label, row in MEETING_FIELDS:
        sheet.cell(row=row, column=1, value=label).font = bold
        value_cell = sheet.cell(row=row, column=2, value=values.get(key))
        value_cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=3, value=_MEETING_HINTS[key]).font = Font(italic=True, color="666666")
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
    column = _CHOICE_COLUMN[key]
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
    _header(sheet, [*headers, *_HELPER_HEADERS], _PROPOSAL_WIDTHS, bold)
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
    for key, (low, high) in (("latitude", _LAT_RANGE), ("longitude", _LNG_RANGE)):
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
    _header(sheet, [c.header for c in PEOPLE_COLUMNS], _PEOPLE_WIDTHS, bold)
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
        formula1=_choices_range("delegate", len(_yes_no())),
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
        formula2=str(_MAX_COUNT),
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
        "L": ["Delegasi", *(value for value, _label in _yes_no())],
        "M": ["Keterangan", *(label for _value, label in _yes_no())],
    }
    for letter, values in columns.items():
        for row, value in enumerate(values, start=1):
            cell = sheet[f"{letter}{row}"]
            cell.value = value
        sheet[f"{letter}1"].font = bold
        sheet.column_dimensions[letter].width = 40 if letter == "B" else 18
    for row in range(2, len(items) + 2):
        sheet[f"D{row}"].number_format = RUPIAH_FORMAT


# --- the import -----------------------------------------------------------------------------------------------------


def paper_import(
    *,
    actor,
    cycle: PlanningCycle,
    unit: Region | CommunityGroup,
    file: Any,
    finalize: bool = False,
    accept_inclusion_gaps: bool = False,
) -> PaperImportResult:
    """Record a Rembug held on paper from its filled template (.xlsx, at most 5 MB), all or nothing.

    Refused before the file is read when the actor may not hold the unit's Rembug (NotAllowed: the unit's chair or
    the staff of its kelurahan may), when the stage is closed (StageClosed), when the unit's Rembug of the year is
    finalized (Frozen: correct it with a revision online) or when the unit already has proposals or attendance
    for the year (DomainError: edit them online). Then every cell is checked and SpreadsheetInvalid lists each bad
    one (by sheet, row and column); nothing is written. A valid file is saved in one transaction through the
    Rembug and proposal services; with `finalize` the Rembug is also finalized (`accept_inclusion_gaps` as in
    `meeting_finalize`). If any service refuses, its DomainError is raised and nothing stays saved.
    """
    _require_importable(actor, cycle=cycle, unit=unit)
    book = open_xlsx(file)
    try:
        paper = _read(book, cycle=cycle, unit=unit)
    finally:
        book.close()
    with transaction.atomic():
        return _save(
            actor=actor,
            cycle=cycle,
            unit=unit,
            paper=paper,
            finalize=finalize,
            accept_inclusion_gaps=accept_inclusion_gaps,
        )


def _require_importable(actor, *, cycle: PlanningCycle, unit, lock: bool = False) -> None:
    region, group = _unit_parts(unit)
    if actor is None or not actor.is_authenticated or not actor.has_perm("forums.hold_meeting", unit):
        raise NotAllowed(_("Anda hanya dapat mengunggah hasil Rembug untuk wilayah atau Pokmas Anda sendiri."))
    if region.city_id != cycle.city_id:
        raise DomainError(_("Unit ini tidak berada di kota siklus perencanaan ini."))
    require_stage_open(cycle, Action.PAPER_IMPORT)
    meetings = (
        Meeting.objects.filter(cycle=cycle, unit_region=region, unit_group=group)
        .exclude(status=MeetingStatus.SUPERSEDED)
        .order_by("-revision")
    )
    if lock:
        meetings = meetings.select_for_update()
    meeting = meetings.first()
    if meeting is not None and meeting.is_frozen:
        raise Frozen(
            _(
                "Rembug %(unit)s tahun %(year)s sudah ditetapkan. Koreksi dibuat sebagai revisi di aplikasi, "
                "bukan dengan mengunggah berkas."
            )
            % {"unit": meeting.unit_label, "year": cycle.year}
        )
    proposals = Proposal.objects.filter(cycle=cycle, unit_region=region, unit_group=group).exclude(
        status=Status.WITHDRAWN
    )
    if proposals.exists():
        raise DomainError(
            _(
                "Unit ini sudah memiliki usulan tahun %(year)s di aplikasi. Lanjutkan Rembugnya di "
                "aplikasi (ubah daftar secara daring), bukan dengan mengunggah berkas."
            )
            % {"year": cycle.year}
        )
    if meeting is not None and (meeting.attendees.exists() or meeting.counts.exists()):
        raise DomainError(
            _(
                "Daftar hadir Rembug unit ini sudah dicatat di aplikasi. Lanjutkan Rembugnya di aplikasi, "
                "bukan dengan mengunggah berkas."
            )
        )


def _save(
    *, actor, cycle: PlanningCycle, unit, paper: _Paper, finalize: bool, accept_inclusion_gaps: bool
) -> PaperImportResult:
    """Write a valid file through the services; the caller holds the transaction."""
    meeting = meeting_open(actor=actor, cycle=cycle, unit=unit)
    _require_importable(actor, cycle=cycle, unit=unit, lock=True)  # again, now that the meeting row is locked
    meeting = meeting_update(actor=actor, meeting=meeting, version=meeting.version, **paper.meeting)
    order: list[int] = []
    for row in sorted(paper.proposals, key=lambda r: r.rank):
        proposal = proposal_create(actor=actor, cycle=cycle, unit=unit, **row.fields)
        funding_set(actor=actor, proposal=proposal, shares=row.shares, version=proposal.version)
        order.append(proposal.pk)
    attendees = [
        attendee_add(
            actor=actor,
            meeting=meeting,
            name=p.name,
            gender=p.gender,
            age_group=p.age_group,
            groups=p.groups,
            position=p.position,
        )
        for p in paper.people
    ]
    attendance_counts_set(actor=actor, meeting=meeting, counts=paper.counts)
    meeting_sync_items(actor=actor, meeting=meeting)
    meeting.refresh_from_db()
    meeting_set_order(actor=actor, meeting=meeting, proposal_ids=order, version=meeting.version)
    delegates = [a.pk for a, p in zip(attendees, paper.people, strict=True) if p.delegate]
    delegate_set(actor=actor, meeting=meeting, attendee_ids=delegates, mandate=paper.mandate)
    if finalize:
        meeting.refresh_from_db()
        meeting = meeting_finalize(
            actor=actor, meeting=meeting, version=meeting.version, accept_inclusion_gaps=accept_inclusion_gaps
        )
    return PaperImportResult(
        meeting_id=meeting.pk,
        proposals=len(order),
        attendees=len(attendees),
        delegates=len(delegates),
        finalized=finalize,
    )


# --- reading and checking the workbook ------------------------------------------------------------------------------


def _read(book, *, cycle: PlanningCycle, unit) -> _Paper:
    """Every sheet checked; SpreadsheetInvalid with all bad cells, or what the file says."""
    report = _Report()
    meeting, mandate = _read_meeting(book, report, cycle=cycle, unit=unit)
    proposals = _read_proposals(_table(book, PROPOSALS_TITLE, PROPOSAL_COLUMNS, report, MAX_PROPOSALS), cycle=cycle)
    people = _read_people(_table(book, PEOPLE_TITLE, PEOPLE_COLUMNS, report, MAX_PEOPLE))
    counts = _read_counts(_table(book, COUNTS_TITLE, COUNT_COLUMNS, report, len(Stakeholder.values) * 4))
    if report.errors:
        raise SpreadsheetInvalid(sorted(report.errors, key=_reading_order))
    return _Paper(meeting=meeting, mandate=mandate, proposals=proposals, people=people, counts=counts)


_SHEET_ORDER = {
    title: index for index, title in enumerate((MEETING_TITLE, PROPOSALS_TITLE, PEOPLE_TITLE, COUNTS_TITLE))
}


def _reading_order(error: SheetCellError) -> tuple[int, int, int, str]:
    """Sheet by sheet, row by row, left to right (column "K–Q" sorts by its first letter K)."""
    first = error.column.split("–")[0]
    return _SHEET_ORDER.get(error.sheet, len(_SHEET_ORDER)), error.row, len(first), first


def _sheet(book, title: str, report: _Report, header: str):
    if title in book.sheetnames:
        sheet = book[title]
        sheet.reset_dimensions()  # some writers declare a wrong sheet size; read every row there is
        return sheet
    report.add(
        title, 1, "A", header, _('lembar "%(sheet)s" tidak ditemukan; gunakan templat hasil unduhan') % {"sheet": title}
    )
    return None


def _table(book, title: str, columns: tuple[Column, ...], report: _Report, limit: int) -> _Table | None:
    sheet = _sheet(book, title, report, columns[0].header)
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
    return _Table(title=title, columns=columns, positions=positions, rows=rows, report=report)


def _filled_rows(rows, positions: dict[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, cells by key) of rows with something in an input column (computed columns are ignored)."""
    for number, values in enumerate(rows, start=2):
        cells = {key: values[index] if index < len(values) else None for key, index in positions.items()}
        if any(cell_text(value) for value in cells.values()):
            yield number, cells


def _read_meeting(book, report: _Report, *, cycle: PlanningCycle, unit) -> tuple[dict[str, Any], str]:
    sheet = _sheet(book, MEETING_TITLE, report, MEETING_FIELDS[0][1])
    if sheet is None:
        return {}, ""
    by_label = {label.casefold(): key for key, label, _row in MEETING_FIELDS}
    found: dict[str, tuple[int, Any]] = {}
    for number, values in enumerate(sheet.iter_rows(max_row=60, max_col=2, values_only=True), start=1):
        key = by_label.get(cell_text(values[0] if values else None).casefold())
        if key and key not in found:
            found[key] = (number, values[1] if len(values) > 1 else None)
    label_of = {key: label for key, label, _row in MEETING_FIELDS}

    def bad(key: str, message: str) -> None:
        report.add(MEETING_TITLE, found[key][0], "B", label_of[key], message)

    for key, label, row in MEETING_FIELDS:
        if key not in found:
            report.add(
                MEETING_TITLE,
                row,
                "A",
                label,
                _('baris "%(label)s" tidak ditemukan; gunakan templat hasil unduhan') % {"label": label},
            )
    text = {key: cell_text(value) for key, (_row, value) in found.items()}

    if "unit_code" in found and text["unit_code"] != _unit_code(unit):
        bad(
            "unit_code",
            _("berkas ini bukan templat %(unit)s (kode %(expected)s); unduh templat unit ini")
            % {"unit": _unit_description(unit), "expected": _unit_code(unit)},
        )
    if "year" in found and text["year"] != str(cycle.year):
        bad(
            "year",
            _("berkas ini untuk tahun %(found)s, bukan %(year)s; unduh templat tahun ini")
            % {"found": text["year"] or "-", "year": cycle.year},
        )
    meeting: dict[str, Any] = {}
    if "held_on" in found:
        held_on, problem = _date(found["held_on"][1], cycle=cycle)
        if problem:
            bad("held_on", problem)
        meeting["held_on"] = held_on
    for key in ("place", "chair_name", "agenda", "order_method", "mandate"):
        if key not in found:
            continue
        if key in ("place", "chair_name") and not text[key]:
            bad(key, _("wajib diisi"))
        limit = _MEETING_MAX_LENGTH.get(key)
        if limit and len(text[key]) > limit:
            bad(key, _("paling banyak %(max)d karakter") % {"max": limit})
        meeting[key] = text[key]
    mandate = meeting.pop("mandate", "")
    return meeting, mandate


def _date(value: Any, *, cycle: PlanningCycle) -> tuple[datetime.date | None, str]:
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


def _decimal(value: Any, *, grouping: bool) -> Decimal:
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


def _read_proposals(table: _Table | None, *, cycle: PlanningCycle) -> list[_ProposalRow]:
    if table is None:
        return []
    if not table.rows:
        table.bad(2, "title", _("isi sedikitnya satu usulan"))
        return []
    items = {item.code: item for item in DictionaryItem.objects.filter(city_id=cycle.city_id)}
    items_folded = {code.casefold(): item for code, item in items.items()}
    count = len(table.rows)
    first_row_of_rank: dict[int, int] = {}
    cleaned: list[_ProposalRow] = []
    for number, raw in table.rows:
        before = len(table.report)
        bad = functools.partial(table.bad, number)
        text = {key: cell_text(raw[key]) for key in ("title", "problem", "idea", "code", "address")}
        for key in ("rank", "title", "problem", "idea", "code", "volume", "address"):
            if not cell_text(raw[key]):
                bad(key, _("wajib diisi"))
        for key, limit in (("title", 200), ("address", 255)):
            if len(text[key]) > limit:
                bad(key, _("paling banyak %(max)d karakter") % {"max": limit})

        rank = None
        if cell_text(raw["rank"]):
            try:
                rank = cell_int(raw["rank"])
            except ValueError:
                rank = 0
            if rank < 1:
                bad("rank", _("harus bilangan bulat mulai 1"))
                rank = None
            elif rank > count:
                bad("rank", _("harus 1 sampai %(count)d (jumlah usulan), tanpa loncatan") % {"count": count})
            elif rank in first_row_of_rank:
                bad(
                    "rank",
                    _("peringkat %(rank)d sudah dipakai di baris %(row)d")
                    % {"rank": rank, "row": first_row_of_rank[rank]},
                )
            else:
                first_row_of_rank[rank] = number

        item = None
        if text["code"]:
            item = items.get(text["code"]) or items_folded.get(text["code"].casefold())
            if item is None:
                bad("code", _('kode "%(code)s" tidak ada di kamus usulan; pilih dari daftar') % {"code": text["code"]})
            elif not item.active_in(cycle.year):
                bad(
                    "code",
                    _("kegiatan %(code)s (%(name)s) tidak berlaku pada tahun %(year)s")
                    % {"code": item.code, "name": item.name, "year": cycle.year},
                )
                item = None

        volume = None
        if cell_text(raw["volume"]):
            try:
                volume = _decimal(raw["volume"], grouping=True)
            except ValueError:
                volume = None
            if volume is None or volume <= 0:
                bad("volume", _("harus angka lebih dari nol"))
                volume = None
            elif volume != volume.quantize(Decimal("0.01")):
                bad("volume", _("paling banyak dua angka di belakang koma"))
                volume = None
            elif volume >= _MAX_VOLUME:
                bad("volume", _("terlalu besar; periksa kembali angkanya"))
                volume = None

        point = _point(raw, bad)
        beneficiaries = _count(raw["beneficiaries"], bad, "beneficiaries", _MAX_INTEGER)

        shares: dict[str, int] = {}
        funding_ok = True
        for source in FundingSource.values:
            key = f"funding_{source}"
            if cell_text(raw[key]):
                try:
                    amount = cell_int(raw[key])
                except ValueError:
                    amount = -1
                if amount < 0:
                    bad(key, _("harus jumlah rupiah, bilangan bulat tidak negatif"))
                    funding_ok = False
                else:
                    shares[source] = amount
        if item is not None and volume is not None and funding_ok:
            cost = estimate_cost(volume, item.unit_price)
            total = sum(shares.values())
            if total != cost:
                table.report.add(
                    table.title,
                    number,
                    f"{table.letter(f'funding_{FundingSource.values[0]}')}–"
                    f"{table.letter(f'funding_{FundingSource.values[-1]}')}",
                    _("Rencana pendanaan"),
                    _(
                        "jumlah pendanaan %(total)s tidak sama dengan volume × harga satuan = %(volume)s %(unit)s × "
                        "%(price)s = %(cost)s"
                    )
                    % {
                        "total": format_rupiah(total),
                        "volume": _plain(volume),
                        "unit": item.unit,
                        "price": format_rupiah(item.unit_price),
                        "cost": format_rupiah(cost),
                    },
                )

        if len(table.report) == before:
            latitude, longitude = point
            cleaned.append(
                _ProposalRow(
                    row=number,
                    rank=rank,
                    shares=shares,
                    fields={
                        "title": text["title"],
                        "problem": text["problem"],
                        "idea": text["idea"],
                        "item": item,
                        "volume": volume,
                        "address": text["address"],
                        "latitude": latitude,
                        "longitude": longitude,
                        "beneficiaries": beneficiaries or 0,
                    },
                )
            )
    return cleaned


def _plain(volume: Decimal) -> str:
    """12.50 → "12,5"; 100.00 → "100" (as Indonesians write numbers)."""
    text = format(volume.normalize(), "f")
    return text.replace(".", ",")


def _point(raw: dict[str, Any], bad) -> tuple[float | None, float | None]:
    """(latitude, longitude): both or none, each a number inside Indonesia's ranges."""
    found: dict[str, float | None] = {}
    for key, (low, high) in (("latitude", _LAT_RANGE), ("longitude", _LNG_RANGE)):
        found[key] = None
        if not cell_text(raw[key]):
            continue
        try:
            number = float(_decimal(raw[key], grouping=False))
        except ValueError:
            bad(key, _("harus angka, mis. %(example)s") % {"example": "-7,95" if key == "latitude" else "112,61"})
            continue
        if not low <= number <= high:
            bad(key, _("berada di luar Indonesia (%(low)s sampai %(high)s)") % {"low": low, "high": high})
            continue
        found[key] = number
    filled = {key for key in ("latitude", "longitude") if cell_text(raw[key])}
    if len(filled) == 1:
        missing = ({"latitude", "longitude"} - filled).pop()
        bad(missing, _("isi lintang dan bujur bersama-sama, atau kosongkan keduanya"))
    return found["latitude"], found["longitude"]


def _count(value: Any, bad, key: str, limit: int) -> int | None:
    """A whole number of people from an optional cell (empty: None)."""
    if not cell_text(value):
        return None
    try:
        number = cell_int(value)
    except ValueError:
        number = -1
    if number < 0:
        bad(key, _("harus bilangan bulat tidak negatif"))
        return None
    if number > limit:
        bad(key, _("terlalu besar; periksa kembali angkanya"))
        return None
    return number


def _read_people(table: _Table | None) -> list[_PersonRow]:
    if table is None:
        return []
    if not table.rows:
        table.bad(2, "name", _("catat sedikitnya satu peserta yang hadir"))
        return []
    genders, ages = choice_lookup(Gender.choices), choice_lookup(AgeGroup.choices)
    groups_lookup = choice_lookup(Stakeholder.choices)
    cleaned: list[_PersonRow] = []
    for number, raw in table.rows:
        before = len(table.report)
        bad = functools.partial(table.bad, number)
        text = {key: cell_text(raw[key]) for key in ("name", "gender", "age_group", "groups", "position", "delegate")}
        for key in ("name", "gender", "age_group"):
            if not text[key]:
                bad(key, _("wajib diisi"))
        if len(text["name"]) > 150:
            bad("name", _("paling banyak %(max)d karakter") % {"max": 150})
        if len(text["position"]) > 120:
            bad("position", _("paling banyak %(max)d karakter") % {"max": 120})
        gender = genders.get(text["gender"].casefold()) if text["gender"] else None
        if text["gender"] and gender is None:
            bad("gender", _('isi P (perempuan) atau L (laki-laki), bukan "%(value)s"') % {"value": text["gender"]})
        age_group = ages.get(text["age_group"].casefold()) if text["age_group"] else None
        if text["age_group"] and age_group is None:
            bad(
                "age_group",
                _('isian "%(value)s" tidak dikenal; pilih salah satu: %(choices)s')
                % {"value": text["age_group"], "choices": ", ".join(AgeGroup.values)},
            )
        groups: list[str] = []
        unknown: list[str] = []
        for part in (p.strip() for p in _SEPARATORS.split(text["groups"])):
            if part:
                found = groups_lookup.get(part.casefold()) or groups_lookup.get(part.casefold().replace(" ", "_"))
                if found:
                    groups.append(found)
                else:
                    unknown.append(part)
        if unknown:
            bad(
                "groups",
                _("kelompok tidak dikenal: %(values)s; pilih dari: %(choices)s")
                % {"values": ", ".join(unknown), "choices": ", ".join(Stakeholder.values)},
            )
        delegate = _YES.get(text["delegate"].casefold()) if text["delegate"] else False
        if delegate is None:
            bad("delegate", _('isi ya atau tidak, bukan "%(value)s"') % {"value": text["delegate"]})
        if len(table.report) == before:
            cleaned.append(
                _PersonRow(
                    row=number,
                    name=text["name"],
                    gender=gender,
                    age_group=age_group,
                    groups=groups,
                    position=text["position"],
                    delegate=bool(delegate),
                )
            )
    marked = any(_YES.get(cell_text(raw["delegate"]).casefold()) for _number, raw in table.rows)
    if not marked:
        table.bad(
            table.rows[0][0],
            "delegate",
            _('tandai "ya" bagi sedikitnya satu peserta yang dipilih menjadi delegasi ke Musrenbang Kelurahan'),
        )
    return cleaned


def _read_counts(table: _Table | None) -> dict[str, int]:
    if table is None:
        return {}
    lookup = choice_lookup(Stakeholder.choices)
    counts: dict[str, int] = {}
    first_row_of: dict[str, int] = {}
    for number, raw in table.rows:
        bad = functools.partial(table.bad, number)
        label = cell_text(raw["group"])
        group = (lookup.get(label.casefold()) or lookup.get(label.casefold().replace(" ", "_"))) if label else None
        if not label:
            bad("group", _("wajib diisi"))
        elif group is None:
            bad(
                "group",
                _('kelompok "%(value)s" tidak dikenal; pilih dari: %(choices)s')
                % {"value": label, "choices": ", ".join(Stakeholder.values)},
            )
        elif group in first_row_of:
            bad("group", _("kelompok ini sudah diisi di baris %(row)d") % {"row": first_row_of[group]})
            group = None
        else:
            first_row_of[group] = number
        number_of_people = _count(raw["count"], bad, "count", _MAX_COUNT)
        if group is not None and number_of_people:
            counts[group] = number_of_people
    return counts


__all__ = [
    "PaperImportResult",
    "SheetCellError",
    "paper_import",
    "paper_template_xlsx",
]
