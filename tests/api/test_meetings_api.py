"""A whole Rembug held through the REST API, ending with its Berita Acara; names stay with those who hold it."""

import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from rembug.forums.services import meeting_open
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"
RT002 = "35.73.05.1011.03.002"
RT_OTHER_KELURAHAN = "35.73.05.1004.01.001"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def paving(malang):
    return dictionary_item(malang)


def propose(client, cycle, item, title, volume):
    """Write a proposal and its funding plan through the API, as a phone app would."""
    made = client.post(
        "/api/v1/proposals",
        {
            "cycle": cycle.year,
            "proposer": RT001,
            "title": title,
            "problem": "Rusak",
            "idea": "Perbaiki",
            "item": item.code,
            "volume": volume,
            "address": "RT 001",
        },
        content_type=JSON,
    ).json()
    shares = {"swadaya": 1_000_000, "apbd_kota": made["estimated_cost"] - 1_000_000}
    funded = client.put(
        f"/api/v1/proposals/{made['number']}/funding", {"version": made["version"], "shares": shares}, content_type=JSON
    )
    assert funded.status_code == 200, funded.json()
    return funded.json()


def hold(client, cycle, paving, *, everyone=True) -> dict:
    """Open the RT's Rembug and record everything it needs, up to (not including) finalizing."""
    melati = propose(client, cycle, paving, "Paving gang Melati", "100")
    mawar = propose(client, cycle, paving, "Paving gang Mawar", "50")
    opened = client.post("/api/v1/meetings", {"cycle": cycle.year, "holder": RT001}, content_type=JSON)
    assert opened.status_code == 201, opened.json()
    url = f"/api/v1/meetings/{opened.json()['id']}"
    meeting = client.patch(
        url,
        {
            "version": opened.json()["version"],
            "held_on": str(cycle.stages.first().opens_on),
            "place": "Balai RW 03",
            "chair_name": "Bu Siti Aminah",
            "agenda": "Usulan",
        },
        content_type=JSON,
    )
    assert meeting.status_code == 200, meeting.json()
    siti = client.post(
        f"{url}/attendees",
        {
            "name": "Siti Aminah",
            "gender": "P",
            "age_group": "dewasa",
            "groups": ["tokoh_masyarakat"],
            "position": "Ketua RT",
        },
        content_type=JSON,
    )
    assert siti.status_code == 201, siti.json()
    client.post(f"{url}/attendees", {"name": "Rina", "gender": "P", "age_group": "pemuda"}, content_type=JSON)
    client.post(f"{url}/attendees", {"name": "Pak Darmo", "gender": "L", "age_group": "lansia"}, content_type=JSON)
    if everyone:
        counted = client.put(f"{url}/counts", {"counts": {"difabel": 2, "kelompok_rentan": 1}}, content_type=JSON)
        assert counted.status_code == 200
    synced = client.post(f"{url}/sync-items").json()
    assert [i["number"] for i in synced["items"]] == [melati["number"], mawar["number"]]
    ordered = client.put(
        f"{url}/order",
        {"version": synced["version"], "numbers": [mawar["number"], melati["number"]]},
        content_type=JSON,
    ).json()
    assert [i["number"] for i in ordered["items"]] == [mawar["number"], melati["number"]]
    moved = client.post(
        f"{url}/items/{melati['number']}/move", {"direction": "up", "version": ordered["version"]}, content_type=JSON
    ).json()
    assert [i["rank"] for i in moved["items"]] == [1, 2] and moved["items"][0]["number"] == melati["number"]
    chosen = client.put(
        f"{url}/delegates", {"attendee_ids": [siti.json()["id"]], "mandate": "mengawal"}, content_type=JSON
    )
    assert chosen.status_code == 200
    return chosen.json()


