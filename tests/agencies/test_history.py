"""Agencies route and verify proposals: a renamed or deactivated agency keeps its past, with who changed it."""

import pytest

from rembug.agencies.models import Agency
from rembug.agencies.services import agencies_load
from tests.test_history import admin_form_data, before_after

pytestmark = pytest.mark.django_db


def test_loading_a_changed_list_records_the_rename_with_its_author(tmp_path, person, malang):
    planner = person("bappeda", "35.73")
    listing = tmp_path / "opd.csv"
    listing.write_text(
        "short_name,code,name\nDLH,1.99,Dinas Lingkungan Hidup Kota Malang (baru)\nBARU,9.99,Badan Baru\n",
        encoding="utf-8",
    )
    dlh = Agency.objects.get(city=malang, short_name="DLH")
    old_name = dlh.name
    assert agencies_load(city=malang, csv_path=listing, actor=planner) == 1
    latest = dlh.history.first()
    assert latest.history_user == planner
    assert before_after(latest)["name"] == (old_name, "Dinas Lingkungan Hidup Kota Malang (baru)")
    (created,) = Agency.objects.get(city=malang, short_name="BARU").history.all()
    assert created.history_type == "+" and created.history_user == planner


def test_deactivating_an_agency_in_the_admin_names_the_staff_member(client, person, malang):
    planner = person("bappeda", "35.73")
    agency = Agency.objects.get(city=malang, short_name="DLH")
    client.force_login(planner)
    url = f"/admin/agencies/agency/{agency.pk}/change/"
    data = admin_form_data(client.get(url))
    data.pop("is_active")
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    latest = agency.history.first()
    assert latest.history_user == planner and before_after(latest)["is_active"] == (True, False)
