"""Imports name agencies as SIPD does ("Kecamatan Klojen", full dinas names) and name the row when none matches."""

import io

import pytest
from openpyxl import load_workbook

from rembug.agencies.models import Agency
from rembug.proposals.dictionary import dictionary_export_xlsx, dictionary_import_xlsx, dictionary_load_csv
from rembug.proposals.models import DictionaryItem
from rembug.spreadsheets import SpreadsheetInvalid

pytestmark = pytest.mark.django_db


def with_rows(xlsx: bytes, rows: list[list]) -> bytes:
    workbook = load_workbook(io.BytesIO(xlsx))
    for row in rows:
        workbook["Kamus usulan"].append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def item(code: str, agency: str) -> list:
    return [code, f"Kegiatan {code}", "sarana_umum", "jalan", agency, "m²", 100_000, "kota", "", 2027, None]


@pytest.fixture
def template(malang):
    dictionary_load_csv(city=malang)
    return dictionary_export_xlsx(city=malang)


def test_the_dictionary_import_takes_sipds_full_names_offices_and_aliases(template, malang, person):
    archives = Agency.objects.create(
        city=malang, code="2.24", short_name="Dispussipda", name="Dinas Perpustakaan Umum dan Arsip Daerah"
    )
    archives.aliases = ["Dinas Kearsipan dan Perpustakaan"]
    archives.save()
    xlsx = with_rows(
        template,
        [
            item("SIPD-1", "Dinas Kearsipan dan Perpustakaan"),
            item("SIPD-2", "KECAMATAN KLOJEN"),
            item("SIPD-3", "Kelurahan  Dinoyo"),
            item("SIPD-4", "Dinas Koperasi, Perindustrian dan Perdagangan"),
            item("SIPD-5", "kec. lowokwaru"),
        ],
    )
    bappeda = person("bappeda", "35.73")
    result = dictionary_import_xlsx(actor=bappeda, city=malang, file=io.BytesIO(xlsx))
    assert result.created == 5
    got = dict(DictionaryItem.objects.filter(city=malang, code__startswith="SIPD-").values_list("code", "agency__name"))
    assert got == {
        "SIPD-1": "Dinas Perpustakaan Umum dan Arsip Daerah",
        "SIPD-2": "Kecamatan Klojen",
        "SIPD-3": "Kelurahan Dinoyo",
        "SIPD-4": "Dinas Koperasi, Perindustrian dan Perdagangan",
        "SIPD-5": "Kecamatan Lowokwaru",
    }


def test_an_unknown_or_ambiguous_agency_is_named_by_row_and_column_and_nothing_is_saved(template, malang, person):
    for short in ("DLH", "Dishub"):
        agency = Agency.objects.get(city=malang, short_name=short)
        agency.aliases = ["Dinas Teknis"]
        agency.save()
    rows = len(list(load_workbook(io.BytesIO(template), read_only=True)["Kamus usulan"].iter_rows()))
    xlsx = with_rows(template, [item("SIPD-1", "Dinas Kearsipan dan Perpustakaan"), item("SIPD-2", "Dinas Teknis")])
    count = DictionaryItem.objects.count()
    with pytest.raises(SpreadsheetInvalid) as refused:
        dictionary_import_xlsx(actor=person("bappeda", "35.73"), city=malang, file=io.BytesIO(xlsx))
    first, second = refused.value.lines()
    assert first.startswith(f"Baris {rows + 1}, kolom E (Perangkat daerah): ")
    assert "“Dinas Kearsipan dan Perpustakaan”" in first and "alias" in first
    assert second.startswith(f"Baris {rows + 2}, kolom E (Perangkat daerah): ")
    assert "lebih dari satu" in second and "DLH" in second and "Dishub" in second
    assert DictionaryItem.objects.count() == count
