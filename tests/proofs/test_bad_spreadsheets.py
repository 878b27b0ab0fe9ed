"""Proof: no hostile spreadsheet or CSV crashes an import or leaves anything behind.

Hypothesis feeds every import (paper Rembug, proposal dictionary from Excel and from CSV, condition survey) with
random bytes, broken zips, and real templates filled with hostile cells: formulas, huge and control-laden text,
wrong headers, merged cells, dates as text, 10^20, NaN, missing sheets. Each answer must be either a success or
a DomainError with a message, and after an error no row of forums, proposals or conditions has changed.

The normal suite runs a sample; `make test-long` runs over 1,000 examples.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from rembug.conditions.services import indicators_default
from rembug.conditions.xlsx import survey_import, survey_template_xlsx
from rembug.errors import DomainError
from rembug.forums.paper.importer import paper_import
from rembug.forums.paper.template import paper_template_xlsx
from rembug.proposals.dictionary import COLUMNS, dictionary_export_xlsx, dictionary_import_xlsx, dictionary_load_csv
from tests.factories import dictionary_item
from tests.xlsx_files import million_rows

pytestmark = pytest.mark.django_db
KELURAHAN = "35.73.05.1011"
RT = f"{KELURAHAN}.03.001"
_APPS = ("forums", "proposals", "conditions")
_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


def _settings(examples: int):
    return settings(max_examples=examples, deadline=None, suppress_health_check=_HEALTH, derandomize=False)


# --- what a hostile file is made of ---------------------------------------------------------------------------

_WORDS = [
    "=1/0",
    "=SUM(A1:A3)",
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "31/02/2026",
    "2026-13-01",
    "17/08/2025",
    "1.500,50",
    "Rp 1.000.000",
    "12,5",
    "-1",
    "0",
    "1e308",
    "NaN",
    "ya",
    "tidak",
    "P",
    "L",
    "dewasa",
    "lansia",
    "jalan",
    "drainase",
    "sarana_umum",
    "kota",
    "DPUPRPKP",
    "m2",
    "2026",
    "T0001",
    "Kode",
    "Volume",
    "  ",
    "\t",
    "a\r\nb",
    "#REF!",
    "#DIV/0!",
    "🙂" * 10,
    "ÅÉÎØÜ",
    "ـــ",
    "\u202e",
]
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, places=3, max_value=10**15, min_value=-(10**15)),
    _TEXT,
    st.sampled_from(_WORDS),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),
    st.sampled_from(["x" * 32_768, "y" * 40_000]),  # longer than Excel allows
)


class Template:
    """A template's bytes, shown by name in Hypothesis's reports (not as 30 KB of bytes)."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.data = name, data

    def __repr__(self) -> str:
        return f"Template({self.name!r})"


