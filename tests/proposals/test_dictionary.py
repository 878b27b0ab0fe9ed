"""The proposal dictionary in files: the shipped CSV, and the Excel template Bappeda downloads, edits and uploads."""

import csv
import io

import pytest
from openpyxl import load_workbook

from rembug.agencies.models import Agency
from rembug.errors import DomainError, NotAllowed
from rembug.proposals.choices import CATEGORY_FIELD, Category
from rembug.proposals.dictionary import (
    COLUMNS,
    dictionary_export_xlsx,
    dictionary_import_xlsx,
    dictionary_load_csv,
    shipped_csv_path,
)
from rembug.proposals.models import DictionaryItem
from rembug.spreadsheets import SpreadsheetInvalid

pytestmark = pytest.mark.django_db


def snapshot(city) -> dict[str, tuple]:
    return {
        item.code: (
            item.name,
            item.field,
            item.category,
            item.agency_id,
            item.unit,
            item.unit_price,
            item.authority,
            item.nomenclature_code,
            item.active_from,
            item.active_until,
            item.version,
        )
        for item in DictionaryItem.objects.filter(city=city)
    }


def edited(xlsx: bytes, cells: dict[str, object], *, append: list | None = None) -> bytes:
    """The workbook with some cells overwritten (and maybe a row added), as a person editing it in Excel would."""
    workbook = load_workbook(io.BytesIO(xlsx))
    sheet = workbook["Kamus usulan"]
    for address, value in cells.items():
        sheet[address] = value
    if append:
        sheet.append(append)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row_of(xlsx: bytes, code: str) -> int:
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True)["Kamus usulan"]
    return next(number for number, row in enumerate(sheet.iter_rows(values_only=True), start=1) if row[0] == code)


@pytest.fixture
def loaded(malang):
    dictionary_load_csv(city=malang)
    return malang


@pytest.fixture
def bappeda(person):
    return person("bappeda", "35.73")


def test_the_shipped_dictionary_covers_every_category_with_agencies_of_the_city(malang):
    with shipped_csv_path().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert 40 <= len(rows) <= 60
    assert list(rows[0]) == [column.key for column in COLUMNS]
    assert {row["category"] for row in rows} == set(Category.values)
    assert len({row["code"] for row in rows}) == len(rows)
    agencies = set(Agency.objects.filter(city=malang).values_list("short_name", flat=True))
    for row in rows:
        assert row["agency"] in agencies, row["code"]
        assert CATEGORY_FIELD.get(row["category"], row["field"]) == row["field"], row["code"]
        assert int(row["unit_price"]) > 0 and row["active_from"] == "2025"
    assert dictionary_load_csv(city=malang) == len(rows)
    assert DictionaryItem.objects.filter(city=malang).count() == len(rows)


def test_loading_the_shipped_dictionary_twice_changes_nothing(loaded):
    before = snapshot(loaded)
    assert dictionary_load_csv(city=loaded) == 0
    assert snapshot(loaded) == before
    assert {values[-1] for values in before.values()} == {1}


def test_a_changed_csv_line_updates_its_item_and_raises_the_version(loaded, tmp_path):
    text = shipped_csv_path().read_text(encoding="utf-8").replace(",m²,150000,", ",m²,165000,", 1)
    changed = tmp_path / "kamus.csv"
    changed.write_text(text, encoding="utf-8")
    assert dictionary_load_csv(city=loaded, path=changed) == 1
    item = DictionaryItem.objects.get(city=loaded, code="JLN-01")
    assert (item.unit_price, item.version) == (165_000, 2)


def test_an_export_imported_again_changes_nothing(loaded, bappeda):
    before = snapshot(loaded)
    result = dictionary_import_xlsx(actor=bappeda, city=loaded, file=dictionary_export_xlsx(city=loaded))
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(before))
    assert snapshot(loaded) == before


def test_the_export_is_a_template_with_indonesian_headers_dropdowns_and_a_hidden_choices_sheet(loaded):
    workbook = load_workbook(io.BytesIO(dictionary_export_xlsx(city=loaded)))
    sheet = workbook["Kamus usulan"]
    assert [cell.value for cell in sheet[1]] == [
        "Kode",
        "Nama kegiatan",
        "Bidang",
        "Kategori",
        "Perangkat daerah",
        "Satuan",
        "Harga satuan (Rp)",
        "Kewenangan",
        "Kode nomenklatur",
        "Berlaku mulai",
        "Berlaku sampai",
    ]
    assert sheet.freeze_panes == "A2"
    assert workbook["Pilihan"].sheet_state == "hidden"
    validated = {str(dv.sqref).split(":")[0] for dv in sheet.data_validations.dataValidation}
    assert validated == {"C2", "D2", "E2", "H2"}
    paving = sheet[row_of(dictionary_export_xlsx(city=loaded), "JLN-01")]
    assert (paving[2].value, paving[3].value, paving[4].value, paving[7].value) == (
        "sarana_umum",
        "jalan",
        "DPUPRPKP",
        "kelurahan",
    )
    assert paving[6].value == 150_000 and "#,##0" in paving[6].number_format


