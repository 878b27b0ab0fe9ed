"""Regions kept by those who know them (issue 11 point 6): kelurahan staff add, rename, renumber and retire their RW,
RT, Pokmas and lembaga in the pages and the API; history is kept; nothing that is named anywhere is deleted."""

from __future__ import annotations

import pytest

from rembug.errors import DomainError, NotAllowed, StaleVersion
from rembug.proposals.proposers import direct_proposers, kelurahan_proposers
from rembug.proposals.services import proposal_create
from rembug.regions.keeping import (
    group_add,
    group_set_active,
    group_update,
    region_add,
    region_delete,
    region_set_active,
    region_update,
)
from rembug.regions.models import CommunityGroup, Region
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db
KEL = "35.73.05.1011"
OTHER_KEL = "35.73.05.1004"
RW03 = f"{KEL}.03"


@pytest.fixture
def operator(person):
    return person("operator_kelurahan", KEL)


def fresh(region: Region) -> Region:
    return Region.objects.get(pk=region.pk)


def test_staff_add_an_rw_beyond_the_generated_count_and_rt_under_it_with_history(operator, region):
    rw = region_add(actor=operator, parent=region(KEL), number=25)
    rt = region_add(actor=operator, parent=rw, number=7, name="Griya Asri")
    assert (rw.code, rw.label, rw.level, rw.is_generated, rw.city.code) == (f"{KEL}.25", "RW 25", "rw", False, "35.73")
    assert (rt.code, rt.label, rt.parent_id) == (f"{KEL}.25.007", "RT Griya Asri", rw.pk)
    record = rw.history.get()
    assert (record.history_type, record.history_user, record.name) == ("+", operator, "25")
    with pytest.raises(DomainError, match="RW 25 sudah ada"):
        region_add(actor=operator, parent=region(KEL), number=25)
    with pytest.raises(DomainError, match="sudah ada"):
        region_add(actor=operator, parent=rw, number=7)
    with pytest.raises(DomainError, match="antara 1 dan 99"):
        region_add(actor=operator, parent=region(KEL), number=100)


@pytest.mark.parametrize(
    ("role", "where"),
    [("ketua_rw", RW03), ("lpmk", KEL), ("operator_kelurahan", OTHER_KEL), ("bappeda", "35.73"), ("camat", "35.73.05")],
)
def test_others_and_staff_of_another_kelurahan_are_refused(person, region, role, where):
    someone = person(role, where)
    rw = region(RW03)
    with pytest.raises(NotAllowed):
        region_add(actor=someone, parent=region(KEL), number=40)
    with pytest.raises(NotAllowed):
        region_update(actor=someone, region=rw, version=rw.version, name="Baru")
    with pytest.raises(NotAllowed):
        region_set_active(actor=someone, region=rw, version=rw.version, active=False)
    if role != "bappeda":  # the city's planners register groups too (the admin's rule)
        with pytest.raises(NotAllowed):
            group_add(actor=someone, region=region(KEL), kind="pkk", name="PKK")
    assert not Region.objects.filter(code=f"{KEL}.40").exists() and fresh(rw).name == "03"


def test_the_kelurahan_itself_is_not_theirs_to_rename(operator, region):
    kelurahan = region(KEL)
    with pytest.raises(NotAllowed):
        region_update(actor=operator, region=kelurahan, version=kelurahan.version, name="Lain")


def test_renumbering_an_rw_moves_its_rt_codes_and_a_stale_version_is_refused(operator, region):
    rw = region(RW03)
    rts = Region.objects.filter(parent=rw).count()
    renumbered = region_update(actor=operator, region=rw, version=rw.version, number=31, name="Kenanga")
    assert (renumbered.code, renumbered.number, renumbered.name, renumbered.version) == (f"{KEL}.31", 31, "Kenanga", 2)
    assert Region.objects.filter(parent=rw, code__startswith=f"{KEL}.31.").count() == rts
    assert not Region.objects.filter(code__startswith=f"{RW03}.").exists()
    with pytest.raises(StaleVersion):
        region_update(actor=operator, region=rw, version=1, name="Lama")
    assert [h.name for h in renumbered.history.order_by("history_id")][-1] == "Kenanga"
    with pytest.raises(DomainError, match="sudah ada"):
        region_update(actor=operator, region=renumbered, version=2, number=4)


def test_a_retired_rw_leaves_every_choice_with_its_rt_and_keeps_its_proposals(client, operator, region, cycle, malang):
    rt = Region.objects.filter(parent__code=RW03).order_by("code").first()
    proposal = proposal_create(
        actor=operator,
        cycle=cycle,
        proposer=rt,
        title="Saluran",
        problem="Banjir",
        idea="Saluran 20 m",
        item=dictionary_item(malang),
        volume=20,
        address="Gang",
    )
    rw = region(RW03)
    region_set_active(actor=operator, region=rw, version=rw.version, active=False)
    assert not fresh(rt).is_active and fresh(rt).history.latest("history_id").history_user == operator
    offered = {r.code for r in kelurahan_proposers(operator)}
    assert RW03 not in offered and rt.code not in offered and f"{KEL}.04" in offered
    children = client.get(f"/api/v1/regions?parent={KEL}").json()
    codes = {r["code"] for r in children.get("results", children)}
    assert RW03 not in codes and f"{KEL}.04" in codes
    assert fresh(rt) == proposal.proposer_region and proposal.proposer_region.code == rt.code
    with pytest.raises(DomainError):  # generated and used: retired, never deleted
        region_delete(actor=operator, region=fresh(rt))
    assert Region.objects.filter(pk=rt.pk).exists()
    region_set_active(actor=operator, region=fresh(rw), version=fresh(rw).version, active=True)
    assert fresh(rw).is_active and not fresh(rt).is_active  # its RT come back one by one


