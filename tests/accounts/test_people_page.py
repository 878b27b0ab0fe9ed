"""Staff give and end roles inside their own region in the app (issue 12, point 5)."""

from __future__ import annotations

import pytest

from rembug.accounts.models import RoleAssignment, User

pytestmark = pytest.mark.django_db

KEL = "35.73.05.1011"
RT = f"{KEL}.03.001"


def test_kelurahan_staff_appoint_an_rt_chair_with_a_new_account(client, person, django_assert_max_num_queries):
    operator = person("operator_kelurahan", KEL)
    client.force_login(operator)
    with django_assert_max_num_queries(20):
        page = client.get("/akun/peran/")
    assert page.status_code == 200 and "RT 001" in page.content.decode()  # the kelurahan's RT are offered
    answer = client.post(
        "/akun/peran/",
        {"username": "pak.rt.baru", "full_name": "Pak RT Baru", "role": "ketua_rt", "region": RT},
        follow=True,
    )
    text = answer.content.decode()
    assert "Sandi sementara" in text and "Pak RT Baru kini Ketua RT" in text
    user = User.objects.get(username="pak.rt.baru")
    assert RoleAssignment.objects.get(user=user).region.code == RT and user.has_usable_password()


def test_a_role_outside_the_staff_region_or_rank_is_refused_and_nothing_is_made(client, person):
    operator = person("operator_kelurahan", KEL)
    client.force_login(operator)
    for role, region in (("ketua_rt", "35.73.01.1001.01.001"), ("bappeda", KEL)):
        page = client.post(
            "/akun/peran/", {"username": "orang.lain", "full_name": "Orang Lain", "role": role, "region": region}
        )
        assert page.status_code == 200
    assert not User.objects.filter(username="orang.lain").exists()


def test_ending_a_role_keeps_its_row_and_is_limited_to_the_staff_region(client, person):
    operator = person("operator_kelurahan", KEL)
    chair = person("ketua_rt", RT)
    elsewhere = person("ketua_rt", "35.73.01.1001.01.001")
    assignment = RoleAssignment.objects.get(user=chair)
    client.force_login(operator)
    assert client.post(f"/akun/peran/{RoleAssignment.objects.get(user=elsewhere).pk}/akhiri/").status_code == 404
    answer = client.post(f"/akun/peran/{assignment.pk}/akhiri/", follow=True)
    assert "diakhiri" in answer.content.decode()
    assignment.refresh_from_db()
    assert assignment.is_active is False


def test_bappeda_gives_a_verifier_role_which_needs_an_agency(client, person):
    from rembug.agencies.models import Agency

    bappeda = person("bappeda", "35.73")
    existing = User.objects.create_user(username="verifikator.baru", full_name="Verifikator Baru")
    client.force_login(bappeda)
    missing = client.post("/akun/peran/", {"username": existing.username, "role": "verifikator_opd", "region": "35.73"})
    assert "memerlukan perangkat daerah" in missing.content.decode()
    agency = Agency.objects.get(city__code="35.73", short_name="DLH")
    client.post(
        "/akun/peran/",
        {"username": existing.username, "role": "verifikator_opd", "region": "35.73", "agency": agency.pk},
    )
    assert RoleAssignment.objects.get(user=existing).agency == agency


def test_a_chair_has_no_people_page(client, person):
    client.force_login(person("ketua_rt", RT))
    assert client.get("/akun/peran/").status_code == 404
