"""SIPD round trip (issue 11, point 5): the 26-column export, the import with SIPD's header variants, all or
nothing, re-import by ID Usulan, a past year created closed, carry-over continuing "usulan ke-n", and the proof
that export → import into an empty year → export gives the same cells."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rembug.agencies.models import Agency
from rembug.cycles.models import PlanningCycle
from rembug.cycles.selectors import today
from rembug.errors import NotAllowed
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.proposals.services import proposal_carry_over
from rembug.sipd.columns import HEADERS
from rembug.sipd.export import sipd_export
from rembug.sipd.services import sipd_import
from rembug.spreadsheets import SpreadsheetInvalid
from rembug.verification.models import Recommendation

from .conftest import KEC, KEL, PAST, RT001, a_day, cells, xlsx

pytestmark = pytest.mark.django_db

SIPD_HEADERS = [
    "No",
    "ID Usulan",
    "Tanggal Usul",
    "Pengusul",
    "Profil",
    "Usulan",
    "Masalah",
    "Alamat",
    "Kabupaten/Kota",
    "Kecamatan",
    "Kelurahan/Desa",
    "Usulan Ke",
    "OPD Tujuan Awal",
    "OPD Tujuan Akhir",
    "Status",
    "Catatan",
    "Rekomendasi Mitra",
    "Rekomendasi Kelurahan",
    "Rekomendasi Kecamatan",
    "Rekomendasi SKPD",
    "Rekomendasi TAPD",
    "Volume",
    "Satuan",
    "Anggaran",
    "Jenis Belanja",
    "Sub Kegiatan",
]


def by_id(rows: list[tuple]) -> dict[str, dict[str, object]]:
    header = rows[0]
    return {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_the_export_has_sipds_26_columns_in_sipds_order(malang, year):
    rows = cells(sipd_export(city=malang, year=PAST))
    assert list(rows[0]) == SIPD_HEADERS == list(HEADERS)
    assert all(len(row) == 26 for row in rows)


def test_every_proposal_that_reached_sipd_is_listed_with_its_status_in_sipds_words(malang, year):
    rows = by_id(cells(sipd_export(city=malang, year=PAST)))
    p = year.proposals
    status = {key: rows[p[key].number]["Status"] for key in ("rerouted", "refused", "outside", "funded", "pkk")}
    assert status == {
        "rerouted": "Diakomodir",
        "refused": "Tidak Diakomodir",
        "outside": "Tidak Diakomodir",
        "funded": "Diakomodir",
        "pkk": "Diakomodir",
    }
    assert p["draft"].number not in rows  # a draft never reached SIPD
    assert [r["No"] for r in rows.values()] == list(range(1, len(rows) + 1))


def test_a_row_says_who_proposed_where_with_the_final_agency_and_every_levels_word(malang, year):
    rows = by_id(cells(sipd_export(city=malang, year=PAST)))
    row = rows[year.proposals["rerouted"].number]
    assert row["Pengusul"] == "RT 001 RW 03" and row["Profil"] == "Ketua RT 001 RW 03"
    assert row["Alamat"] == "Jl. Mawar RT 01 RW 03 (-7.9526, 112.6145)"
    assert (row["Kabupaten/Kota"], row["Kecamatan"], row["Kelurahan/Desa"]) == ("Kota Malang", "Lowokwaru", "Lowokwaru")
    assert row["OPD Tujuan Awal"].startswith("Dinas Pekerjaan Umum")  # the dictionary item's agency
    assert row["OPD Tujuan Akhir"] == Agency.objects.get(city=malang, short_name="Kec. Lowokwaru").name
    assert row["Rekomendasi Kelurahan"].endswith("Prioritas 1")
    assert "100" in row["Rekomendasi Kecamatan"] and "15.000.000" in row["Rekomendasi Kecamatan"]
    assert "Dialihkan" in row["Rekomendasi SKPD"] and "Jalan lingkungan perumahan" in row["Rekomendasi SKPD"]
    assert row["Rekomendasi Mitra"].endswith("Sesuai RKPD")  # Bappeda, the agencies' partner (decision 0031)
    assert "14.000.000" in row["Rekomendasi TAPD"]
    assert (row["Volume"], row["Satuan"], row["Anggaran"]) == (120, "m²", 18_000_000)
    assert (row["Jenis Belanja"], row["Sub Kegiatan"]) == ("Belanja Modal", "1.03.10.2.01.0019 Pembangunan Jalan")
    pkk = rows[year.proposals["pkk"].number]
    assert (pkk["Pengusul"], pkk["Profil"], pkk["Volume"]) == (
        "PKK Kelurahan Lowokwaru",
        "Ketua PKK Kelurahan Lowokwaru",
        15.5,
    )
    assert rows[year.proposals["funded"].number]["Catatan"] == "Dana Kelurahan 2025"


def test_a_kelurahan_export_holds_its_own_proposals_only(malang, region, year):
    rows = by_id(cells(sipd_export(city=malang, year=PAST, regions=[region(KEL)])))
    assert year.proposals["other"].number not in rows and year.proposals["refused"].number in rows
    kecamatan = by_id(cells(sipd_export(city=malang, year=PAST, regions=[region(KEC)])))
    assert year.proposals["other"].number in kecamatan


def _empty(year) -> None:
    """The year's proposals and the year itself gone: regions, agencies, dictionary and units stay."""
    Proposal.objects.filter(cycle=year.cycle).delete()
    year.cycle.delete()


