"""The Forum Perangkat Daerah in the REST API: the same rules as the pages, the same Indonesian messages."""

import pytest
from knox.models import AuthToken

from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal

from .conftest import move_forum

pytestmark = pytest.mark.django_db


def bearer(client, user) -> dict:
    """An integration's token (issued directly: the login endpoint is throttled)."""
    return {"HTTP_AUTHORIZATION": f"Bearer {AuthToken.objects.create(user)[1]}"}


def verify(client, user, proposal, **body):
    return client.post(
        f"/api/v1/proposals/{proposal.number}/verify", body, content_type="application/json", **bearer(client, user)
    )


def test_the_queue_lists_the_agencys_proposals_only(client, forwarded, pupr, dlh, batu_pupr):
    answer = client.get("/api/v1/verification/queue", **bearer(client, pupr)).json()
    assert answer["count"] == 1
    row = answer["results"][0]
    assert (row["number"], row["status"], row["routed_agency"], row["final_agency"]) == (
        forwarded.number,
        Status.FORWARDED_OPD,
        "DPUPRPKP",
        None,
    )
    assert row["kecamatan"] == "35.73.05" and row["estimated_cost"] == 3_000_000
    assert row["photos"] and row["photos"][0].startswith("http://testserver/usulan/lampiran/")
    for outsider in (dlh, batu_pupr):
        assert (
            client.get("/api/v1/verification/queue", {"status": "all"}, **bearer(client, outsider)).json()["count"] == 0
        )


def test_accepting_through_the_api(client, forwarded, pupr):
    response = verify(
        client, pupr, forwarded, decision="accept", version=forwarded.version, volume="12.5", note="Sebagian sudah ada."
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.VERIFIED and body["version"] == forwarded.version + 1
    [rec] = body["recommendations"]
    assert (rec["level"], rec["decision"], rec["agency"], rec["volume"], rec["cost"]) == (
        "opd",
        "accept",
        "DPUPRPKP",
        "12.50",
        1_875_000,
    )


def test_rejecting_through_the_api_needs_a_reason(client, forwarded, pupr, chair):
    response = verify(client, pupr, forwarded, decision="reject", version=forwarded.version)
    assert response.status_code == 400 and response.json()["field"] == "reason"
    response = verify(
        client,
        pupr,
        forwarded,
        decision="reject",
        version=forwarded.version,
        reason="melebihi_pagu",
        reason_text="Pagu drainase 2028 habis.",
    )
    assert response.status_code == 200 and response.json()["status"] == Status.NOT_ACCOMMODATED
    # The proposing RT reads why.
    recs = client.get(f"/api/v1/proposals/{forwarded.number}/recommendations", **bearer(client, chair)).json()
    assert recs[0]["reason_label"] == "Melebihi pagu" and recs[0]["reason_text"] == "Pagu drainase 2028 habis."


def test_rerouting_through_the_api(client, forwarded, pupr, dlh):
    response = verify(
        client,
        pupr,
        forwarded,
        decision="reroute",
        version=forwarded.version,
        to_agency="DLH",
        reason_text="Urusan persampahan.",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["routed_agency"], response.json()["final_agency"]) == ("DPUPRPKP", "DLH")
    assert client.get("/api/v1/verification/queue", **bearer(client, pupr)).json()["count"] == 0
    assert client.get("/api/v1/verification/queue", **bearer(client, dlh)).json()["count"] == 1
    again = verify(client, pupr, forwarded, decision="accept", version=forwarded.version + 1)
    assert again.status_code == 404


def test_rerouting_needs_a_known_agency_of_the_city(client, forwarded, pupr):
    for target in ("", "Dinas Tidak Ada"):
        response = verify(
            client, pupr, forwarded, decision="reroute", version=forwarded.version, to_agency=target, reason_text="x"
        )
        assert response.status_code == 400 and "to_agency" in response.json()


def test_rerouting_takes_the_agency_as_sipd_names_it_and_names_an_unknown_one(client, forwarded, pupr, dlh):
    unknown = verify(
        client,
        pupr,
        forwarded,
        decision="reroute",
        version=forwarded.version,
        to_agency="Dinas Kearsipan dan Perpustakaan",
        reason_text="x",
    )
    assert unknown.status_code == 400
    assert "Dinas Kearsipan dan Perpustakaan" in str(unknown.json()["to_agency"])
    response = verify(
        client,
        pupr,
        forwarded,
        decision="reroute",
        version=forwarded.version,
        to_agency="DINAS LINGKUNGAN  HIDUP",
        reason_text="Urusan persampahan.",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["final_agency"] == "DLH"


def test_verifiers_of_another_agency_or_city_get_404(client, forwarded, dlh, batu_pupr):
    for outsider in (dlh, batu_pupr):
        assert verify(client, outsider, forwarded, decision="accept", version=forwarded.version).status_code == 404
        response = client.get(f"/api/v1/proposals/{forwarded.number}/recommendations", **bearer(client, outsider))
        assert response.status_code == 404
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD


def test_a_closed_forum_and_a_stale_version_answer_409(client, forwarded, pupr, cycle):
    stale = verify(client, pupr, forwarded, decision="accept", version=forwarded.version - 1)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    move_forum(cycle, opens=-20, closes=-1)
    closed = verify(client, pupr, forwarded, decision="accept", version=forwarded.version)
    assert closed.status_code == 409 and closed.json()["code"] == "stage_closed"
    assert "Forum Perangkat Daerah sudah ditutup" in closed.json()["detail"]


def test_the_openapi_document_lists_the_verification_paths(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/verification/queue",
        "/api/v1/proposals/{number}/recommendations",
        "/api/v1/proposals/{number}/verify",
    ):
        assert path in schema["paths"]
    assert schema["paths"]["/api/v1/proposals/{number}/verify"]["post"]["tags"] == ["verification"]
