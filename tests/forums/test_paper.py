"""A Rembug held on paper: the kelurahan operator fills the template and uploads it; all or nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from rembug.cycles.selectors import today
from rembug.errors import DomainError, Frozen, NotAllowed
from rembug.forums.models import Attendee, Meeting, MeetingKind, MeetingStatus
from rembug.forums.paper.importer import paper_import
from rembug.forums.paper.template import paper_template_xlsx
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import FundingShare, Proposal
from rembug.proposals.services import proposal_create
from rembug.regions.models import CommunityGroup
from rembug.spreadsheets import SpreadsheetInvalid
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db
KELURAHAN = "35.73.05.1011"
RT001 = "35.73.05.1011.03.001"
RT002 = "35.73.05.1011.03.002"


@pytest.fixture
def operator(person):
    return person("operator_kelurahan", KELURAHAN)


@pytest.fixture
def items(malang):
    paving = dictionary_item(malang)  # Rp 150.000 per m2
    drain = dictionary_item(malang, name="Saluran drainase", unit="m", unit_price=1_500_000, category="drainase")
    return paving, drain


def fill(template: bytes, *, meeting=None, proposals=(), people=(), counts=None) -> bytes:
    """The template as an operator fills it in Excel: cells by (sheet, address), rows from row 2."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["Rembug"]
    values = {
        "B6": today(),
        "B7": "Balai RW 03",
        "B8": "Bu Siti Aminah",
        "B9": "Usulan warga",
        "B10": "Musyawarah mufakat",
        "B11": "Mengawal usulan dan melaporkan hasilnya kepada warga",
        **(meeting or {}),
    }
    for address, value in values.items():
        sheet[address] = value
    for sheet_name, rows in (("Usulan", proposals), ("Peserta", people)):
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                book[sheet_name].cell(row=row_number, column=column, value=value)
    for group_label, number in (counts or {}).items():
        sheet = book["Jumlah tanpa nama"]
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == group_label)
        sheet.cell(row=row, column=2, value=number)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def usulan(rank, title, code, volume, *, address="RT 001", lat=None, lng=None, beneficiaries=None, **funding):
    """One row of the "Usulan" sheet; funding by source: swadaya, dana_kelurahan, apbd_kota, ... (K to Q)."""
    sources = ["swadaya", "dana_kelurahan", "apbd_kota", "apbd_provinsi", "apbn", "csr", "lainnya"]
    return [
        rank,
        title,
        "Jalan rusak dan becek",
        "Perbaiki bersama warga",
        code,
        volume,
        address,
        lat,
        lng,
        beneficiaries,
        *(funding.get(source) for source in sources),
    ]


def valid_rows(items):
    paving, drain = items
    proposals = [
        usulan(2, "Saluran Jl. Kenanga", drain.code, 20, swadaya=1_000_000, apbd_kota=29_000_000),
        usulan(
            1,
            "Paving gang Melati",
            paving.code,
            100,
            lat=-7.95,
            lng=112.61,
            beneficiaries=120,
            swadaya=2_000_000,
            dana_kelurahan=13_000_000,
        ),
        usulan(3, "Paving gang Mawar", paving.code, "12,5", apbd_kota=1_875_000),
    ]
    people = [
        ["Siti Aminah", "P", "dewasa", "tokoh_masyarakat", "Ketua RT", "ya"],
        ["Rina", "P", "pemuda", None, None, "tidak"],
        ["Pak Darmo", "L", "lansia", None, None, None],
        ["Budi", "L", "dewasa", "difabel, kelompok_rentan", "Warga", "ya"],
    ]
    return proposals, people


@pytest.fixture
def filled(cycle, region, items):
    proposals, people = valid_rows(items)
    return fill(
        paper_template_xlsx(cycle=cycle, holder=region(RT001)),
        proposals=proposals,
        people=people,
        counts={"Difabel": 2},
    )


def counts() -> tuple[int, int, int]:
    return Proposal.objects.count(), Meeting.objects.count(), Attendee.objects.count()