def test_export_then_import_into_an_empty_year_then_export_gives_the_same_cells(malang, year):
    first = sipd_export(city=malang, year=PAST)
    _empty(year)
    result = sipd_import(actor=None, city=malang, year=PAST, file=first)
    assert (result.created, result.updated, result.cycle_created) == (6, 0, True)
    assert cells(sipd_export(city=malang, year=PAST)) == cells(first)


def test_a_second_import_of_the_same_file_updates_and_never_duplicates(malang, year):
    first = sipd_export(city=malang, year=PAST)
    _empty(year)
    sipd_import(actor=None, city=malang, year=PAST, file=first)
    again = sipd_import(actor=None, city=malang, year=PAST, file=first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    rows = cells(first)
    changed = [list(row) for row in rows]
    changed[1][changed[0].index("Anggaran")] = 99_000
    changed[1][changed[0].index("Rekomendasi TAPD")] = "Diterima; dikurangi"
    third = sipd_import(actor=None, city=malang, year=PAST, file=xlsx(changed))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 5)
    assert Proposal.objects.filter(cycle__year=PAST, city=malang).count() == 6
    proposal = Proposal.objects.get(cycle__year=PAST, sipd_id=rows[1][1])
    assert proposal.estimated_cost == 99_000
    assert list(Recommendation.objects.filter(proposal=proposal, level="tapd").values_list("sipd_text", flat=True)) == [
        "Diterima; dikurangi"
    ]
    assert cells(sipd_export(city=malang, year=PAST))[1] == tuple(changed[1])


def _variant_file() -> bytes:
    """A file as some SIPD exports write it: other headers, any case, Koefisien instead of Volume + Satuan."""
    header = [
        "no",
        "ID USULAN",
        "Tgl Usul",
        "Pengusul",
        "Profil",
        "Usulan",
        "Permasalahan",
        "Alamat Lokasi",
        "Kecamatan",
        "Kelurahan/Desa",
        "Usulan Ke",
        "OPD Tujuan Awal",
        "Status Existing",
        "Koefisien",
        "Anggaran",
    ]
    rows = [
        [
            1,
            "SIPD-0001",
            "15-01-2023",
            "RT 001 RW 03",
            "Ketua RT 001 RW 03",
            "paving  JALAN lingkungan",
            "Jalan rusak",
            "Jl. Mawar (-7.95, 112.61)",
            "Lowokwaru",
            "Lowokwaru",
            2,
            "DPUPRPKP",
            "Tidak Diakomodir",
            "250 m2",
            "Rp 37.500.000",
        ],
        [
            2,
            "SIPD-0002",
            "2023-01-16",
            "PKK Kelurahan Lowokwaru",
            "",
            "Saluran drainase",
            "Banjir",
            "Gang 7",
            "Lowokwaru",
            "Lowokwaru",
            1,
            "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
            "Diakomodir",
            "35 meter",
            31_500_000,
        ],
        [
            3,
            "SIPD-0003",
            "2023-01-17",
            "Kelurahan Lowokwaru",
            "Lurah Lowokwaru",
            "Saluran drainase",
            "Genangan",
            "Kantor kelurahan",
            "Lowokwaru",
            "Lowokwaru",
            1,
            "",
            "Diakomodir",
            "1,5 m",
            1_350_000,
        ],
    ]
    return xlsx([header, *rows])


