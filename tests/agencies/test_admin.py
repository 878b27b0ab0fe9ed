"""Bappeda keeps an agency's official SIPD name, short name and aliases in the admin of its own city."""

import pytest

from rembug.agencies.models import MAX_ALIASES, Agency
from tests.test_history import admin_form_data

pytestmark = pytest.mark.django_db


def change(client, user, agency, **fields):
    client.force_login(user)
    url = f"/admin/agencies/agency/{agency.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, admin_form_data(page) | fields)


def test_bappeda_edits_the_official_name_short_name_and_aliases_one_per_line(client, person, malang):
    dlh = Agency.objects.get(city=malang, short_name="DLH")
    answer = change(
        client,
        person("bappeda", "35.73"),
        dlh,
        name="Dinas Lingkungan Hidup Kota Malang",
        short_name="DLH Kota",
        aliases="  Dinas LH \n\nDinas Kebersihan, Pertamanan\ndinas lh\n",
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    dlh.refresh_from_db()
    assert (dlh.name, dlh.short_name, dlh.version) == ("Dinas Lingkungan Hidup Kota Malang", "DLH Kota", 2)
    assert dlh.aliases == ["Dinas LH", "Dinas Kebersihan, Pertamanan"]
    page = client.get(f"/admin/agencies/agency/{dlh.pk}/change/")
    assert "Dinas LH\nDinas Kebersihan, Pertamanan" in page.content.decode()


def test_an_alias_that_is_another_agencys_name_or_too_many_aliases_are_refused(client, person, malang):
    dlh = Agency.objects.get(city=malang, short_name="DLH")
    planner = person("bappeda", "35.73")
    answer = change(client, planner, dlh, aliases="Dinas Perhubungan")
    assert answer.status_code == 200
    assert "sudah menjadi nama perangkat daerah lain" in str(answer.context["adminform"].form.errors["aliases"])
    many = "\n".join(f"Nama {n}" for n in range(MAX_ALIASES + 1))
    answer = change(client, planner, dlh, aliases=many)
    assert answer.status_code == 200 and "aliases" in answer.context["adminform"].form.errors
    dlh.refresh_from_db()
    assert dlh.aliases == [] and dlh.version == 1


def test_an_office_serves_a_region_of_its_own_city_at_office_level(client, person, malang, region):
    dlh = Agency.objects.get(city=malang, short_name="DLH")
    planner = person("bappeda", "35.73")
    rw = region("35.73.05.1011.03")
    answer = change(client, planner, dlh, region=rw.pk)
    assert answer.status_code == 200 and "region" in answer.context["adminform"].form.errors
    batu = region("35.79.01")
    answer = change(client, planner, dlh, region=batu.pk)
    assert answer.status_code == 200 and "region" in answer.context["adminform"].form.errors
    assert Agency.objects.get(pk=dlh.pk).region is None


def test_another_citys_staff_cannot_open_the_agency(client, person, malang):
    dlh = Agency.objects.get(city=malang, short_name="DLH")
    client.force_login(person("bappeda", "35.79"))
    answer = client.get(f"/admin/agencies/agency/{dlh.pk}/change/")
    assert answer.status_code == 302
