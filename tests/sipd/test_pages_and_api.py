"""SIPD in the web pages and the API: each person downloads their own region's list; Bappeda and kelurahan staff
import, every bad cell listed by row and column and nothing written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from rembug.proposals.models import Proposal
from rembug.sipd.export import sipd_export

from .conftest import KEC, KEL, PAST, RT001, cells, xlsx

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ids(data: bytes) -> set[str]:
    return {row[1] for row in cells(data)[1:]}


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("sipd.xlsx", data, content_type=XLSX)


def test_kelurahan_kecamatan_and_bappeda_download_their_own_regions_list(client, person, year):
    own, other = year.proposals["refused"].number, year.proposals["other"].number
    for role, code, expected, absent in (
        ("operator_kelurahan", KEL, own, other),
        ("camat", KEC, other, None),
        ("bappeda", "35.73", other, None),
    ):
        client.force_login(person(role, code))
        page = client.get("/sipd/")
        assert page.status_code == 200 and "Daftar usulan SIPD" in page.text and f"/sipd/{PAST}/" in page.text
        answer = client.get(f"/sipd/{PAST}/usulan-sipd.xlsx")
        assert answer.status_code == 200 and answer["Content-Type"] == XLSX
        found = ids(answer.content)
        assert expected in found and (absent is None or absent not in found)
    client.force_login(person("ketua_rt", RT001))
    assert client.get(f"/sipd/{PAST}/usulan-sipd.xlsx").status_code == 404


def test_the_camat_downloads_but_may_not_import(client, person, year):
    client.force_login(person("camat", KEC))
    assert "Impor daftar usulan dari SIPD" not in client.get("/sipd/").text
    answer = client.post("/sipd/", {"year": PAST, "file": upload(b"x")})
    assert answer.status_code == 404


def test_bappeda_imports_from_the_page_and_sees_every_bad_cell(client, person, malang, year):
    first = sipd_export(city=malang, year=PAST)
    Proposal.objects.filter(cycle=year.cycle).delete()
    year.cycle.delete()
    client.force_login(person("bappeda", "35.73"))
    rows = [list(row) for row in cells(first)]
    rows[2][rows[0].index("Satuan")] = "hektar"
    bad = client.post("/sipd/", {"year": PAST, "file": upload(xlsx(rows))})
    assert bad.status_code == 200 and "Baris 3, kolom W (Satuan): Satuan “hektar” tidak dikenal." in bad.text
    assert not Proposal.objects.filter(city=malang, cycle__year=PAST).exists()
    good = client.post("/sipd/", {"year": PAST, "file": upload(first)}, follow=True)
    assert "6 baru" in good.text
    assert cells(sipd_export(city=malang, year=PAST)) == cells(first)


def test_the_api_exports_and_imports_with_cell_errors_in_json(person, malang, year, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(person("bappeda", "35.73"))
    with django_assert_max_num_queries(12):
        answer = api.get(f"/api/v1/sipd/usulan.xlsx?year={PAST}")
    assert answer.status_code == 200 and len(ids(answer.content)) == 6
    first = answer.content
    Proposal.objects.filter(cycle=year.cycle).delete()
    year.cycle.delete()
    rows = [list(row) for row in cells(first)]
    rows[1][rows[0].index("Pengusul")] = "RT 777 RW 03"
    refused = api.post("/api/v1/sipd/import", {"year": PAST, "file": upload(xlsx(rows))}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "spreadsheet_invalid"
    assert refused.json()["errors"][0].startswith("Baris 2, kolom D (Pengusul)")
    dry = api.post("/api/v1/sipd/import", {"year": PAST, "file": upload(first), "dry_run": True}, format="multipart")
    assert dry.json()["created"] == 6 and dry.json()["dry_run"] is True
    assert not Proposal.objects.filter(city=malang, cycle__year=PAST).exists()
    done = api.post("/api/v1/sipd/import", {"year": PAST, "file": upload(first)}, format="multipart")
    assert done.status_code == 200 and (done.json()["created"], done.json()["cycle_created"]) == (6, True)


def test_the_api_refuses_the_camats_import_and_the_rt_chairs_export(person, year):
    api = APIClient()
    api.force_authenticate(person("camat", KEC))
    refused = api.post("/api/v1/sipd/import", {"year": PAST, "file": upload(b"x")}, format="multipart")
    assert refused.status_code == 403
    api.force_authenticate(person("ketua_rt", RT001))
    assert api.get(f"/api/v1/sipd/usulan.xlsx?year={PAST}").status_code == 404