def test_a_valid_paper_rembug_records_the_meeting_its_ordered_list_funding_attendees_and_delegates(
    operator, cycle, region, filled
):
    result = paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=filled)

    meeting = Meeting.objects.get(pk=result.meeting_id)
    assert (result.proposals, result.attendees, result.delegates, result.finalized) == (3, 4, 2, False)
    assert meeting.status == MeetingStatus.DRAFT and meeting.kind == MeetingKind.REMBUG_RT
    assert (meeting.held_on, meeting.place, meeting.chair_name) == (today(), "Balai RW 03", "Bu Siti Aminah")
    assert meeting.order_method == "Musyawarah mufakat"
    ranked = [item.proposal for item in meeting.items.select_related("proposal").order_by("rank")]
    assert [p.title for p in ranked] == ["Paving gang Melati", "Saluran Jl. Kenanga", "Paving gang Mawar"]
    melati = ranked[0]
    assert (melati.latitude, melati.longitude, melati.beneficiaries, melati.created_by) == (
        -7.95,
        112.61,
        120,
        operator,
    )
    assert dict(melati.funding.values_list("source", "amount")) == {"swadaya": 2_000_000, "dana_kelurahan": 13_000_000}
    assert str(ranked[2].volume) == "12.50" and ranked[2].estimated_cost == 1_875_000
    assert sorted(meeting.attendees.values_list("name", flat=True)) == ["Budi", "Pak Darmo", "Rina", "Siti Aminah"]
    assert meeting.attendees.get(name="Budi").groups == ["difabel", "kelompok_rentan"]
    assert dict(meeting.counts.values_list("group", "count")) == {"difabel": 2}
    delegates = meeting.delegates.select_related("attendee")
    assert {d.attendee.name for d in delegates} == {"Siti Aminah", "Budi"}
    assert {d.mandate for d in delegates} == {"mengawal_melapor"}


def test_finalizing_on_import_agrees_the_list_and_freezes_the_rembug(operator, cycle, region, filled):
    result = paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=filled, finalize=True)

    meeting = Meeting.objects.get(pk=result.meeting_id)
    assert result.finalized and meeting.status == MeetingStatus.FINALIZED and meeting.minutes_pdf
    assert set(Proposal.objects.filter(proposer_region=region(RT001)).values_list("status", flat=True)) == {
        Status.AGREED
    }


def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_saved(operator, cycle, region, items):
    paving, drain = items
    proposals = [
        usulan(1, "Paving gang Melati", paving.code, "banyak", apbd_kota=15_000_000),  # row 2: F
        usulan(2, "Saluran", "X-999", 20, apbd_kota=30_000_000),  # row 3: E
        usulan(2, None, drain.code, 20, lat=-7.95, swadaya=1_000_000, apbd_kota=28_000_000),  # row 4: A, B, I, K–Q
    ]
    people = [["Siti Aminah", "X", "tua", "tokoh, difabel", None, "mungkin"]]
    file = fill(
        paper_template_xlsx(cycle=cycle, holder=region(RT001)),
        meeting={"B6": "31/02/2026", "B7": None},
        proposals=proposals,
        people=people,
    )
    before = counts()

    with pytest.raises(SpreadsheetInvalid) as raised:
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=file)

    lines = raised.value.lines()
    expected = [
        "Rembug, baris 6, kolom B (Tanggal): bukan tanggal",
        "Rembug, baris 7, kolom B (Tempat): wajib diisi",
        "Usulan, baris 2, kolom F (Volume): harus angka lebih dari nol",
        'Usulan, baris 3, kolom E (Kode kamus usulan): kode "X-999" tidak ada di kamus usulan',
        "Usulan, baris 4, kolom A (Peringkat): peringkat 2 sudah dipakai di baris 3",
        "Usulan, baris 4, kolom B (Judul): wajib diisi",
        "Usulan, baris 4, kolom I (Bujur): isi lintang dan bujur bersama-sama",
        "Usulan, baris 4, kolom K–Q (Rencana pendanaan): jumlah pendanaan Rp29.000.000 tidak sama dengan volume × "
        "harga satuan = 20 m × Rp1.500.000 = Rp30.000.000",
        "Peserta, baris 2, kolom B (Jenis kelamin): isi P (perempuan) atau L (laki-laki)",
        'Peserta, baris 2, kolom C (Kelompok umur): isian "tua" tidak dikenal',
        "Peserta, baris 2, kolom D (Kelompok): kelompok tidak dikenal: tokoh",
        "Peserta, baris 2, kolom F (Delegasi): isi ya atau tidak",
        'Peserta, baris 2, kolom F (Delegasi): tandai "ya" bagi sedikitnya satu peserta',
    ]
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):  # sheet by sheet, row by row, left to right
        assert line.startswith(start), (line, start)
    assert counts() == before and not FundingShare.objects.exists()


def test_ranks_run_from_one_to_the_number_of_proposals_without_gaps(operator, cycle, region, items):
    paving, _drain = items
    proposals = [usulan(1, "A", paving.code, 1, apbd_kota=150_000), usulan(3, "B", paving.code, 1, swadaya=150_000)]
    _proposals, people = valid_rows(items)
    file = fill(paper_template_xlsx(cycle=cycle, holder=region(RT001)), proposals=proposals, people=people)

    with pytest.raises(SpreadsheetInvalid) as raised:
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=file)

    assert raised.value.lines() == [
        "Usulan, baris 3, kolom A (Peringkat): harus 1 sampai 2 (jumlah usulan), tanpa loncatan"
    ]


