"""The budget fit through the REST API: ceilings, a run beside the greedy rule, publishing it."""

import pytest

from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal

from .conftest import DINOYO, LOWOKWARU, MILLION

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_round_trip_from_the_pagu_to_the_published_fit(
    client, bappeda, person, all_open, verified, kecamatan_forum, close_kota
):
    first = verified("Jalan lingkungan", 60)
    second = verified("Lampu jalan", 50, agency="Dishub")
    third = verified("Tong sampah", 50, agency="DLH")
    kecamatan_forum([first, second, third, verified("Posyandu", 200, agency="Dinkes")])
    client.force_login(bappeda)
    base = f"/api/v1/cycles/{all_open.pk}"

    made = client.post(f"{base}/ceilings", {"kind": "kel", "region": DINOYO, "amount": 90 * MILLION}, content_type=JSON)
    assert made.status_code == 201, made.json()
    ceiling = made.json()
    assert (ceiling["key"], ceiling["label"], ceiling["region"]) == (f"kel:{DINOYO}", "Kelurahan Dinoyo", DINOYO)
    agency = client.post(
        f"{base}/ceilings",
        {"kind": "opd", "agency": "Dinas Lingkungan Hidup", "amount": 80 * MILLION},
        content_type=JSON,
    )
    assert agency.status_code == 201 and agency.json()["key"] == "opd:DLH"
    wrong = client.post(f"{base}/ceilings", {"kind": "kec", "region": DINOYO, "amount": 1}, content_type=JSON)
    assert wrong.status_code == 400 and wrong.json()["field"] == "region"
    assert [c["key"] for c in client.get(f"{base}/ceilings").json()] == [f"kel:{DINOYO}", "opd:DLH"]

    changed = client.put(
        f"/api/v1/ceilings/{ceiling['id']}", {"amount": 100 * MILLION, "version": 1}, content_type=JSON
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.put(f"/api/v1/ceilings/{ceiling['id']}", {"amount": 1, "version": 1}, content_type=JSON)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert client.delete(f"/api/v1/ceilings/{agency.json()['id']}?version=1").status_code == 204

    run = client.post(f"{base}/fit-runs", {"value_basis": "rank"}, content_type=JSON)
    assert run.status_code == 201, run.json()
    summary = run.json()
    assert summary["funded"] == 2 and summary["greedy_funded"] == 1
    assert summary["objective"] > summary["greedy_objective"]
    assert {r["number"] for r in summary["only_optimum"]} == {second.number, third.number}
    (dinoyo,) = summary["ceilings"]
    assert (dinoyo["used"], dinoyo["greedy_used"]) == (100 * MILLION, 60 * MILLION)
    left_out = next(r for r in summary["items"] if r["number"] == first.number)
    assert left_out["reason"] == {"kind": "ceiling", "ceilings": [f"kel:{DINOYO}"]}
    assert left_out["reason_text"] == "Melebihi pagu Kelurahan Dinoyo (sisa Rp0)."
    assert client.get(f"/api/v1/fit-runs/{summary['run']}").json()["items"] == summary["items"]
    refused = client.post(f"{base}/fit-runs", {"forced_in": ["bukan-usulan"]}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["field"] == "forced_in"

    camat = person("camat", LOWOKWARU)
    client.force_login(camat)
    assert client.get(f"/api/v1/fit-runs/{summary['run']}").status_code == 404
    assert client.post(f"/api/v1/fit-runs/{summary['run']}/publish").status_code == 404
    assert client.get(f"{base}/ceilings").status_code == 404

    client.force_login(bappeda)
    published = client.post(f"/api/v1/fit-runs/{summary['run']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert Proposal.objects.get(pk=second.pk).status == Status.ACCOMMODATED
    assert Proposal.objects.get(pk=first.pk).status == Status.NOT_ACCOMMODATED
    again = client.post(f"/api/v1/fit-runs/{summary['run']}/publish")
    assert again.status_code == 409

    close_kota()
    closed = client.post(f"{base}/fit-runs", {}, content_type=JSON)
    assert closed.status_code == 409 and closed.json()["code"] == "stage_closed"
    assert "Musrenbang Kota sudah ditutup" in closed.json()["detail"]


def test_the_schema_documents_the_budget_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/cycles/{cycle_id}/ceilings",
        "/api/v1/ceilings/{ceiling_id}",
        "/api/v1/cycles/{cycle_id}/fit-runs",
        "/api/v1/fit-runs/{run_id}",
        "/api/v1/fit-runs/{run_id}/publish",
    ):
        operations = schema["paths"][path]
        assert all(op["tags"] == ["budget"] for op in operations.values() if isinstance(op, dict) and "tags" in op)
