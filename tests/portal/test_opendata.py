"""Open data: every file parses back to the database's numbers, holds no personal data, and is read in a fixed
number of queries however large the city."""

import pytest
from django.db.models import Sum

from rembug.forums.models import Meeting, MeetingStatus
from rembug.forums.services import inclusion_of
from rembug.portal.opendata import DATASETS, read_back
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent

from .conftest import SECRET_DELEGATE, SECRET_NAME

pytestmark = pytest.mark.django_db
FORMATS = ("csv", "json", "xlsx")
PERSONAL = {
    "nama",
    "name",
    "telepon",
    "phone",
    "hp",
    "nik",
    "email",
    "jabatan",
    "position",
    "pimpinan",
    "chair",
    "delegasi",
    "peserta_nama",
    "alamat",
}


def download(client, url, **params) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def public():
    return Proposal.objects.exclude(status__in=(Status.DRAFT, Status.WITHDRAWN))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_proposals_file_has_every_public_proposal_and_the_same_total_cost(client, world, fmt):
    rows = read_back(download(client, f"/portal/data/usulan.{fmt}"), fmt)
    assert len(rows) == public().count() == len(world.proposals) - 2
    assert sum(int(r["biaya"]) for r in rows) == public().aggregate(s=Sum("estimated_cost"))["s"]
    numbers = {r["nomor"] for r in rows}
    assert world.draft.number not in numbers and world.withdrawn.number not in numbers
    repeated = next(r for r in rows if r["nomor"] == world.repeated.number)
    assert int(repeated["usulan_ke"]) == 3 and repeated["status"] == "agreed"
    assert repeated["pengusul"] == "RW 03 / RT 001" and repeated["kecamatan"] == "Lowokwaru"
    assert repeated["perangkat_daerah"] == "DPUPRPKP"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_status_history_file_has_every_transition_of_public_proposals(client, world, fmt):
    rows = read_back(download(client, f"/portal/data/riwayat-status.{fmt}"), fmt)
    expected = ProposalEvent.objects.filter(kind="transition", proposal__in=public())
    assert len(rows) == expected.count()
    built = [r for r in rows if r["nomor"] == world.built.number]
    assert [r["ke"] for r in built][-1] == "done" and built[-1]["alasan"] == "Lanjut: Selesai dibangun"
    assert not {r["nomor"] for r in rows} & {world.draft.number, world.withdrawn.number}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_forums_file_counts_participants_by_group(client, world, fmt, settings):
    rows = read_back(download(client, f"/portal/data/forum.{fmt}"), fmt)
    assert len(rows) == Meeting.objects.filter(status=MeetingStatus.FINALIZED).count() == 1
    summary = inclusion_of(world.meeting)
    row = rows[0]
    assert int(row["jumlah_peserta"]) == summary.total
    for group, number in summary.by_group.items():
        assert int(row[f"peserta_{group}"]) == number
    assert row["halaman"] == f"{settings.REMBUG_SITE_URL}/portal/forum/{world.meeting.pk}/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_file_holds_personal_data(client, world, fmt):
    for slug, dataset in DATASETS.items():
        content = download(client, f"/portal/data/{slug}.{fmt}")
        assert not PERSONAL & set(dataset.header)
        rows = read_back(content, fmt)
        assert not PERSONAL & set(rows[0])
        text = repr(rows)
        for secret in (SECRET_NAME, SECRET_DELEGATE, "Rina Pemudi", "mengawal usulan prioritas"):
            assert secret not in text, (slug, secret)
        if fmt != "xlsx":
            assert SECRET_NAME.encode() not in content


def test_files_can_be_narrowed_to_a_region_and_a_year(client, world):
    rows = read_back(download(client, "/portal/data/usulan.csv", region="35.73.01"), "csv")
    assert [r["nomor"] for r in rows] == [world.elsewhere.number]
    rows = read_back(download(client, "/portal/data/usulan.json", year=world.years[0]), "json")
    assert {r["tahun"] for r in rows} == {world.years[0]}
    assert client.get("/portal/data/usulan.csv", {"region": "99"}).status_code == 404
    assert client.get("/portal/data/tidak-ada.csv").status_code == 404
    assert client.get("/portal/data/usulan.pdf").status_code == 404


def test_the_rest_api_serves_the_same_files(client, world):
    csv_rows = read_back(download(client, "/api/v1/open-data/usulan.csv"), "csv")
    xlsx_rows = read_back(download(client, "/api/v1/open-data/usulan", format="xlsx"), "xlsx")
    json_rows = read_back(download(client, "/api/v1/open-data/usulan"), "json")
    assert len(csv_rows) == len(xlsx_rows) == len(json_rows) == public().count()
    catalogue = client.get("/api/v1/open-data").json()
    assert {d["dataset"] for d in catalogue} == set(DATASETS)
    assert client.get("/api/v1/open-data/forum", {"format": "pdf"}).status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/open-data/{dataset}.{fmt}" in schema["paths"]


def test_the_data_page_describes_every_column_in_indonesian(client, world):
    page = client.get("/portal/data/").text
    for dataset in DATASETS.values():
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page
    assert "Perkiraan biaya dalam rupiah" in page


def test_a_file_is_read_in_one_query_whatever_its_size(
    client, world, person, region, malang, django_assert_max_num_queries
):
    from .test_pages import _more_data

    def read_all():
        for slug in DATASETS:
            for fmt in FORMATS:
                with django_assert_max_num_queries(2):
                    download(client, f"/portal/data/{slug}.{fmt}")

    read_all()
    _more_data(world, person, region, malang)
    read_all()
    assert len(read_back(download(client, "/portal/data/usulan.csv"), "csv")) == public().count()
