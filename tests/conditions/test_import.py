"""Kelurahan staff enter paper surveys from Excel: a template with dropdowns, and an all-or-nothing import."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from rembug.conditions.models import SurveyResponse
from rembug.conditions.services import indicators_default
from rembug.conditions.xlsx import survey_import, survey_template_xlsx
from rembug.errors import NotAllowed
from rembug.spreadsheets import SpreadsheetInvalid

from .conftest import DINOYO, DINOYO_RT, DINOYO_RT2, TLOGOMAS_RT

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(cycle, region):
    indicators = indicators_default(cycle)
    data = survey_template_xlsx(cycle=cycle, kelurahan=region(DINOYO), indicators=indicators)
    return indicators, load_workbook(io.BytesIO(data))


def _bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row_of(sheet, code: str) -> int:
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == code)


def test_the_template_lists_every_rw_and_rt_with_score_dropdowns(template):
    _indicators, book = template
    sheet = book["Survei kondisi"]
    assert [c.value for c in sheet[1]][:3] == ["Kode wilayah", "RW/RT", "Kondisi jalan lingkungan (jalan)"]
    codes = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert f"{DINOYO}.01" in codes and DINOYO_RT in codes and all(c.startswith(DINOYO) for c in codes)
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"1,2,3,4,5"'
    assert "1 = Sebagian besar rusak berat, sulit dilalui" in "\n".join(str(c.value) for c in book["Petunjuk"]["A"])


def test_a_valid_file_saves_every_score(cycle, operator, region, template):
    indicators, book = template
    sheet = book["Survei kondisi"]
    sheet.cell(row=_row_of(sheet, DINOYO_RT), column=3, value=2)
    sheet.cell(row=_row_of(sheet, DINOYO_RT), column=4, value="4")
    sheet.cell(row=_row_of(sheet, DINOYO_RT2), column=13, value=5.0)
    count = survey_import(
        actor=operator, cycle=cycle, kelurahan=region(DINOYO), indicators=indicators, file=_bytes(book)
    )
    assert count == 3
    assert sorted(SurveyResponse.objects.values_list("region__code", "indicator__code", "score")) == [
        (DINOYO_RT, "drainase", 4),
        (DINOYO_RT, "jalan", 2),
        (DINOYO_RT2, "pemasaran", 5),
    ]


def test_a_file_with_bad_cells_saves_nothing_and_names_every_cell(cycle, operator, region, template):
    indicators, book = template
    sheet = book["Survei kondisi"]
    good, bad = _row_of(sheet, DINOYO_RT), _row_of(sheet, DINOYO_RT2)
    sheet.cell(row=good, column=3, value=2)
    sheet.cell(row=bad, column=3, value=7)
    sheet.cell(row=bad, column=5, value="baik")
    extra = sheet.max_row + 1
    sheet.cell(row=extra, column=1, value=TLOGOMAS_RT)
    sheet.cell(row=extra + 1, column=1, value=DINOYO_RT)
    with pytest.raises(SpreadsheetInvalid) as raised:
        survey_import(actor=operator, cycle=cycle, kelurahan=region(DINOYO), indicators=indicators, file=_bytes(book))
    assert raised.value.lines() == [
        f"Baris {bad}, kolom C (Kondisi jalan lingkungan (jalan)): skor harus 1 sampai 5, tertulis 7",
        f"Baris {bad}, kolom E (MCK umum (mck)): skor harus 1 sampai 5, tertulis baik",
        f"Baris {extra}, kolom A (Kode wilayah): {TLOGOMAS_RT} bukan RW/RT di Kelurahan Dinoyo",
        f"Baris {extra + 1}, kolom A (Kode wilayah): RW/RT ini sudah ada di baris {good}",
    ]
    assert not SurveyResponse.objects.exists()


def test_only_the_kelurahans_staff_may_import(cycle, person, region, template):
    indicators, book = template
    for outsider in (person("operator_kelurahan", "35.73.05.1003"), person("ketua_rt", DINOYO_RT)):
        with pytest.raises(NotAllowed):
            survey_import(
                actor=outsider, cycle=cycle, kelurahan=region(DINOYO), indicators=indicators, file=_bytes(book)
            )


def test_the_import_page_downloads_the_template_and_lists_the_errors(client, cycle, operator, template):
    _indicators, book = template
    client.force_login(operator)
    download = client.get("/kondisi/impor/?unduh=1")
    assert download["Content-Disposition"].startswith('attachment; filename="survei-kondisi-35.73.05.1004-')
    sheet = book["Survei kondisi"]
    sheet.cell(row=2, column=3, value=9)
    upload = io.BytesIO(_bytes(book))
    upload.name = "survei.xlsx"
    page = client.post("/kondisi/impor/", {"file": upload, "kelurahan": DINOYO})
    assert page.status_code == 200 and "Baris 2, kolom C" in page.text and "tidak ada data yang disimpan" in page.text
    sheet.cell(row=2, column=3, value=3)
    upload = io.BytesIO(_bytes(book))
    upload.name = "survei.xlsx"
    assert client.post("/kondisi/impor/", {"file": upload, "kelurahan": DINOYO}).status_code == 302
    assert SurveyResponse.objects.get().score == 3