def test_only_a_just_added_unused_region_may_be_deleted(operator, region):
    rw = region_add(actor=operator, parent=region(KEL), number=60)
    region_delete(actor=operator, region=rw)
    assert not Region.objects.filter(code=f"{KEL}.60").exists()
    assert Region.history.filter(code=f"{KEL}.60", history_type="-").exists()


def test_staff_register_rename_and_retire_lembaga_with_history(operator, region):
    pkk = group_add(actor=operator, region=region(KEL), kind="pkk", name="PKK Kelurahan Lowokwaru")
    with pytest.raises(DomainError, match="sudah ada"):
        group_add(actor=operator, region=region(KEL), kind="pkk", name="PKK Kelurahan Lowokwaru")
    with pytest.raises(DomainError, match="tidak dikenal"):
        group_add(actor=operator, region=region(KEL), kind="arisan", name="Arisan")
    with pytest.raises(DomainError, match="kelurahan/desa"):
        group_add(actor=operator, region=region(RW03), kind="pkk", name="PKK RW")
    renamed = group_update(actor=operator, group=pkk, version=pkk.version, name="TP PKK Lowokwaru")
    assert str(renamed) == "TP PKK Lowokwaru"
    assert "TP PKK Lowokwaru" in [p.label for p in direct_proposers(operator)]
    group_set_active(actor=operator, group=renamed, version=renamed.version, active=False)
    assert all(p.group is None or p.group.pk != pkk.pk for p in direct_proposers(operator))
    assert [h.history_type for h in CommunityGroup.history.filter(id=pkk.pk).order_by("history_id")] == ["+", "~", "~"]
    assert CommunityGroup.objects.get(pk=pkk.pk).history.latest("history_id").history_user == operator


# --- pages and API ------------------------------------------------------------------------------------------------


def test_the_page_lists_the_tree_adds_and_retires(client, operator, region, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(15):
        page = client.get(f"/akun/wilayah/{KEL}/")
    assert page.status_code == 200 and "RW 03" in page.content.decode()
    assert client.post(f"/akun/wilayah/{KEL}/tambah/", {"number": "26"}).status_code == 302
    assert Region.objects.filter(code=f"{KEL}.26", is_generated=False).exists()
    rw = region(f"{KEL}.26")
    edited = client.post(f"/akun/wilayah/{rw.code}/ubah/", {"name": "Melati", "number": "26", "version": "1"})
    assert edited.status_code == 302 and fresh(rw).name == "Melati"
    stale = client.post(f"/akun/wilayah/{rw.code}/ubah/", {"name": "Mawar", "number": "26", "version": "1"})
    assert stale.status_code == 200 and "diubah orang lain" in stale.content.decode()
    assert client.post(f"/akun/wilayah/{rw.code}/status/", {"active": "0", "version": "2"}).status_code == 302
    assert not fresh(rw).is_active
    added = client.post(f"/akun/wilayah/{KEL}/kelompok/", {"kind": "karang_taruna", "name": "Karang Taruna Tunas"})
    assert added.status_code == 302 and CommunityGroup.objects.filter(name="Karang Taruna Tunas").exists()
    assert client.get(f"/akun/wilayah/{OTHER_KEL}/").status_code == 404


def test_staff_of_another_kelurahan_find_nothing_on_the_page(client, person):
    client.force_login(person("operator_kelurahan", OTHER_KEL))
    assert client.get(f"/akun/wilayah/{KEL}/").status_code == 404
    assert client.post(f"/akun/wilayah/{KEL}/tambah/", {"number": "27"}).status_code == 404
    assert not Region.objects.filter(code=f"{KEL}.27").exists()


def test_the_api_keeps_regions_and_groups(client, operator, person, region, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(12):
        kept = client.get(f"/api/v1/regions/{KEL}/kept")
    assert kept.status_code == 200 and kept.json()["rw"][0]["rt"]
    added = client.post(f"/api/v1/regions/{KEL}/kept", {"number": 28}, content_type="application/json")
    assert added.status_code == 201 and added.json()["code"] == f"{KEL}.28"
    renamed = client.patch(
        f"/api/v1/regions/{KEL}.28", {"version": 1, "name": "Anggrek"}, content_type="application/json"
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Anggrek"
    stale = client.patch(
        f"/api/v1/regions/{KEL}.28", {"version": 1, "is_active": False}, content_type="application/json"
    )
    assert stale.status_code == 409
    retired = client.patch(
        f"/api/v1/regions/{KEL}.28", {"version": 2, "is_active": False}, content_type="application/json"
    )
    assert retired.status_code == 200 and retired.json()["is_active"] is False
    group = client.post(
        "/api/v1/groups",
        {"region": KEL, "kind": "posyandu", "name": "Posyandu Melati"},
        content_type="application/json",
    )
    assert group.status_code == 201 and group.json()["label"] == "Posyandu Melati"
    changed = client.patch(
        f"/api/v1/groups/{group.json()['id']}", {"version": 1, "is_active": False}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["is_active"] is False
    client.force_login(person("operator_kelurahan", OTHER_KEL))
    assert client.get(f"/api/v1/regions/{KEL}/kept").status_code == 404
    refused = client.patch(f"/api/v1/regions/{RW03}", {"version": 1, "name": "X"}, content_type="application/json")
    assert refused.status_code == 403 and region(RW03).name == "03"
    assert (
        client.patch(
            f"/api/v1/groups/{group.json()['id']}", {"version": 2}, content_type="application/json"
        ).status_code
        == 404
    )
