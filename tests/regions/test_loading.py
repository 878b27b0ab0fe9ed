"""Loading regions: the Malang demo tree and the national Kemendagri list, idempotently."""

import pytest

from rembug.regions.models import Level, Region
from rembug.regions.services import regions_load_malang, regions_load_national

pytestmark = pytest.mark.django_db


def test_malang_has_its_real_kecamatan_kelurahan_and_the_published_rw_rt_totals(malang):
    inside = Region.objects.filter(city=malang)
    assert inside.filter(level=Level.KECAMATAN).count() == 5
    assert inside.filter(level=Level.KELURAHAN).count() == 57
    assert inside.filter(level=Level.RW).count() == 551
    assert inside.filter(level=Level.RT).count() == 4278


def test_published_rw_counts_are_kept_and_generated_ones_are_marked(region):
    lowokwaru = region("35.73.05.1011")
    assert lowokwaru.children.count() == 15 and not lowokwaru.children.filter(is_generated=True).exists()
    assert Region.objects.within("35.73.05.1011", include_self=False).filter(level=Level.RT).count() == 104
    balearjosari = region("35.73.01.1001")
    assert balearjosari.children.filter(is_generated=True).count() == balearjosari.children.count() > 0


def test_every_malang_kelurahan_has_its_boundary_and_centroid(malang):
    kelurahan = Region.objects.filter(city=malang, level=Level.KELURAHAN)
    assert not kelurahan.filter(boundary__isnull=True).exists()
    assert not kelurahan.filter(latitude__isnull=True).exists()
    wonokoyo = kelurahan.get(code="35.73.03.1004")
    assert wonokoyo.boundary["type"] == "MultiPolygon"


def test_loading_the_malang_demo_again_changes_nothing():
    result = regions_load_malang()
    assert (result.created, result.updated) == (0, 0)


def test_a_city_loads_from_the_national_list_and_a_second_load_changes_nothing():
    first = regions_load_national(prefix="35.07")  # Kabupaten Malang
    assert first.created > 300
    kabupaten = Region.objects.get(code="35.07")
    assert kabupaten.level == Level.KABUPATEN and kabupaten.city_id == kabupaten.id
    desa = Region.objects.filter(city=kabupaten, level=Level.DESA)
    assert desa.exists() and desa.exclude(postal_code="").exists()
    again = regions_load_national(prefix="35.07")
    assert (again.created, again.updated) == (0, 0)


def test_an_unknown_code_is_refused_with_its_name():
    with pytest.raises(ValueError, match=r"99\.99"):
        regions_load_national(prefix="99.99")


def test_a_renamed_region_is_updated_on_reload():
    regions_load_national(prefix="35.79")
    Region.objects.filter(code="35.79.01").update(name="Nama Lama")
    result = regions_load_national(prefix="35.79")
    assert result.updated == 1
    assert Region.objects.get(code="35.79.01").name == "Batu"
