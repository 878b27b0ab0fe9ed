"""Each kecamatan and kelurahan office is an agency of the city, as SIPD routes proposals to "Kecamatan X"."""

import io

import pytest
from django.core.management import CommandError, call_command

from rembug.agencies.models import Agency
from rembug.agencies.services import agencies_load, agency_offices_ensure
from rembug.regions.models import Level, Region
from rembug.regions.services import RegionRow, regions_upsert

pytestmark = pytest.mark.django_db


def test_malang_has_an_office_agency_for_its_5_kecamatan_and_57_kelurahan(malang):
    offices = Agency.objects.filter(city=malang, region__isnull=False).select_related("region")
    levels = [office.region.level for office in offices]
    assert levels.count(Level.KECAMATAN) == 5 and levels.count(Level.KELURAHAN) == 57
    klojen = offices.get(region__code="35.73.02")
    assert (klojen.name, klojen.short_name) == ("Kecamatan Klojen", "Kec. Klojen")
    dinoyo = offices.get(region__level=Level.KELURAHAN, region__name="Dinoyo")
    assert (dinoyo.name, dinoyo.short_name, dinoyo.code) == (
        "Kelurahan Dinoyo",
        "Kel. Dinoyo",
        f"7.01.{dinoyo.region.code}",
    )
    # The shipped "Kec. Klojen" row was linked to its region, not duplicated.
    assert Agency.objects.filter(city=malang, name="Kecamatan Klojen").count() == 1
    codes = list(Agency.objects.filter(city=malang).values_list("code", flat=True))
    assert len(codes) == len(set(codes))


def test_ensuring_the_offices_again_changes_nothing(malang):
    before = list(Agency.objects.filter(city=malang).values_list("pk", "name", "short_name", "version"))
    assert agency_offices_ensure(city=malang) == 0
    assert agencies_load(city=malang) == 0
    assert list(Agency.objects.filter(city=malang).values_list("pk", "name", "short_name", "version")) == before


def test_an_office_bappeda_renamed_is_kept_and_a_new_kelurahan_gets_its_office(malang):
    klojen = Agency.objects.get(city=malang, region__code="35.73.02")
    klojen.short_name, klojen.aliases = "Klojen", ["Kantor Kecamatan Klojen"]
    klojen.save()
    regions_upsert([RegionRow(code="35.73.02.1099", name="Contoh Baru", level="kelurahan")])
    assert agency_offices_ensure(city=malang) == 1
    klojen.refresh_from_db()
    assert klojen.short_name == "Klojen"
    new = Agency.objects.get(region__code="35.73.02.1099")
    assert (new.name, new.short_name, new.city) == ("Kelurahan Contoh Baru", "Kel. Contoh Baru", malang)
    history = new.history.get()
    assert history.history_type == "+"


def test_two_kelurahan_of_one_name_get_distinct_short_names(region):
    batu = region("35.79")
    regions_upsert(
        [
            RegionRow(code="35.79.02", name="Junrejo", level="kecamatan"),
            RegionRow(code="35.79.02.1001", name="Sisir", level="kelurahan"),
        ]
    )
    agency_offices_ensure(city=batu)
    shorts = set(Agency.objects.filter(city=batu, region__name="Sisir").values_list("short_name", flat=True))
    assert shorts == {"Kel. Sisir", "Kel. Sisir (Junrejo)"}
    assert Region.objects.get(code="35.79.02.1001").offices.get().name == "Kelurahan Sisir"


def test_the_command_adds_the_offices_of_regions_loaded_later(malang):
    regions_upsert([RegionRow(code="35.73.05.1099", name="Baru", level="kelurahan")])
    out = io.StringIO()
    call_command("ensure_agency_offices", "35.73", stdout=out)
    assert "Kota Malang: 1 kantor wilayah" in out.getvalue()
    assert Agency.objects.get(region__code="35.73.05.1099").short_name == "Kel. Baru"
    with pytest.raises(CommandError):
        call_command("ensure_agency_offices", "35.73.05")
