"""Every role sits at its own level and acts only inside its own region and city."""

import pytest

from rembug.accounts.services import role_assign, user_create
from rembug.agencies.models import Agency
from rembug.errors import DomainError, NotAllowed
from rembug.regions.models import GroupKind
from rembug.regions.services import community_group_create

pytestmark = pytest.mark.django_db

LOWOKWARU = "35.73.05.1011"
RW03 = f"{LOWOKWARU}.03"
RT001 = f"{RW03}.001"
DINOYO = "35.73.05.1004"


@pytest.fixture
def newcomer():
    return user_create(username="warga-baru", password=None, full_name="Warga Baru")


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("ketua_rt", RW03),
        ("ketua_rw", RT001),
        ("operator_kelurahan", "35.73.05"),
        ("camat", LOWOKWARU),
        ("bappeda", LOWOKWARU),
    ],
)
def test_a_role_cannot_be_placed_at_the_wrong_level(role, code, region, newcomer):
    with pytest.raises(DomainError, match="harus ditempatkan"):
        role_assign(actor=None, user=newcomer, role=role, region=region(code))


def test_an_agency_verifier_needs_an_agency_of_the_same_city(region, newcomer):
    with pytest.raises(DomainError, match="perangkat daerah"):
        role_assign(actor=None, user=newcomer, role="verifikator_opd", region=region("35.73"))
    batu_agency = Agency.objects.get(city__code="35.79", short_name="DLH")
    with pytest.raises(DomainError, match="kota/kabupaten yang sama"):
        role_assign(actor=None, user=newcomer, role="verifikator_opd", region=region("35.73"), agency=batu_agency)


def test_a_pokmas_chair_is_tied_to_a_pokmas_inside_the_region(region, newcomer):
    pokmas = community_group_create(region=region(DINOYO), kind=GroupKind.POKMAS, name="Pokmas Dinoyo Asri")
    with pytest.raises(DomainError, match="Pokmas"):
        role_assign(actor=None, user=newcomer, role="ketua_pokmas", region=region(LOWOKWARU), group=pokmas)
    assignment = role_assign(actor=None, user=newcomer, role="ketua_pokmas", region=region(DINOYO), group=pokmas)
    assert assignment.group == pokmas


def test_the_kelurahan_operator_appoints_rt_chairs_in_their_own_kelurahan_only(person, region, newcomer):
    operator = person("operator_kelurahan", LOWOKWARU)
    assert role_assign(actor=operator, user=newcomer, role="ketua_rt", region=region(RT001)).region.code == RT001
    with pytest.raises(NotAllowed, match="tidak berwenang"):
        role_assign(actor=operator, user=newcomer, role="ketua_rt", region=region(f"{DINOYO}.01.001"))


def test_the_kelurahan_operator_cannot_appoint_city_staff(person, region, newcomer):
    operator = person("operator_kelurahan", LOWOKWARU)
    with pytest.raises(NotAllowed):
        role_assign(actor=operator, user=newcomer, role="bappeda", region=region("35.73"))
    with pytest.raises(NotAllowed):
        role_assign(actor=operator, user=newcomer, role="operator_kelurahan", region=region(LOWOKWARU))


def test_kecamatan_staff_appoint_kelurahan_operators_inside_the_kecamatan(person, region, newcomer):
    camat = person("camat", "35.73.05")
    role_assign(actor=camat, user=newcomer, role="operator_kelurahan", region=region(DINOYO))
    with pytest.raises(NotAllowed):
        role_assign(actor=camat, user=newcomer, role="operator_kelurahan", region=region("35.73.01.1001"))


def test_bappeda_appoints_anyone_in_its_city_but_not_in_another_city(person, region, newcomer):
    bappeda = person("bappeda", "35.73")
    role_assign(actor=bappeda, user=newcomer, role="operator_kecamatan", region=region("35.73.01"))
    with pytest.raises(NotAllowed):
        role_assign(actor=bappeda, user=newcomer, role="ketua_rt", region=region("35.79.01.1001.01.001"))


@pytest.mark.parametrize(
    "role,code", [("ketua_rt", RT001), ("ketua_rw", RW03), ("lpmk", LOWOKWARU), ("verifikator_opd", "35.73")]
)
def test_proposer_chairs_lpmk_and_verifiers_appoint_nobody(role, code, person, region, newcomer):
    actor = person(role, code, agency="DPUPRPKP" if role == "verifikator_opd" else None)
    with pytest.raises(NotAllowed):
        role_assign(actor=actor, user=newcomer, role="ketua_rt", region=region(RT001))


def test_city_staff_may_use_the_admin_and_proposer_chairs_may_not(person):
    assert person("bappeda", "35.73").is_staff
    assert not person("ketua_rt", RT001).is_staff


def test_assigning_the_same_role_twice_keeps_one_assignment(region, newcomer):
    first = role_assign(actor=None, user=newcomer, role="ketua_rw", region=region(RW03))
    second = role_assign(actor=None, user=newcomer, role="ketua_rw", region=region(RW03))
    assert first.pk == second.pk


def test_permissions_follow_the_region(person, region):
    operator = person("operator_kelurahan", LOWOKWARU)
    assert operator.has_perm("regions.add_communitygroup", region(RW03))
    assert not operator.has_perm("regions.add_communitygroup", region(DINOYO))
    rt_chair = person("ketua_rt", RT001)
    assert not rt_chair.has_perm("regions.add_communitygroup", region(RT001))


def test_admin_lists_only_the_staff_members_city(client, person, malang, batu):
    client.force_login(person("bappeda", "35.73"))
    response = client.get("/admin/agencies/agency/")
    assert response.status_code == 200
    shown = {a.pk for a in response.context["cl"].result_list}
    assert shown == set(Agency.objects.filter(city=malang).values_list("pk", flat=True))
    assert not shown & set(Agency.objects.filter(city=batu).values_list("pk", flat=True))


def test_proposer_chairs_have_no_admin(client, person):
    client.force_login(person("ketua_rt", RT001))
    assert client.get("/admin/agencies/agency/").status_code == 302
