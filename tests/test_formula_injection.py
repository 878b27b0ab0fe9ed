"""User text never becomes a live formula in a file Rembug writes (OWASP "CSV injection").

A resident's title `=HYPERLINK("http://evil","x")` must reach the open-data XLSX, the Rembug list, the SIPD annex
and every other export as the text it is: an inline string in XLSX, a quoted-off `'=...` in CSV, as typed in JSON.
"""

import csv
import datetime
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rembug.conditions.gap import GapRow
from rembug.conditions.selectors import GapTable
from rembug.conditions.xlsx import gap_xlsx
from rembug.cycles.models import Stage
from rembug.cycles.selectors import today
from rembug.forums.annexes import sipd_xlsx
from rembug.forums.decisions import item_decide
from rembug.forums.documents import priority_list_xlsx
from rembug.forums.paper.template import paper_template_xlsx
from rembug.forums.services import meeting_open, meeting_sync_items
from rembug.portal.opendata import export_response
from rembug.proposals.dictionary import dictionary_export_xlsx
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import proposal_create
from rembug.spreadsheet_writers import csv_writer, new_workbook, workbook_bytes
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
KEL = "35.73.05.1011"
RT = f"{KEL}.03.001"
PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"]
STARTS = tuple("=+-@\t\r")


def _all_cells(xlsx: bytes):
    book = load_workbook(io.BytesIO(xlsx))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(xlsx: bytes, expected: list[str]) -> None:
    """No <f> element in any sheet, no cell typed as a formula, and each payload present as literal text."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >]", archive.read(name)), name
    cells = list(_all_cells(xlsx))
    assert all(cell.data_type != "f" for cell in cells)
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    for payload in expected:
        assert payload.replace("\r", "\n") in texts, payload  # XML reads a carriage return back as a newline


@pytest.fixture
def hostile(person, region, cycle, malang):
    """One agreed proposal per payload, each payload in its title, problem, idea and address."""
    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    item = dictionary_item(malang, name='=HYPERLINK("http://evil","kamus")')
    chair = person("ketua_rt", RT)
    made = []
    for payload in PAYLOADS:
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT),
            title=payload,
            problem=payload,
            idea=payload,
            item=item,
            volume=-0 + 3,
            address=payload,
            beneficiaries=10,
        )
        made.append(walk(proposal, Status.AGREED))
    return made


def test_open_data_xlsx_keeps_every_title_as_text(hostile):
    response = export_response("usulan", "xlsx")
    xlsx = b"".join(response.streaming_content)
    titles = [p.title for p in hostile]
    assert_no_formula(xlsx, titles)
    numbers = [row for row in load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(row[1], int) and isinstance(row[14], int) for row in numbers)  # numbers stay numbers


def test_open_data_csv_quotes_off_every_formula(hostile):
    content = b"".join(export_response("usulan", "csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(row["judul"] for row in rows) == sorted("'" + p for p in PAYLOADS)
    assert all(not value.startswith(STARTS) for row in rows for value in row.values() if value)
    assert all(row["biaya"].isdigit() for row in rows)


def test_open_data_json_keeps_the_text_as_typed(hostile):
    content = b"".join(export_response("usulan", "json").streaming_content)
    assert sorted(row["judul"] for row in json.loads(content)["rows"]) == sorted(PAYLOADS)


def test_the_rembug_list_xlsx_keeps_titles_as_text(person, hostile):
    operator = person("operator_kelurahan", KEL)
    meeting = meeting_open(actor=operator, cycle=hostile[0].cycle, holder=hostile[0].proposer_region)
    meeting_sync_items(actor=operator, meeting=meeting)
    assert_no_formula(priority_list_xlsx(meeting), PAYLOADS)


def test_the_sipd_annex_keeps_problems_and_ideas_as_text(person, region, hostile):
    operator = person("operator_kelurahan", KEL)
    meeting = meeting_open(actor=operator, cycle=hostile[0].cycle, holder=region(KEL))
    for proposal in hostile:
        meeting.refresh_from_db()
        item_decide(
            actor=operator,
            meeting=meeting,
            proposal_id=proposal.pk,
            decision="forward",
            reason="",
            reason_text="",
            version=meeting.version,
        )
    meeting.refresh_from_db()
    assert_no_formula(sipd_xlsx(meeting), PAYLOADS)


def test_the_dictionary_export_and_the_paper_template_keep_item_names_as_text(hostile, malang, region):
    name = '=HYPERLINK("http://evil","kamus")'
    assert_no_formula(dictionary_export_xlsx(city=malang), [name])
    assert_no_formula(paper_template_xlsx(cycle=hostile[0].cycle, holder=region(RT)), [name])


def test_the_conditions_gap_xlsx_keeps_area_labels_as_text(cycle):
    row = GapRow(
        area="35.73.05.1011",
        field="sarana_umum",
        mean_score=2.5,
        need=0.4,
        priority=1.0,
        proposed=0.2,
        funded=None,
        repeat=None,
        gap=0.2,
        responses=3,
        proposals=1,
        cost=-150_000,
    )
    table = GapTable(
        cycle=cycle,
        level="kelurahan",
        areas={},
        rows=[row],
        priorities=[],
        labels={"35.73.05.1011": "=cmd|' /C calc'!A0"},
    )
    xlsx = gap_xlsx(table)
    assert_no_formula(xlsx, ["=cmd|' /C calc'!A0"])
    assert load_workbook(io.BytesIO(xlsx)).active["M2"].value == -150_000  # a negative number stays a number


def test_the_shared_writers_neutralise_formulas_and_keep_numbers():
    out = io.StringIO()
    csv_writer(out).writerow(["=1+1", "-2+3", -5, 3.5, None, "plain", "＝1"])
    assert out.getvalue() == "'=1+1,'-2+3,-5,3.5,,plain,'＝1\r\n"
    for write_only in (False, True):
        book = new_workbook(write_only=write_only)
        sheet = book.create_sheet("a") if write_only else book.active
        sheet.append(["=1+1", -5, "@x"])
        if not write_only:
            sheet.cell(row=2, column=1, value="=SUM(A1:A9)")
            sheet["B2"] = "+cmd"
        cells = list(_all_cells(workbook_bytes(book)))
        assert all(cell.data_type != "f" for cell in cells)
        assert [c.value for c in cells if c.value is not None][:3] == ["=1+1", -5, "@x"]


def test_no_module_writes_or_reads_a_spreadsheet_around_the_shared_module():
    """csv.writer, Workbook( and load_workbook( live in the shared spreadsheet modules only: every file is guarded."""
    root = Path(__file__).resolve().parent.parent / "rembug"
    forbidden = re.compile(r"csv\.(writer|DictWriter|reader|DictReader)\(|(?<![\w.])Workbook\(|load_workbook\(")
    # Shipped data files read by install commands (never an upload), and the open-data reader of its own output.
    allowed = {
        "spreadsheets.py",
        "xlsx_guard.py",
        "spreadsheet_writers.py",
        "agencies/services.py",
        "regions/services.py",
    }
    allowed_lines = {("portal/opendata.py", "load_workbook("), ("portal/opendata.py", "csv.DictReader(")}
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = forbidden.search(line)
            if found and (relative, found.group(0)) not in allowed_lines:
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
