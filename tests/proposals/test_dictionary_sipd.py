"""A SIPD kamus export imports as it stands (issue 11, point 3): prices 0 and empty units, agencies by their full
names, SIPD's own words fed into the city's lists, unknown columns reported; all or nothing; a second import
updates and never duplicates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from rembug.agencies.models import Agency
from rembug.errors import NotAllowed
from rembug.proposals.choices import Category, Field
from rembug.proposals.dictionary import dictionary_import_file
from rembug.proposals.models import DictionaryItem
from rembug.regions.models import Region
from rembug.regions.services import RegionRow, regions_upsert
from rembug.spreadsheets import SpreadsheetInvalid
from rembug.vocabularies.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "sipd-kamus-kediri-sample.json"
FULL = Path(__file__).resolve().parents[3] / "shared" / "data" / "sipd-kamus-kab-kediri-2025.json"


def rows_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def kediri(db) -> Region:
    """Kabupaten Kediri with its agencies under short names of their own (SIPD names them in full)."""
    regions_upsert([RegionRow(code="35.06", name="Kabupaten Kediri", level="kabupaten")])
    city = Region.objects.get(code="35.06")
    rows = rows_of(FULL if FULL.exists() else SAMPLE)
    names = dict.fromkeys(row["nama_skpd"] for row in rows)
    for number, name in enumerate(names, start=1):
        # Codes of Rembug's own numbering: the SIPD name (any case, any spacing) is what must match.
        Agency.objects.create(city=city, code=f"K.{number:02d}", short_name=f"OPD{number:02d}", name=name.upper())
    return city


@pytest.fixture
def planner(person, kediri):
    return person("bappeda", "35.06")


def as_file(rows: list[dict]) -> bytes:
    return json.dumps(rows).encode()


def test_the_sipd_kamus_imports_every_row_with_prices_zero_and_no_units(kediri, planner):
    rows = rows_of(SAMPLE)
    result = dictionary_import_file(actor=planner, city=kediri, file=as_file(rows), filename="kamus.json")

    assert (result.created, result.updated, result.unchanged) == (len(rows), 0, 0)
    assert result.unknown_columns == []
    assert "63 kegiatan baru" in result.message and "Istilah baru di daftar kota" in result.message
    item = DictionaryItem.objects.select_related("agency", "affair", "spending_type", "program").get(
        city=kediri, sipd_id="169439"
    )
    assert item.name == "PENGELOLAAN ARSIP"  # SIPD's "{#BP}" tag is the kind of spending, not part of the name
    assert (item.code, item.unit, item.unit_price, item.active_from) == ("169439", "", None, 2025)
    assert item.agency.name == "DINAS KEARSIPAN DAN PERPUSTAKAAN"
    assert (item.affair.name, item.spending_type.code, item.program.name) == (
        "Kearsipan",
        "BP",
        "PROGRAM PENGELOLAAN ARSIP",
    )
    # Rembug's own lens for SIPD's items: "lainnya", the field from the urusan (decision 0029).
    assert (item.category, item.field) == (Category.LAINNYA, Field.SOCIAL_CULTURAL)
    fish = DictionaryItem.objects.filter(city=kediri, affair__name="Kelautan dan Perikanan").first()
    assert fish.field == Field.ECONOMIC
    assert Term.objects.filter(city=kediri, vocabulary=Vocabulary.PROPOSAL_TYPE, code="8").exists()
    assert not Term.objects.filter(city=kediri, vocabulary=Vocabulary.SPENDING_TYPE, name="BHB").exists()  # its code


@pytest.mark.skipif(not FULL.exists(), reason="the shared SIPD file is not on this machine")
def test_the_whole_real_kediri_kamus_imports_all_424_rows_without_an_error(kediri, planner):
    result = dictionary_import_file(actor=planner, city=kediri, file=FULL.read_bytes(), filename=FULL.name)
    assert (result.created, result.updated) == (424, 0)
    assert DictionaryItem.objects.filter(city=kediri).count() == 424
    assert Term.objects.filter(city=kediri, vocabulary=Vocabulary.AFFAIR).count() == 31
    assert Term.objects.filter(city=kediri, vocabulary=Vocabulary.PROGRAM).count() == 104


def test_a_second_import_updates_and_never_duplicates(kediri, planner):
    rows = rows_of(SAMPLE)
    dictionary_import_file(actor=planner, city=kediri, file=as_file(rows), filename="kamus.json")
    rows[0]["nama_program"] = "PROGRAM BARU"
    rows[1]["anggaran"] = 2_500_000
    rows[1]["satuan"] = "Paket"

    result = dictionary_import_file(actor=planner, city=kediri, file=as_file(rows), filename="kamus.json")

    assert (result.created, result.updated, result.unchanged) == (0, 2, len(rows) - 2)
    assert DictionaryItem.objects.filter(city=kediri).count() == len(rows)
    first = DictionaryItem.objects.get(city=kediri, sipd_id=str(rows[0]["id_kamus"]))
    assert (first.program.name, first.version) == ("PROGRAM BARU", 2)
    second = DictionaryItem.objects.get(city=kediri, sipd_id=str(rows[1]["id_kamus"]))
    assert (second.unit_price, second.unit) == (2_500_000, "paket")  # the unit list's own word


def test_one_bad_row_refuses_the_whole_file_naming_row_and_column(kediri, planner):
    rows = rows_of(SAMPLE)
    rows[4]["nama_skpd"] = "Dinas Entah"
    rows[6]["satuan"] = "ember"
    rows[7]["anggaran"] = -5

    with pytest.raises(SpreadsheetInvalid) as refused:
        dictionary_import_file(actor=planner, city=kediri, file=as_file(rows), filename="kamus.json")

    lines = refused.value.lines()
    assert any(
        line.startswith("Baris 5, kolom M (nama_skpd):") and "“Dinas Entah” tidak dikenal" in line for line in lines
    )
    unit_line = next(line for line in lines if line.startswith("Baris 7, kolom G (satuan): "))
    assert "“ember” tidak dikenal" in unit_line and "m²" in unit_line and "paket" in unit_line
    assert any(line.startswith("Baris 8, kolom H (anggaran): harus bilangan bulat positif") for line in lines)
    assert len(lines) == 3
    assert not DictionaryItem.objects.filter(city=kediri).exists()
    assert not Term.objects.filter(city=kediri, vocabulary=Vocabulary.PROGRAM).exists()


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HUMAN = ["Kode", "Nama Kegiatan", "Bidang", "Kategori", "Bidang Urusan", "Perangkat Daerah", "Satuan", "Harga"]
HUMAN += ["Jenis Belanja", "Sub Kegiatan", "Keterangan"]
K1 = ["Belanja Modal", "Pembangunan Jalan", "catatan"]


def test_an_excel_kamus_with_human_headers_feeds_the_citys_lists_and_reports_unknown_columns(kediri, planner):
    agency = Agency.objects.filter(city=kediri).first()
    data = workbook(
        [
            HUMAN,
            ["K-1", "Paving jalan desa", "SARPRAS", "Jalan", "Pekerjaan Umum", agency.name.lower(), "M2", 150000, *K1],
            ["K-2", "Pelatihan kader", "PM", "LK", "Sosial", f"  {agency.name}  ", "Orang", 0, "", "", ""],
        ]
    )
    result = dictionary_import_file(actor=planner, city=kediri, file=data, filename="kamus.xlsx")

    assert result.created == 2 and result.unknown_columns == ["Keterangan"]
    assert "Kolom tidak dikenal (diabaikan): Keterangan." in result.message
    paving = DictionaryItem.objects.get(city=kediri, code="K-1")
    assert (paving.unit, paving.unit_price, paving.category, paving.field) == ("m²", 150000, "jalan", "sarana_umum")
    assert paving.proposal_type.name == "SARPRAS"  # "Bidang" held a jenis usulan: the city's word, not an error
    assert (paving.affair.name, paving.spending_type.name, paving.sub_activity.name) == (
        "Pekerjaan Umum",
        "Belanja Modal",
        "Pembangunan Jalan",
    )
    training = DictionaryItem.objects.get(city=kediri, code="K-2")
    assert (training.unit, training.unit_price, training.proposal_type.name) == ("orang", None, "PM")
    assert training.sipd_category.name == "LK"
    assert (training.category, training.field) == ("lainnya", "ekonomi")  # PM: pemberdayaan masyarakat


def test_a_csv_kamus_is_accepted_too(kediri, planner):
    agency = Agency.objects.filter(city=kediri).first()
    data = (
        f"id_kamus,giat_teks,nama_skpd,satuan,anggaran,tahun\n901,{{#BHB}} HIBAH KELOMPOK,{agency.name},Unit,0,2026\n"
    )
    result = dictionary_import_file(actor=planner, city=kediri, file=data.encode(), filename="kamus.csv")
    item = DictionaryItem.objects.get(city=kediri, sipd_id="901")
    assert result.created == 1
    assert (item.name, item.unit, item.spending_type.name, item.active_from) == (
        "HIBAH KELOMPOK",
        "unit",
        "Belanja Hibah",
        2026,
    )


def test_only_the_citys_planners_import_a_sipd_kamus(kediri, person):
    chair = person("bappeda", "35.73")  # Bappeda of another city
    with pytest.raises(NotAllowed):
        dictionary_import_file(actor=chair, city=kediri, file=as_file(rows_of(SAMPLE)), filename="kamus.json")
