"""Delivery in the REST API: the same rules and Indonesian messages as the pages."""

import pytest
from knox.models import AuthToken

from rembug.delivery.models import Activity

from .conftest import days_ago, fake_photo, jpeg, move_implementation

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    """An integration's token (issued directly: the login endpoint is throttled)."""
    return {"HTTP_AUTHORIZATION": f"Bearer {AuthToken.objects.create(user)[1]}"}


def test_the_agency_lists_its_activities_and_bappeda_its_citys(
    client, activity, accommodated, pupr, dlh, planner, batu_planner
):
    answer = client.get("/api/v1/activities", **bearer(pupr)).json()
    assert answer["count"] == 1
    row = answer["results"][0]
    assert (row["proposal"], row["agency"], row["status"], row["percent_done"], row["budget_amount"]) == (
        accommodated.number,
        "DPUPRPKP",
        "planned",
        0,
        3_000_000,
    )
    assert row["proposal_status"] == "accommodated" and row["city"] == "35.73"
    assert client.get("/api/v1/activities", **bearer(dlh)).json()["count"] == 0
    assert client.get("/api/v1/activities", {"city": "35.73"}, **bearer(planner)).json()["count"] == 1
    assert client.get("/api/v1/activities", {"city": "35.73", "status": "done"}, **bearer(planner)).json()["count"] == 0
    assert client.get("/api/v1/activities", {"city": "35.73"}, **bearer(batu_planner)).json()["count"] == 0


def test_bappeda_plans_and_replans_through_the_api(client, accommodated, planner, batu_planner, pupr, cycle):
    year = cycle.budget_year
    body = {
        "proposal": accommodated.number,
        "budget_amount": 2_500_000,
        "starts_on": f"{year}-03-01",
        "ends_on": f"{year}-08-31",
    }
    for outsider in (batu_planner, pupr):
        assert (
            client.post("/api/v1/activities", body, content_type="application/json", **bearer(outsider)).status_code
            == 404
        )
    response = client.post("/api/v1/activities", body, content_type="application/json", **bearer(planner))
    assert response.status_code == 201, response.json()
    made = response.json()
    assert (made["agency"], made["funding_source"], made["version"], made["reports"]) == (
        "DPUPRPKP",
        "apbd_kota",
        1,
        [],
    )
    again = client.post(
        "/api/v1/activities",
        body | {"budget_amount": 2_600_000, "agency": "DLH"},
        content_type="application/json",
        **bearer(planner),
    )
    assert again.status_code == 409 and again.json()["code"] == "stale_version"
    again = client.post(
        "/api/v1/activities",
        body | {"budget_amount": 2_600_000, "agency": "dinas  lingkungan hidup", "version": 1},  # as SIPD names it
        content_type="application/json",
        **bearer(planner),
    )
    assert again.status_code == 200 and again.json()["agency"] == "DLH" and again.json()["version"] == 2
    assert Activity.objects.count() == 1
    bad = client.post(
        "/api/v1/activities",
        body | {"ends_on": f"{year}-01-01", "version": 2},
        content_type="application/json",
        **bearer(planner),
    )
    assert bad.status_code == 400 and bad.json()["field"] == "ends_on"


def test_the_verifier_reports_with_a_photo_through_the_api(client, activity, pupr, dlh):
    url = f"/api/v1/activities/{activity.pk}/reports"
    assert (
        client.post(
            url, {"percent": 10, "reported_on": days_ago(0).isoformat(), "version": activity.version}, **bearer(dlh)
        ).status_code
        == 404
    )
    response = client.post(
        url,
        {
            "percent": 45,
            "reported_on": days_ago(1).isoformat(),
            "note": "Paving separuh.",
            "photo": jpeg(),
            "version": activity.version,
        },
        **bearer(pupr),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["percent_done"], body["status"], body["proposal_status"]) == (45, "in_progress", "in_progress")
    [report] = body["reports"]
    assert report["percent"] == 45 and report["photo"] == f"http://testserver/pelaksanaan/foto/{report['id']}/"
    detail = client.get(f"/api/v1/activities/{activity.pk}", **bearer(pupr)).json()
    assert detail["reports"] == body["reports"]
    assert client.get(f"/api/v1/activities/{activity.pk}", **bearer(dlh)).status_code == 404


def test_refusals_answer_with_the_services_message(client, activity, pupr, cycle):
    url = f"/api/v1/activities/{activity.pk}/reports"
    fake = client.post(
        url,
        {"percent": 10, "reported_on": days_ago(0).isoformat(), "photo": fake_photo(), "version": activity.version},
        **bearer(pupr),
    )
    assert fake.status_code == 400 and fake.json()["field"] == "photo"
    move_implementation(cycle, opens=-60, closes=-1)
    closed = client.post(
        url, {"percent": 10, "reported_on": days_ago(0).isoformat(), "version": activity.version}, **bearer(pupr)
    )
    assert closed.status_code == 409 and closed.json()["code"] == "stage_closed"
    assert "tahap Pelaksanaan sudah ditutup" in closed.json()["detail"]


def test_the_openapi_document_describes_delivery(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/activities"]["get"]["tags"] == ["delivery"]
    assert "post" in paths["/api/v1/activities"]
    assert "multipart/form-data" in paths["/api/v1/activities/{id}/reports"]["post"]["requestBody"]["content"]