def test_a_rembug_needs_at_least_one_attendee_and_one_delegate(operator, cycle, region, items):
    proposals, people = valid_rows(items)
    template = paper_template_xlsx(cycle=cycle, holder=region(RT001))
    no_delegate = [[*person[:5], "tidak"] for person in people]

    with pytest.raises(SpreadsheetInvalid) as nobody:
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=fill(template, proposals=proposals))
    with pytest.raises(SpreadsheetInvalid) as no_one_elected:
        paper_import(
            actor=operator,
            cycle=cycle,
            holder=region(RT001),
            file=fill(template, proposals=proposals, people=no_delegate),
        )

    assert nobody.value.lines() == ["Peserta, baris 2, kolom A (Nama): catat sedikitnya satu peserta yang hadir"]
    assert no_one_elected.value.lines()[0].startswith('Peserta, baris 2, kolom F (Delegasi): tandai "ya"')


def test_a_template_of_another_holder_is_not_imported_into_this_one(operator, cycle, region, items):
    proposals, people = valid_rows(items)
    file = fill(paper_template_xlsx(cycle=cycle, holder=region(RT002)), proposals=proposals, people=people)

    with pytest.raises(SpreadsheetInvalid) as raised:
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=file)

    assert raised.value.lines()[0].startswith("Rembug, baris 4, kolom B (Kode unit): berkas ini bukan templat RT")


def test_a_service_refusal_rolls_back_the_whole_import(operator, cycle, region, items):
    proposals, people = valid_rows(items)
    people[3][3] = None  # nobody declared difabel or kelompok rentan, and none were counted
    file = fill(paper_template_xlsx(cycle=cycle, holder=region(RT001)), proposals=proposals, people=people)
    before = counts()

    # The file is valid, but finalizing refuses the inclusion gap unless acknowledged: nothing stays saved.
    with pytest.raises(DomainError, match="kurang terwakili"):
        paper_import(
            actor=operator, cycle=cycle, holder=region(RT001), file=file, finalize=True, accept_inclusion_gaps=False
        )

    assert counts() == before
    result = paper_import(
        actor=operator, cycle=cycle, holder=region(RT001), file=file, finalize=True, accept_inclusion_gaps=True
    )
    assert result.finalized


@pytest.mark.parametrize(("role", "code"), [("ketua_rt", RT002), ("operator_kelurahan", "35.73.05.1004")])
def test_only_the_holders_chair_or_its_kelurahan_staff_may_import(person, cycle, region, filled, role, code):
    with pytest.raises(NotAllowed):
        paper_import(actor=person(role, code), cycle=cycle, holder=region(RT001), file=filled)
    assert not Meeting.objects.exists()


def test_the_rt_chair_may_import_the_paper_rembug_of_their_own_rt(person, cycle, region, filled):
    result = paper_import(actor=person("ketua_rt", RT001), cycle=cycle, holder=region(RT001), file=filled)
    assert result.proposals == 3


def test_a_file_that_is_not_xlsx_is_refused(operator, cycle, region):
    with pytest.raises(DomainError, match="bukan berkas Excel"):
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=b"Nama;Jenis kelamin\nSiti;P\n")


def test_a_finalized_rembug_is_corrected_by_a_revision_not_an_upload(operator, cycle, region, filled):
    paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=filled, finalize=True)
    with pytest.raises(Frozen, match="revisi"):
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=filled)


def test_a_holder_with_proposals_in_the_app_continues_online(operator, cycle, region, items, filled):
    proposal_create(
        actor=operator,
        cycle=cycle,
        proposer=region(RT001),
        title="Paving",
        problem="Rusak",
        idea="Perbaiki",
        item=items[0],
        volume=10,
        address="RT 001",
    )
    before = counts()
    with pytest.raises(DomainError, match="sudah memiliki usulan"):
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=filled)
    assert counts() == before


def test_a_pokmas_rembug_can_be_entered_from_paper(operator, cycle, region, items):
    pokmas = CommunityGroup.objects.create(kind="pokmas", name="Sejahtera", region=region(KELURAHAN))
    proposals, people = valid_rows(items)
    file = fill(
        paper_template_xlsx(cycle=cycle, holder=pokmas),
        proposals=proposals,
        people=people,
        meeting={"B6": today().strftime("%d/%m/%Y")},
    )

    result = paper_import(actor=operator, cycle=cycle, holder=pokmas, file=file)

    meeting = Meeting.objects.get(pk=result.meeting_id)
    assert meeting.kind == MeetingKind.REMBUG_POKMAS and meeting.holder_group == pokmas
    assert meeting.held_on == today() and Proposal.objects.filter(proposer_group=pokmas).count() == 3


