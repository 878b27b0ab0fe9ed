"""Proposal, dictionary and public pages: who sees what, and a resident tracking a proposal by number."""

import io

import pytest
from openpyxl import load_workbook

from rembug.proposals.dictionary import dictionary_load_csv
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


@pytest.fixture
def agreed(person, region, cycle, malang):
    chair = person("ketua_rt", RT001)
    proposal = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Saluran Jl. Kenanga",
        problem="Banjir tiap hujan",
        idea="Saluran baru",
        item=dictionary_item(malang),
        volume=10,
        address="Jl. Kenanga",
    )
    walk(proposal, Status.AGREED, reason="Peringkat 1.")
    proposal.chair = chair
    return proposal


def test_a_resident_finds_a_proposal_by_its_number_and_sees_its_history(client, agreed):
    response = client.get("/cari/", {"q": agreed.number}, follow=True)
    assert response.status_code == 200
    assert "Saluran Jl. Kenanga" in response.text and "Peringkat 1." in response.text
    assert "ketua_rt" not in response.text  # no account names on public pages


def test_a_resident_finds_proposals_by_words(client, agreed):
    assert agreed.number in client.get("/cari/", {"q": "kenanga"}).text


def test_drafts_are_not_public(client, person, region, cycle, malang):
    draft = proposal_create(
        actor=person("ketua_rt", RT001),
        cycle=cycle,
        proposer=region(RT001),
        title="Rahasia",
        problem="x",
        idea="y",
        item=dictionary_item(malang),
        volume=1,
        address="a",
    )
    assert client.get(f"/cari/{draft.number}/").status_code == 404


def test_another_rt_chair_cannot_open_the_proposal_page(client, person, agreed):
    client.force_login(person("ketua_rt", "35.73.05.1011.03.002"))
    assert client.get(f"/usulan/{agreed.number}/").status_code == 404
    client.force_login(agreed.chair)
    assert client.get(f"/usulan/{agreed.number}/").status_code == 200


def test_an_agreed_proposal_cannot_be_edited_from_its_page(client, agreed):
    client.force_login(agreed.chair)
    page = client.get(f"/usulan/{agreed.number}/").text
    assert "Ubah usulan" not in page


def test_the_proposal_list_query_count_is_bounded(client, person, region, cycle, malang, django_assert_max_num_queries):
    chair = person("ketua_rt", RT001)
    item = dictionary_item(malang)
    for n in range(12):
        proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=f"Usulan {n}",
            problem="x",
            idea="y",
            item=item,
            volume=1,
            address="a",
        )
    client.force_login(chair)
    with django_assert_max_num_queries(12):
        assert client.get("/usulan/").status_code == 200


def test_bappeda_downloads_the_dictionary_and_a_bad_upload_lists_every_bad_cell(client, person, malang):
    dictionary_load_csv(city=malang)
    client.force_login(person("bappeda", "35.73"))
    download = client.get("/kamus/kamus-usulan.xlsx")
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    sheet["G2"] = "mahal"
    sheet["E3"] = "Dinas Tidak Ada"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "kamus.xlsx"
    response = client.post("/kamus/", {"file": buffer})
    assert "Baris 2, kolom G" in response.text and "Baris 3, kolom E" in response.text
    assert "tidak ada data yang disimpan" in response.text


def test_an_rt_chair_reads_the_dictionary_but_cannot_upload(client, person, malang):
    dictionary_load_csv(city=malang)
    client.force_login(person("ketua_rt", RT001))
    page = client.get("/kamus/").text
    assert "Paving" in page and "Unggah kamus" not in page
