"""The delivery pages: the agency's list, an activity with its progress bar and report form, Bappeda's plan."""

import datetime

import pytest

from rembug.delivery.models import Activity, ProgressReport
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal

from .conftest import days_ago, fake_photo, jpeg, move_implementation

pytestmark = pytest.mark.django_db


def page_of(activity) -> str:
    return f"/pelaksanaan/{activity.pk}/"


def test_the_agency_sees_its_activities_and_filters_them(client, activity, accommodated, pupr):
    client.force_login(pupr)
    page = client.get("/pelaksanaan/")
    assert page.status_code == 200
    assert accommodated.title in page.text and "Rp3.000.000" in page.text
    assert '<progress class="progress" max="100" value="0"' in page.text
    assert accommodated.title not in client.get("/pelaksanaan/", {"status": "done"}).text


def test_people_who_neither_build_nor_plan_have_no_list(client, activity, chair, dlh):
    client.force_login(chair)
    assert client.get("/pelaksanaan/").status_code == 404
    assert client.get(page_of(activity)).status_code == 404
    client.force_login(dlh)
    assert client.get(page_of(activity)).status_code == 404


def test_the_verifier_reports_progress_with_a_photo_from_the_activity_page(client, activity, accommodated, pupr):
    client.force_login(pupr)
    page = client.get(page_of(activity))
    assert '<progress id="activity-progress" class="progress" max="100" value="0">' in page.text
    assert (
        'type="number"' in page.text
        and 'name="reported_on"' in page.text
        and 'enctype="multipart/form-data"' in (page.text)
    )
    response = client.post(
        f"{page_of(activity)}lapor/",
        {
            "version": activity.version,
            "percent": 35,
            "reported_on": days_ago(1).isoformat(),
            "note": "Pemasangan paving sisi barat.",
            "photo": jpeg(),
        },
    )
    assert response.status_code == 302 and response.url == page_of(activity)
    assert Proposal.objects.get(pk=accommodated.pk).status == Status.IN_PROGRESS
    page = client.get(page_of(activity))
    assert "Laporan kemajuan 35% tersimpan." in page.text
    assert 'value="35"' in page.text and "Pemasangan paving sisi barat." in page.text
    report = ProgressReport.objects.get(activity=activity)
    assert f'<a href="/pelaksanaan/foto/{report.pk}/"><img src="/pelaksanaan/foto/{report.pk}/?size=thumb"' in page.text


def test_a_refused_report_is_shown_beside_its_field(client, activity, pupr):
    client.force_login(pupr)
    client.post(
        f"{page_of(activity)}lapor/",
        {"version": activity.version, "percent": 50, "reported_on": days_ago(2).isoformat()},
    )
    response = client.post(
        f"{page_of(activity)}lapor/",
        {"version": activity.version + 1, "percent": 20, "reported_on": days_ago(0).isoformat()},
    )
    assert response.status_code == 200
    assert "Kemajuan tidak boleh turun: laporan terakhir sudah 50%." in response.text
    response = client.post(
        f"{page_of(activity)}lapor/",
        {"version": activity.version + 1, "percent": 60, "reported_on": days_ago(0).isoformat(), "photo": fake_photo()},
    )
    assert "bukan foto" in response.text
    assert ProgressReport.objects.count() == 1


def test_a_closed_stage_shows_why_instead_of_the_form(client, activity, pupr, cycle):
    move_implementation(cycle, opens=-60, closes=-1)
    client.force_login(pupr)
    page = client.get(page_of(activity))
    assert "tahap Pelaksanaan sudah ditutup" in page.text and 'name="percent"' not in page.text


def test_bappeda_plans_an_accommodated_proposal_from_its_page(client, accommodated, planner, batu_planner, cycle):
    url = f"/pelaksanaan/rencana/{accommodated.number}/"
    client.force_login(batu_planner)
    assert client.get(url).status_code == 404
    client.force_login(planner)
    page = client.get(url)
    assert page.status_code == 200 and f'value="{cycle.budget_year}-01-01"' in page.text
    year = cycle.budget_year
    response = client.post(
        url,
        {
            "budget_amount": 2_900_000,
            "starts_on": f"{year}-02-01",
            "ends_on": f"{year}-01-15",
            "agency": accommodated.routed_agency_id,
            "funding_source": "apbd_kota",
        },
    )
    assert response.status_code == 200 and "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.text
    response = client.post(
        url,
        {
            "budget_amount": 2_900_000,
            "starts_on": f"{year}-02-01",
            "ends_on": f"{year}-06-30",
            "agency": accommodated.routed_agency_id,
            "funding_source": "apbd_kota",
        },
    )
    activity = Activity.objects.get(proposal=accommodated)
    assert response.status_code == 302 and response.url == page_of(activity)
    assert (activity.budget_amount, activity.ends_on) == (2_900_000, datetime.date(year, 6, 30))


def test_the_list_query_count_does_not_grow_with_the_list(
    client, make_proposals, plan, pupr, django_assert_max_num_queries
):
    for proposal in make_proposals(2):
        plan(proposal)
    client.force_login(pupr)
    with django_assert_max_num_queries(12) as few:
        assert client.get("/pelaksanaan/").text.count('<progress class="progress"') == 2
    for proposal in make_proposals(10, title="Saluran"):
        plan(proposal)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/pelaksanaan/").text.count('<progress class="progress"') == 12