def test_an_import_reads_sipds_header_variants_and_creates_the_past_year_closed(malang, dictionary, city_lists, region):
    from rembug.regions.models import CommunityGroup

    CommunityGroup.objects.create(kind="pkk", name="PKK Kelurahan Lowokwaru", region=region(KEL))
    result = sipd_import(actor=None, city=malang, year=2023, file=_variant_file())
    assert (result.created, result.cycle_created) == (3, True)
    cycle = PlanningCycle.objects.get(city=malang, year=2023)
    assert all(stage.closes_on < today() for stage in cycle.stages.all()) and cycle.stages.count() == 6
    first, second, third = Proposal.objects.filter(cycle=cycle).order_by("sipd_id")
    assert (first.status, first.times_proposed, first.proposed_on) == (Status.NOT_ACCOMMODATED, 2, a_day("2023-01-15"))
    assert (first.volume, first.unit, first.estimated_cost) == (250, "m²", 37_500_000)
    assert (first.address, first.latitude, first.longitude) == ("Jl. Mawar", -7.95, 112.61)
    assert first.proposer_region == region(RT001) and first.proposer_kind == city_lists["rt"]
    assert second.proposer_group.name == "PKK Kelurahan Lowokwaru" and second.proposer_kind == city_lists["pkk"]
    assert (second.status, second.unit, second.volume) == (Status.ACCOMMODATED, "m", 35)
    assert third.proposer_region == region(KEL) and third.proposer_kind == city_lists["kelurahan"]
    assert third.volume == 1.5
    event = ProposalEvent.objects.get(proposal=first)
    assert (event.kind, event.label, event.data["sipd_status"]) == ("imported", "Diimpor dari SIPD", "Tidak Diakomodir")


def test_a_bad_file_names_every_bad_cell_and_writes_nothing(malang, dictionary, city_lists):
    header = [
        "ID Usulan",
        "Pengusul",
        "Usulan",
        "Masalah",
        "Alamat",
        "Kelurahan/Desa",
        "Status",
        "Volume",
        "Satuan",
        "Anggaran",
    ]
    good = ["A-1", "RT 001 RW 03", "Saluran drainase", "Banjir", "Gang 7", "Lowokwaru", "Diakomodir", 3, "m", 2_700_000]
    bad = [
        ["A-2", "RT 099 RW 03", "Saluran drainase", "Banjir", "Gang 8", "Lowokwaru", "Diakomodir", 3, "m", 1],
        ["A-3", "RT 001 RW 03", "Kolam renang", "Panas", "Gang 9", "Lowokwaru", "Mungkin", 3, "jengkal", "banyak"],
        ["A-1", "RT 001 RW 03", "Saluran drainase", "Banjir", "Gang 7", "Atlantis", "Diakomodir", 0, "m", 5],
    ]
    with pytest.raises(SpreadsheetInvalid) as raised:
        sipd_import(actor=None, city=malang, year=2023, file=xlsx([header, good, *bad]))
    lines = raised.value.lines()
    assert "Baris 3, kolom B (Pengusul): pengusul “RT 099 RW 03” tidak dikenal di Kelurahan Lowokwaru" in lines[0]
    text = "\n".join(lines)
    assert "Baris 4, kolom C (Usulan): “Kolam renang” tidak ada di kamus usulan" in text
    assert "Baris 4, kolom G (Status): “Mungkin” tidak dikenal" in text
    assert "Baris 4, kolom I (Satuan): Satuan “jengkal” tidak dikenal. Pilihan: " in text
    assert "Baris 4, kolom J (Anggaran)" in text
    assert "Baris 5, kolom A (ID Usulan): ID Usulan ini sudah ada di baris 2" in text
    assert "Baris 5, kolom F (Kelurahan/Desa)" in text and "Baris 5, kolom H (Volume)" in text
    assert not PlanningCycle.objects.filter(city=malang, year=2023).exists()
    assert not Proposal.objects.filter(sipd_id__startswith="A-").exists()