def test_a_whole_rembug_is_held_through_the_api_and_its_berita_acara_downloaded(client, chair, cycle, paving):
    client.force_login(chair)
    meeting = hold(client, cycle, paving)
    url = f"/api/v1/meetings/{meeting['id']}"
    assert client.get(f"{url}/minutes.pdf").status_code == 404  # not before it is finalized
    inclusion = client.get(f"{url}/inclusion").json()
    assert inclusion["complete"] and inclusion["total"] == 6 and inclusion["by_group"]["difabel"] == 2

    finalized = client.post(f"{url}/finalize", {"version": meeting["version"]}, content_type=JSON)
    assert finalized.status_code == 200, finalized.json()
    assert finalized.json()["status"] == "finalized" and len(finalized.json()["documents"]["minutes_sha256"]) == 64
    assert set(Proposal.objects.values_list("status", flat=True)) == {Status.AGREED}

    pdf = client.get(f"{url}/minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "BERITA ACARA" in text and "Paving gang Melati" in text
    xlsx = client.get(
        f"{url}/list.xlsx", HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_finalized_rembug_refuses_changes_and_is_corrected_by_a_revision(client, chair, cycle, paving):
    client.force_login(chair)
    meeting = hold(client, cycle, paving)
    url = f"/api/v1/meetings/{meeting['id']}"
    done = client.post(f"{url}/finalize", {"version": meeting["version"]}, content_type=JSON).json()
    late = client.post(
        f"{url}/attendees", {"name": "Terlambat", "gender": "L", "age_group": "dewasa"}, content_type=JSON
    )
    assert late.status_code == 409 and late.json()["code"] == "frozen"
    assert client.post(f"{url}/revise", {"reason": ""}, content_type=JSON).status_code == 400
    revision = client.post(f"{url}/revise", {"reason": "Nama peserta salah tulis"}, content_type=JSON)
    assert revision.status_code == 201
    assert revision.json()["revision_of"] == done["id"] and revision.json()["status"] == "draft"
    assert len(revision.json()["attendees"]) == 3


def test_missing_groups_must_be_acknowledged_before_finalizing(client, chair, cycle, paving):
    client.force_login(chair)
    meeting = hold(client, cycle, paving, everyone=False)
    url = f"/api/v1/meetings/{meeting['id']}"
    refused = client.post(f"{url}/finalize", {"version": meeting["version"]}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["field"] == "inclusion"
    assert client.get(f"{url}/inclusion").json()["missing"] == ["difabel", "kelompok_rentan"]
    accepted = client.post(
        f"{url}/finalize", {"version": meeting["version"], "accept_inclusion_gaps": True}, content_type=JSON
    )
    assert accepted.status_code == 200


def test_a_participant_sent_twice_with_the_same_token_is_recorded_once(client, chair, cycle):
    client.force_login(chair)
    opened = client.post("/api/v1/meetings", {"cycle": cycle.year, "holder": RT001}, content_type=JSON).json()
    rina = {"name": "Rina", "gender": "P", "age_group": "pemuda", "client_token": str(uuid.uuid4())}
    first = client.post(f"/api/v1/meetings/{opened['id']}/attendees", rina, content_type=JSON)
    again = client.post(f"/api/v1/meetings/{opened['id']}/attendees", rina, content_type=JSON)
    assert first.json()["id"] == again.json()["id"]
    assert len(client.get(f"/api/v1/meetings/{opened['id']}").json()["attendees"]) == 1


def test_a_participant_recorded_by_mistake_is_removed(client, chair, cycle):
    client.force_login(chair)
    opened = client.post("/api/v1/meetings", {"cycle": cycle.year, "holder": RT001}, content_type=JSON).json()
    url = f"/api/v1/meetings/{opened['id']}/attendees"
    wrong = client.post(url, {"name": "Salah", "gender": "L", "age_group": "dewasa"}, content_type=JSON).json()
    assert client.delete(f"{url}/{wrong['id']}").status_code == 204
    assert client.delete(f"{url}/{wrong['id']}").status_code == 404
    assert client.get(f"/api/v1/meetings/{opened['id']}").json()["attendees"] == []


def test_a_stale_meeting_edit_gets_409_stale_version(client, chair, cycle):
    client.force_login(chair)
    opened = client.post("/api/v1/meetings", {"cycle": cycle.year, "holder": RT001}, content_type=JSON).json()
    url = f"/api/v1/meetings/{opened['id']}"
    assert client.patch(url, {"version": opened["version"], "place": "Balai"}, content_type=JSON).status_code == 200
    stale = client.patch(url, {"version": opened["version"], "place": "Pos"}, content_type=JSON)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"


def test_attendee_names_are_shown_only_to_those_who_hold_the_meeting(client, person, chair, cycle, paving):
    client.force_login(chair)
    meeting = hold(client, cycle, paving)
    url = f"/api/v1/meetings/{meeting['id']}"
    assert [a["name"] for a in client.get(url).json()["attendees"]] == ["Siti Aminah", "Rina", "Pak Darmo"]

    client.force_login(person("operator_kelurahan", "35.73.05.1011"))
    assert client.get(url).json()["delegates"][0]["name"] == "Siti Aminah"

    client.force_login(person("ketua_rw", "35.73.05.1011.03"))
    seen = client.get(url).json()
    assert seen["attendees"] is None and seen["delegates"] is None and seen["delegate_count"] == 1
    assert seen["attendance"]["total"] == 6 and seen["attendance"]["by_group"]["perempuan"] == 2
    assert "Rina" not in str(seen) and "Pak Darmo" not in str(seen)  # the chair's name is on the minutes anyway


def test_another_rt_chair_cannot_see_or_change_the_meeting(client, person, chair, cycle):
    meeting = meeting_open(actor=chair, cycle=cycle, holder=chair.assignments.get().region)
    client.force_login(person("ketua_rt", RT002))
    url = f"/api/v1/meetings/{meeting.pk}"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": meeting.version, "place": "x"}, content_type=JSON).status_code == 404
    assert client.get(f"{url}/minutes.pdf").status_code == 404
    assert client.get("/api/v1/meetings").json()["count"] == 0
    refused = client.post("/api/v1/meetings", {"cycle": cycle.year, "holder": RT001}, content_type=JSON)
    assert refused.status_code == 403


def test_the_kelurahan_operator_lists_the_kelurahan_meetings_but_not_another(client, person, region, chair, cycle):
    mine = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    meeting_open(actor=person("ketua_rt", RT_OTHER_KELURAHAN), cycle=cycle, holder=region(RT_OTHER_KELURAHAN))
    client.force_login(person("operator_kelurahan", "35.73.05.1011"))
    listed = client.get("/api/v1/meetings", {"cycle": cycle.year, "status": "draft"}).json()
    assert [m["id"] for m in listed["results"]] == [mine.pk]
    assert client.get("/api/v1/meetings", {"kelurahan": "35.73.05.1004"}).json()["count"] == 0


def test_the_meeting_list_costs_the_same_queries_for_1_or_8_meetings(
    client, person, region, cycle, django_assert_max_num_queries
):
    client.force_login(person("lurah", "35.73.05.1011"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(8):
            assert client.get("/api/v1/meetings").status_code == 200
        return len(captured)

    codes = [f"35.73.05.1011.03.00{n}" for n in range(1, 8)] + ["35.73.05.1011.04.001"]
    meeting_open(actor=person("ketua_rt", codes[0]), cycle=cycle, holder=region(codes[0]))
    one = queries()
    for code in codes[1:]:
        meeting_open(actor=person("ketua_rt", code), cycle=cycle, holder=region(code))
    assert queries() == one
    assert client.get("/api/v1/meetings").json()["count"] == 8


def test_the_openapi_document_lists_the_meeting_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    base = "/api/v1/meetings/{meeting_id}"
    for path in (
        "/api/v1/meetings",
        base,
        f"{base}/attendees",
        f"{base}/attendees/{{attendee_id}}",
        f"{base}/counts",
        f"{base}/sync-items",
        f"{base}/order",
        f"{base}/items/{{number}}/move",
        f"{base}/delegates",
        f"{base}/inclusion",
        f"{base}/finalize",
        f"{base}/revise",
        f"{base}/minutes.pdf",
        f"{base}/list.xlsx",
    ):
        assert path in paths, path
    assert "application/pdf" in paths[f"{base}/minutes.pdf"]["get"]["responses"]["200"]["content"]
    assert paths[f"{base}/finalize"]["post"]["tags"] == ["meetings"]


@pytest.fixture
def every_stage_open(cycle):
    """Every stage open today (test setup only: real windows follow one another)."""
    import datetime

    from rembug.cycles.models import Stage
    from rembug.cycles.selectors import today

    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    return cycle


@pytest.mark.parametrize(
    "role, code", [("operator_kecamatan", "35.73.05"), ("camat", "35.73.05"), ("bappeda", "35.73")]
)
def test_kecamatan_and_city_staff_list_and_read_every_kind_of_forum(
    client, person, region, chair, every_stage_open, role, code
):
    cycle = every_stage_open
    rembug = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    kelurahan_operator = person("operator_kelurahan", "35.73.05.1011")
    tematik = meeting_open(actor=kelurahan_operator, cycle=cycle, holder=region("35.73.05.1011"), theme="anak")
    kelurahan = meeting_open(actor=kelurahan_operator, cycle=cycle, holder=region("35.73.05.1011"))
    kecamatan = meeting_open(actor=person("operator_kecamatan", "35.73.05"), cycle=cycle, holder=region("35.73.05"))
    client.force_login(person(role, code))

    listed = client.get("/api/v1/meetings")

    assert listed.status_code == 200, listed.content
    by_id = {m["id"]: m for m in listed.json()["results"]}
    assert set(by_id) == {rembug.pk, tematik.pk, kelurahan.pk, kecamatan.pk}
    assert by_id[kecamatan.pk]["kind"] == "musrenbang_kecamatan" and by_id[kecamatan.pk]["kelurahan"] is None
    assert by_id[kecamatan.pk]["holder"] == {"region": "35.73.05", "group": None, "label": kecamatan.holder_label}
    assert by_id[tematik.pk]["kind"] == "tematik" and by_id[tematik.pk]["kelurahan"] == "35.73.05.1011"
    assert by_id[rembug.pk]["kelurahan"] == "35.73.05.1011"
    for meeting in (rembug, tematik, kelurahan, kecamatan):
        detail = client.get(f"/api/v1/meetings/{meeting.pk}")
        assert detail.status_code == 200, detail.content
        assert detail.json()["id"] == meeting.pk and detail.json()["kind"] == meeting.kind
    assert client.get(f"/api/v1/meetings/{kecamatan.pk}").json()["kelurahan"] is None


def test_a_document_asked_for_before_finalizing_is_refused_in_json(client, chair, cycle):
    client.force_login(chair)
    opened = client.post("/api/v1/meetings", {"cycle": cycle.year, "holder": RT001}, content_type=JSON).json()
    url = f"/api/v1/meetings/{opened['id']}"
    for path, accept in [
        ("minutes.pdf", "application/pdf"),
        ("list.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]:
        for answer in (client.get(f"{url}/{path}", HTTP_ACCEPT=accept), client.get(f"{url}/{path}?format=file")):
            assert answer.status_code == 404 and answer["Content-Type"] == "application/json"
            assert answer.json()["detail"] == "Berkas tersedia setelah Rembug ditetapkan."


def test_a_meeting_answer_counts_its_items(client, chair, cycle, paving):
    client.force_login(chair)
    propose(client, cycle, paving, "Paving gang Melati", "100")
    opened = client.post("/api/v1/meetings", {"cycle": cycle.year, "holder": RT001}, content_type=JSON).json()
    assert opened["item_count"] == 1
    assert client.get(f"/api/v1/meetings/{opened['id']}").json()["item_count"] == 1
    assert client.get("/api/v1/meetings").json()["results"][0]["item_count"] == 1