def test_the_template_dropdowns_offer_the_city_dictionary_codes_valid_that_year(cycle, region, malang, batu, items):
    retired = dictionary_item(malang, name="Kegiatan lama", active_until=cycle.year - 1)
    elsewhere = dictionary_item(batu, name="Paving di Kota Batu")
    book = load_workbook(io.BytesIO(paper_template_xlsx(cycle=cycle, holder=region(RT001))))

    assert book.sheetnames == ["Petunjuk", "Rembug", "Usulan", "Peserta", "Jumlah tanpa nama", "Pilihan"]
    assert book["Pilihan"].sheet_state == "hidden"
    assert "RT 001" in book["Rembug"]["A1"].value and str(cycle.year) in book["Rembug"]["A1"].value
    usulan_sheet = book["Usulan"]
    assert usulan_sheet["F1"].value == "Volume" and usulan_sheet.freeze_panes == "A2"
    code_list = next(v for v in usulan_sheet.data_validations.dataValidation if "E2" in str(v.sqref))
    assert code_list.type == "list" and code_list.formula1.startswith("'Pilihan'!$A$2:$A$")
    last_row = int(code_list.formula1.rsplit("$", 1)[1])
    listed = [book["Pilihan"][f"A{row}"].value for row in range(2, last_row + 1)]
    assert {item.code for item in items} <= set(listed)
    assert retired.code not in listed and elsewhere.code not in listed
    gender = next(v for v in book["Peserta"].data_validations.dataValidation if "B2" in str(v.sqref))
    assert [book["Pilihan"][f"F{row}"].value for row in (2, 3)] == ["P", "L"] and gender.type == "list"
    assert usulan_sheet["K2"].number_format == '"Rp "#,##0'


def test_the_operator_uploads_a_paper_rembug_from_the_page_and_sees_every_bad_cell(
    client, operator, cycle, region, items, filled
):
    client.force_login(operator)
    template = client.get("/rembug/kertas/", {"holder": RT001})
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    proposals, people = valid_rows(items)
    proposals[0][5] = "banyak"
    bad = io.BytesIO(fill(template.content, proposals=proposals, people=people))
    bad.name = "rembug.xlsx"
    before = counts()
    page = client.post("/rembug/kertas/", {"holder": RT001, "file": bad})
    assert "Usulan, baris 2, kolom F (Volume)" in page.text and counts() == before
    good = io.BytesIO(filled)
    good.name = "rembug.xlsx"
    done = client.post("/rembug/kertas/", {"holder": RT001, "file": good}, follow=True)
    assert "Hasil Rembug tersimpan: 3 usulan" in done.text


def test_an_rt_chair_has_no_paper_upload_page(client, person):
    client.force_login(person("ketua_rt", RT001))
    assert client.get("/rembug/kertas/").status_code == 404


def test_the_paper_rembug_goes_through_the_api_too(client, operator, filled):
    client.force_login(operator)
    assert client.get("/api/v1/meetings/paper-template", {"holder": RT001}).status_code == 200
    upload = io.BytesIO(filled)
    upload.name = "rembug.xlsx"
    answer = client.post("/api/v1/meetings/paper-import", {"holder": RT001, "file": upload, "finalize": "true"})
    assert answer.status_code == 201 and answer.json()["finalized"] is True


@pytest.mark.parametrize("volume", ["1e308", "1e12", "NaN", "Infinity", "-inf"])
def test_an_absurd_volume_is_named_not_a_crash(operator, cycle, region, items, volume):
    """Found by the hostile-file proof: 1e308 could not be rounded to cents and raised instead of being named."""
    paving, _ = items
    file = fill(
        paper_template_xlsx(cycle=cycle, holder=region(RT001)),
        proposals=[usulan(1, "Paving gang Melati", paving.code, volume, apbd_kota=15_000_000)],
        people=[["Siti Aminah", "P", "dewasa", "tokoh_masyarakat", "Ketua RT", "ya"]],
    )
    before = counts()
    with pytest.raises(SpreadsheetInvalid) as raised:
        paper_import(actor=operator, cycle=cycle, holder=region(RT001), file=file)
    assert any(line.startswith("Usulan, baris 2, kolom F (Volume)") for line in raised.value.lines())
    assert counts() == before