def _write(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def filled_template(draw, template: Template) -> bytes:
    """The real template with hostile cells: headers kept or broken, rows filled, sheets merged or removed."""
    book = load_workbook(io.BytesIO(template.data))
    for sheet in list(book.worksheets):
        action = draw(st.sampled_from(["fill"] * 6 + ["drop", "rename", "keep", "chart"]))
        if action == "drop" and len(book.worksheets) > 1:
            book.remove(sheet)
            continue
        if action == "chart" and len(book.worksheets) > 1:  # a chart sheet where a data sheet should be
            title = sheet.title
            book.remove(sheet)
            book.create_chartsheet(title).add_chart(BarChart())
            continue
        if action == "rename":
            sheet.title = draw(st.sampled_from(["Sheet", "usulan", "Data", "Peserta ", "X"]))
            continue
        if action == "keep":
            continue
        width = max(sheet.max_column, 2) + 2
        if draw(st.booleans()):  # break some header cells
            for _ in range(draw(st.integers(1, 3))):
                sheet.cell(row=1, column=draw(st.integers(1, width)), value=draw(CELL))
        for row in range(2, 2 + draw(st.integers(0, 6))):
            for column in draw(st.lists(st.integers(1, width), max_size=width)):
                sheet.cell(row=row, column=column, value=draw(CELL))
        if draw(st.integers(0, 4)) == 0:
            sheet.merge_cells(
                start_row=2, start_column=1, end_row=draw(st.integers(2, 4)), end_column=draw(st.integers(2, 4))
            )
    book.worksheets[0].sheet_state = "visible"  # openpyxl cannot save a workbook whose only sheet is hidden
    return _write(book)


@st.composite
def broken_zip(draw, template: Template) -> bytes:
    """The template cut short, with bytes overwritten, or re-zipped with a member replaced by garbage."""
    template = template.data
    kind = draw(st.sampled_from(["truncate", "flip", "member"]))
    if kind == "truncate":
        return template[: draw(st.integers(0, len(template) - 1))]
    if kind == "flip":
        data = bytearray(template)
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    source = zipfile.ZipFile(io.BytesIO(template))
    names = source.namelist()
    victim = draw(st.sampled_from(names))
    garbage = draw(
        st.one_of(
            st.binary(max_size=300),
            st.sampled_from(
                [
                    b"<worksheet/>",
                    b"<?xml version='1.0'?><x>&undefined;</x>",
                    b"<a><b></a>",
                    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
                ]
            ),
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            target.writestr(name, garbage if name == victim else source.read(name))
    return out.getvalue()


def hostile_xlsx(template: Template):
    return st.one_of(
        st.binary(max_size=2048),
        st.binary(max_size=2048).map(lambda tail: b"PK\x03\x04" + tail),
        broken_zip(template),
        filled_template(template),
        filled_template(template),
    )


_KEYS = [column.key for column in COLUMNS]
_CSV_VALUE = st.one_of(
    st.sampled_from(_WORDS),
    _TEXT,
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        [
            "JLN-01",
            "Paving",
            "sarana_umum",
            "jalan",
            "DPUPRPKP",
            "m2",
            "150000",
            "kota",
            "1.03.10.2.01.0019",
            "2026",
            "",
        ]
    ),
)


@st.composite
def hostile_csv(draw) -> bytes:
    """CSV in any encoding, delimiter and quoting, sometimes with NUL bytes, an unclosed quote or plain garbage."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=2048))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t", "|"]))
    header = _KEYS if draw(st.booleans()) else draw(st.lists(st.sampled_from([*_KEYS, "Kode", "x", ""]), max_size=12))
    rows = [header, *draw(st.lists(st.lists(_CSV_VALUE, max_size=13), max_size=8))]
    quote = draw(st.sampled_from(['"', "'"]))

    def field(value: str) -> str:
        if draw(st.booleans()) or any(c in value for c in (delimiter, quote, "\n", "\r")):
            return quote + value.replace(quote, quote * 2) + quote
        return value

    text = "\n".join(delimiter.join(field(v) for v in row) for row in rows)
    if draw(st.integers(0, 6)) == 0:
        text += '\n"unclosed' + "z" * draw(st.integers(0, 200))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 8)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    return data


# --- the check every import must pass -------------------------------------------------------------------------


def _snapshot() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count() for label in _APPS for model in apps.get_app_config(label).get_models()
    }


def holds(run: Callable[[], object]) -> None:
    """`run` succeeds, or raises a DomainError with a message and writes nothing; then every write is undone."""
    with transaction.atomic():
        before = _snapshot()
        try:
            run()
        except DomainError as error:
            assert str(error.message).strip(), "a refusal without a message"
            assert _snapshot() == before, f"written despite: {error.message}"
        transaction.set_rollback(True)


# --- the imports ------------------------------------------------------------------------------------------------


@pytest.fixture
def paper_case(person, region, cycle, malang):
    dictionary_item(malang)
    operator = person("operator_kelurahan", KELURAHAN)
    template = paper_template_xlsx(cycle=cycle, holder=region(RT))
    return template, lambda data: paper_import(actor=operator, cycle=cycle, holder=region(RT), file=data)


@pytest.fixture
def dictionary_case(person, malang):
    dictionary_load_csv(city=malang)
    bappeda = person("bappeda", "35.73")
    return dictionary_export_xlsx(city=malang), lambda data: dictionary_import_xlsx(
        actor=bappeda, city=malang, file=data
    )


@pytest.fixture
def survey_case(person, region, cycle):
    indicators = indicators_default(cycle)
    operator = person("operator_kelurahan", KELURAHAN)
    template = survey_template_xlsx(cycle=cycle, kelurahan=region(KELURAHAN), indicators=indicators)
    return template, lambda data: survey_import(
        actor=operator, cycle=cycle, kelurahan=region(KELURAHAN), indicators=indicators, file=data
    )


def _fuzz_xlsx(case, examples: int) -> None:
    template, run = case

    @_settings(examples)
    @given(data=hostile_xlsx(Template("template", template)))
    def check(data: bytes) -> None:
        holds(lambda: run(data))

    check()


def _fuzz_csv(malang, examples: int) -> None:
    @_settings(examples)
    @given(data=hostile_csv())
    def check(data: bytes) -> None:
        holds(lambda: dictionary_load_csv(city=malang, file=data))

    check()


def test_hostile_paper_rembug_files_are_refused_cleanly(paper_case):
    _fuzz_xlsx(paper_case, 30)


def test_hostile_dictionary_files_are_refused_cleanly(dictionary_case):
    _fuzz_xlsx(dictionary_case, 30)


def test_hostile_survey_files_are_refused_cleanly(survey_case):
    _fuzz_xlsx(survey_case, 30)


def test_hostile_dictionary_csv_files_are_refused_cleanly(malang):
    _fuzz_csv(malang, 30)


@pytest.mark.long
def test_many_hostile_paper_rembug_files(paper_case):
    _fuzz_xlsx(paper_case, 500)


@pytest.mark.long
def test_many_hostile_dictionary_files(dictionary_case):
    _fuzz_xlsx(dictionary_case, 500)


@pytest.mark.long
def test_many_hostile_survey_files(survey_case):
    _fuzz_xlsx(survey_case, 500)


@pytest.mark.long
def test_many_hostile_dictionary_csv_files(malang):
    _fuzz_csv(malang, 500)


# --- one HTTP request per import: the status code and the message -----------------------------------------------


def _upload(data: bytes, name: str = "berkas.xlsx") -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_the_dictionary_api_answers_400_with_the_message(client, person, malang):
    client.force_login(person("bappeda", "35.73"))
    answer = client.post("/api/v1/dictionary.xlsx", {"file": _upload(b"PK\x03\x04 broken")})
    assert answer.status_code == 400 and "bukan berkas Excel (.xlsx)" in answer.json()["detail"]


def test_the_paper_api_answers_400_with_the_message(client, person, cycle):
    client.force_login(person("operator_kelurahan", KELURAHAN))
    answer = client.post("/api/v1/meetings/paper-import", {"holder": RT, "file": _upload(million_rows(dimension=True))})
    assert answer.status_code == 400 and "paling banyak 50.000 baris" in answer.json()["detail"]


def test_the_survey_page_shows_the_message_and_saves_nothing(client, person, cycle):
    client.force_login(person("operator_kelurahan", KELURAHAN))
    page = client.post("/kondisi/impor/", {"file": _upload(b"%PDF-1.4 not a workbook"), "kelurahan": KELURAHAN})
    assert page.status_code == 200 and "bukan berkas Excel (.xlsx)" in page.text


def test_a_file_over_the_size_limit_is_a_form_error_before_the_import_runs(client, person, malang):
    client.force_login(person("bappeda", "35.73"))
    page = client.post("/kamus/", {"file": _upload(b"PK\x03\x04" + b"0" * (5 * 1024 * 1024 + 1))})
    assert page.status_code == 200
    assert page.context["form"].errors["file"] == ["Berkas terlalu besar; ukuran maksimum 5 MB."]
    answer = client.post("/api/v1/dictionary.xlsx", {"file": _upload(b"0" * (5 * 1024 * 1024 + 1))})
    assert answer.status_code == 400 and answer.json()["file"] == ["Berkas terlalu besar; ukuran maksimum 5 MB."]