def test_an_export_for_a_year_leaves_out_items_not_valid_that_year(loaded):
    DictionaryItem.objects.filter(city=loaded, code="JLN-06").update(active_until=2026)
    codes = [
        row[0]
        for row in load_workbook(io.BytesIO(dictionary_export_xlsx(city=loaded, year=2027)))["Kamus usulan"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert "JLN-06" not in codes and "JLN-01" in codes


def test_a_bad_cell_is_reported_by_row_and_column_and_nothing_is_saved(loaded, bappeda):
    xlsx = dictionary_export_xlsx(city=loaded)
    paving, asphalt, umkm, well = (row_of(xlsx, code) for code in ("JLN-01", "JLN-03", "UMK-01", "AIR-01"))
    bad = edited(
        xlsx,
        {
            f"G{paving}": 99_000,  # a valid change: must not be saved while other rows are wrong
            f"G{asphalt}": "seratus ribu",
            f"E{asphalt}": "Dinas Entah",
            f"D{umkm}": "jalan",
            f"B{well}": None,
            f"K{well}": 2024,
        },
        append=["JLN-01", "Paving dobel", "sarana_umum", "jalan", "DPUPRPKP", "m²", 1, "kota", "", 2025, None],
    )
    count, before = DictionaryItem.objects.count(), snapshot(loaded)

    with pytest.raises(SpreadsheetInvalid) as refused:
        dictionary_import_xlsx(actor=bappeda, city=loaded, file=bad)

    lines = refused.value.lines()
    added = len(list(load_workbook(io.BytesIO(xlsx), read_only=True)["Kamus usulan"].iter_rows())) + 1
    assert (
        f"Baris {asphalt}, kolom G (Harga satuan (Rp)): harus bilangan bulat positif (0 atau kosong: tanpa harga)"
        in lines
    )
    assert any(
        line.startswith(f"Baris {asphalt}, kolom E (Perangkat daerah): ") and "Dinas Entah" in line for line in lines
    )
    assert f"Baris {umkm}, kolom D (Kategori): kategori jalan termasuk bidang sarana_umum, bukan ekonomi" in lines
    assert f"Baris {well}, kolom B (Nama kegiatan): wajib diisi" in lines
    assert f"Baris {well}, kolom K (Berlaku sampai): tidak boleh sebelum tahun berlaku mulai (2025)" in lines
    assert f"Baris {added}, kolom A (Kode): kode JLN-01 sudah dipakai di baris {paving}" in lines
    assert len(lines) == 6
    assert "6 kesalahan" in refused.value.message
    assert DictionaryItem.objects.count() == count
    assert snapshot(loaded) == before
    assert DictionaryItem.objects.get(city=loaded, code="JLN-01").unit_price == 150_000


def test_a_valid_import_creates_new_codes_and_versions_changed_items(loaded, bappeda):
    xlsx = dictionary_export_xlsx(city=loaded)
    changed = edited(
        xlsx,
        {f"G{row_of(xlsx, 'JLN-01')}": "Rp 160.000"},
        append=[
            "JLN-99",
            "Paving blok taman",
            "sarana_umum",
            "jalan",
            "dpuprpkp",
            "m²",
            170000,
            "Kewenangan kota",
            "1.03.10.2.01.0019",
            2027,
            None,
        ],
    )
    result = dictionary_import_xlsx(actor=bappeda, city=loaded, file=io.BytesIO(changed))
    assert (result.created, result.updated) == (1, 1)
    assert "1 kegiatan baru" in result.message
    paving = DictionaryItem.objects.get(city=loaded, code="JLN-01")
    assert (paving.unit_price, paving.version) == (160_000, 2)
    new = DictionaryItem.objects.select_related("agency").get(city=loaded, code="JLN-99")
    assert (new.agency.short_name, new.authority, new.active_from, new.version) == ("DPUPRPKP", "kota", 2027, 1)


def test_the_city_administrator_may_import_too(loaded, person):
    admin = person("admin", "35.73")
    assert dictionary_import_xlsx(actor=admin, city=loaded, file=dictionary_export_xlsx(city=loaded)).updated == 0


def test_bappeda_of_another_city_may_not_import_malangs_dictionary(loaded, person):
    batu_planner = person("bappeda", "35.79")
    with pytest.raises(NotAllowed, match="Kota Malang"):
        dictionary_import_xlsx(actor=batu_planner, city=loaded, file=dictionary_export_xlsx(city=loaded))


def test_an_rt_chair_may_not_import_the_dictionary(loaded, person):
    chair = person("ketua_rt", "35.73.05.1011.03.001")
    with pytest.raises(NotAllowed):
        dictionary_import_xlsx(actor=chair, city=loaded, file=dictionary_export_xlsx(city=loaded))


def test_a_file_that_is_not_xlsx_is_refused_with_a_clear_message(malang, bappeda):
    with pytest.raises(DomainError, match=r"bukan berkas Excel \(\.xlsx\)"):
        dictionary_import_xlsx(actor=bappeda, city=malang, file=b"Kode,Nama kegiatan\nJLN-01,Paving\n")
    with pytest.raises(DomainError, match=r"bukan berkas Excel"):
        dictionary_import_xlsx(actor=bappeda, city=malang, file=b"PK\x03\x04 not really a zip")


def test_a_file_over_five_megabytes_is_refused(malang, bappeda):
    with pytest.raises(DomainError, match="terlalu besar; ukuran maksimum 5 MB"):
        dictionary_import_xlsx(actor=bappeda, city=malang, file=io.BytesIO(b"PK\x03\x04" + b"0" * 5 * 1024 * 1024))


def test_a_file_without_a_name_column_says_which_column_is_missing(loaded, bappeda):
    xlsx = edited(dictionary_export_xlsx(city=loaded), {"B1": "Judul"})
    with pytest.raises(SpreadsheetInvalid) as refused:
        dictionary_import_xlsx(actor=bappeda, city=loaded, file=xlsx)
    assert refused.value.lines() == [
        "Baris 1, kolom B (Nama kegiatan): judul kolom tidak ditemukan; "
        "gunakan templat hasil unduhan atau ekspor kamus SIPD"
    ]


def test_exporting_takes_a_bounded_number_of_queries(loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        dictionary_export_xlsx(city=loaded)