def test_a_dry_run_counts_and_writes_nothing(malang, dictionary, city_lists, region):
    from rembug.regions.models import CommunityGroup

    CommunityGroup.objects.create(kind="pkk", name="PKK Kelurahan Lowokwaru", region=region(KEL))
    result = sipd_import(actor=None, city=malang, year=2023, file=_variant_file(), dry_run=True)
    assert (result.created, result.dry_run) == (3, True) and "Uji coba" in result.message
    assert not PlanningCycle.objects.filter(city=malang, year=2023).exists()


def test_an_imported_proposal_not_accommodated_is_carried_over_as_the_next_usulan_ke(
    malang, cycle, dictionary, city_lists, region, person
):
    from rembug.regions.models import CommunityGroup

    CommunityGroup.objects.create(kind="pkk", name="PKK Kelurahan Lowokwaru", region=region(KEL))
    sipd_import(actor=None, city=malang, year=2023, file=_variant_file())
    imported = Proposal.objects.get(sipd_id="SIPD-0001")
    chair = person("ketua_rt", RT001)
    again = proposal_carry_over(actor=chair, previous=imported, cycle=cycle)
    assert (again.previous, again.times_proposed) == (imported, 3)  # SIPD said "Usulan Ke 2"


def test_kelurahan_staff_import_only_their_kelurahans_rows(malang, dictionary, city_lists, person):
    header = [
        "ID Usulan",
        "Pengusul",
        "Usulan",
        "Masalah",
        "Alamat",
        "Kelurahan/Desa",
        "Status",
        "Koefisien",
        "Anggaran",
    ]
    rows = [["B-1", "RT 001 RW 01", "Saluran drainase", "Banjir", "Gang 1", "Tulusrejo", "Diakomodir", "2 m", 1]]
    with pytest.raises(SpreadsheetInvalid) as raised:
        sipd_import(actor=person("operator_kelurahan", KEL), city=malang, year=2023, file=xlsx([header, *rows]))
    assert "kolom F (Kelurahan/Desa): Kelurahan Tulusrejo berada di luar wilayah Anda" in raised.value.lines()[0]
    with pytest.raises(NotAllowed):
        sipd_import(actor=person("ketua_rt", RT001), city=malang, year=2023, file=xlsx([header, *rows]))


def test_the_commands_export_and_import_a_year(malang, year, tmp_path):
    out = tmp_path / "sipd.xlsx"
    call_command("export_sipd", "--kota", "35.73", "--tahun", str(PAST), "--output", str(out))
    first = out.read_bytes()
    assert cells(first)[0] == tuple(SIPD_HEADERS)
    _empty(year)
    call_command("import_sipd", str(out), "--kota", "35.73", "--tahun", str(PAST), "--dry-run")
    assert not Proposal.objects.filter(cycle__year=PAST, city=malang).exists()
    call_command("import_sipd", str(out), "--kota", "35.73", "--tahun", str(PAST))
    assert Proposal.objects.filter(cycle__year=PAST, city=malang).count() == 6
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(xlsx([["ID Usulan"], ["X"]]))
    with pytest.raises(CommandError):
        call_command("import_sipd", str(broken), "--kota", "35.73", "--tahun", str(PAST))


def test_the_export_costs_the_same_queries_for_more_rows(malang, year, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        sipd_export(city=malang, year=PAST)
    for proposal in Proposal.objects.filter(cycle=year.cycle).exclude(status=Status.DRAFT)[:3]:
        proposal.pk, proposal.number, proposal.sequence = None, proposal.number + "x", proposal.sequence + 100
        proposal.save()
    with django_assert_max_num_queries(6):
        sipd_export(city=malang, year=PAST)


def test_importing_rembugs_own_export_into_the_same_year_changes_nothing(malang, year):
    first = sipd_export(city=malang, year=PAST)
    rows = Proposal.objects.filter(cycle=year.cycle).order_by("pk").values_list("pk", "status", "version")
    before = list(rows)
    result = sipd_import(actor=None, city=malang, year=PAST, file=first)
    assert (result.created, result.updated, result.skipped) == (0, 0, 6)
    assert list(rows.all()) == before
