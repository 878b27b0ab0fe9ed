"""`Region.village()`: the one walk up the tree to a region's kelurahan/desa (issue 10, "One home for each rule")."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code",
    ["35.73.05.1011.03.001", "35.73.05.1011.03", "35.73.05.1011"],
    ids=["rt", "rw", "the kelurahan itself"],
)
def test_a_region_at_or_below_a_kelurahan_lies_in_that_kelurahan(region, code):
    assert region(code).village() == region("35.73.05.1011")


@pytest.mark.parametrize("code", ["35.73.05", "35.73", "35"], ids=["kecamatan", "kota", "provinsi"])
def test_a_region_above_the_kelurahan_level_lies_in_none(region, code):
    assert region(code).village() is None


def test_a_region_loaded_with_its_parents_finds_its_kelurahan_without_a_query(django_assert_num_queries):
    from rembug.regions.models import Region

    rt = Region.objects.select_related("parent__parent").get(code="35.73.05.1011.03.001")
    with django_assert_num_queries(0):
        assert rt.village().code == "35.73.05.1011"
