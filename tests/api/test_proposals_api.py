"""Proposals in the REST API: the same services and rules as the pages, each person sees only their own region."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.selectors import proposals_visible_to
from rembug.proposals.services import proposal_create
from rembug.regions.models import CommunityGroup, GroupKind
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"
RT002 = "35.73.05.1011.03.002"
RT_OTHER_RW = "35.73.05.1011.04.001"
RT_OTHER_KELURAHAN = "35.73.05.1004.01.001"


@pytest.fixture
def paving(malang):
    return dictionary_item(malang)


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


def body(planning, entry, **extra):
    return {
        "cycle": planning.year,
        "proposer": RT001,
        "title": "Paving gang Melati",
        "problem": "Gang becek saat hujan",
        "idea": "Paving 120 m2",
        "item": entry.code,
        "volume": "120",
        "address": "Gg. Melati RT 001",
        **extra,
    }


def written(actor, cycle, proposer, item, title="Paving gang Melati"):
    return proposal_create(
        actor=actor,
        cycle=cycle,
        proposer=proposer,
        title=title,
        problem="Rusak",
        idea="Perbaiki",
        item=item,
        volume=10,
        address="Gang",
    )


def bearer(client, user) -> dict:
    token = client.post(
        "/api/v1/auth/token", {"username": user.username, "password": "pw-rembug-123"}, content_type="application/json"
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_an_rt_chair_writes_a_proposal_with_a_bearer_token(client, chair, cycle, paving):
    response = client.post(
        "/api/v1/proposals", body(cycle, paving), content_type="application/json", **bearer(client, chair)
    )
    assert response.status_code == 201, response.json()
    made = response.json()
    assert made["number"] == f"{cycle.year}-35.73.05.1011-0001"
    assert made["estimated_cost"] == 120 * 150_000 and made["status"] == Status.DRAFT
    assert made["proposer"] == {"region": RT001, "group": None, "kind": "rt", "label": "RT 001"}
    assert made["history"][0]["kind"] == "created" and made["history"][0]["actor"] == chair.display_name


def test_the_item_may_be_named_by_its_id_instead_of_its_code(client, chair, cycle, paving):
    client.force_login(chair)
    response = client.post(
        "/api/v1/proposals", body(cycle, paving, item=str(paving.pk)), content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["item"]["code"] == paving.code


def test_sending_the_same_client_token_twice_creates_one_proposal(client, chair, cycle, paving):
    client.force_login(chair)
    token = str(uuid.uuid4())
    first = client.post("/api/v1/proposals", body(cycle, paving, client_token=token), content_type="application/json")
    again = client.post("/api/v1/proposals", body(cycle, paving, client_token=token), content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert Proposal.objects.filter(client_token=token).count() == 1


def test_missing_and_unknown_fields_are_named(client, chair, cycle, paving):
    client.force_login(chair)
    missing = client.post("/api/v1/proposals", body(cycle, paving, title=""), content_type="application/json")
    assert missing.status_code == 400 and "title" in missing.json()
    unknown_item = client.post("/api/v1/proposals", body(cycle, paving, item="NOPE"), content_type="application/json")
    assert unknown_item.status_code == 400 and "item" in unknown_item.json()
    unknown_year = client.post("/api/v1/proposals", body(cycle, paving, cycle=1999), content_type="application/json")
    assert unknown_year.status_code == 400 and "cycle" in unknown_year.json()


def test_an_rt_chair_cannot_write_for_another_rt(client, chair, cycle, paving):
    client.force_login(chair)
    response = client.post("/api/v1/proposals", body(cycle, paving, proposer=RT002), content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_a_pokmas_chair_writes_for_the_pokmas_and_sees_only_its_proposals(client, person, chair, cycle, region, paving):
    pokmas = CommunityGroup.objects.create(
        kind=GroupKind.POKMAS, name="Pokmas Sejahtera", region=region("35.73.05.1011")
    )
    written(chair, cycle, region(RT001), paving)
    client.force_login(person("ketua_pokmas", "35.73.05.1011", group=pokmas))
    made = client.post(
        "/api/v1/proposals", body(cycle, paving, proposer=None, group=pokmas.pk), content_type="application/json"
    )
    assert made.status_code == 201, made.json()
    assert made.json()["proposer"] == {
        "region": "35.73.05.1011",
        "group": pokmas.pk,
        "kind": "pokmas",
        "label": "Pokmas Sejahtera",
    }
    assert [p["number"] for p in client.get("/api/v1/proposals").json()["results"]] == [made.json()["number"]]


def test_a_stale_edit_gets_409_stale_version(client, chair, cycle, region, paving):
    proposal = written(chair, cycle, region(RT001), paving)
    client.force_login(chair)
    url = f"/api/v1/proposals/{proposal.number}"
    fresh = client.patch(url, {"version": proposal.version, "volume": "20"}, content_type="application/json")
    assert fresh.status_code == 200 and fresh.json()["estimated_cost"] == 20 * 150_000
    assert fresh.json()["version"] == proposal.version + 1
    stale = client.patch(url, {"version": proposal.version, "volume": "30"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"


def test_an_edit_must_say_which_version_it_read(client, chair, cycle, region, paving):
    proposal = written(chair, cycle, region(RT001), paving)
    client.force_login(chair)
    response = client.patch(f"/api/v1/proposals/{proposal.number}", {"volume": "20"}, content_type="application/json")
    assert response.status_code == 400 and "version" in response.json()


def test_an_rt_chair_cannot_see_or_edit_another_rts_proposal(client, person, chair, cycle, region, paving):
    theirs = written(person("ketua_rt", RT002), cycle, region(RT002), paving)
    client.force_login(chair)
    url = f"/api/v1/proposals/{theirs.number}"
    assert client.get(url).status_code == 404
    assert (
        client.patch(url, {"version": theirs.version, "title": "x"}, content_type="application/json").status_code == 404
    )
    assert client.get("/api/v1/proposals").json()["count"] == 0


def test_the_ketua_rw_follows_the_rts_proposals_but_does_not_edit_them(client, person, chair, cycle, region, paving):
    proposal = written(chair, cycle, region(RT001), paving)
    client.force_login(person("ketua_rw", "35.73.05.1011.03"))
    url = f"/api/v1/proposals/{proposal.number}"
    assert client.get(url).status_code == 200
    refused = client.patch(url, {"version": proposal.version, "title": "Lain"}, content_type="application/json")
    assert refused.status_code == 403


def test_the_kelurahan_operator_lists_the_whole_kelurahan_but_not_another(client, person, chair, cycle, region, paving):
    mine = written(chair, cycle, region(RT001), paving)
    other_rw = written(person("ketua_rt", RT_OTHER_RW), cycle, region(RT_OTHER_RW), paving)
    elsewhere = written(person("ketua_rt", RT_OTHER_KELURAHAN), cycle, region(RT_OTHER_KELURAHAN), paving)
    client.force_login(person("operator_kelurahan", "35.73.05.1011"))
    listed = {p["number"] for p in client.get("/api/v1/proposals").json()["results"]}
    assert listed == {mine.number, other_rw.number}
    assert client.get(f"/api/v1/proposals/{elsewhere.number}").status_code == 404
    filtered = client.get("/api/v1/proposals", {"kelurahan": "35.73.05.1004"}).json()
    assert filtered["count"] == 0


def test_a_verifier_sees_the_proposals_routed_to_their_agency(client, person, chair, cycle, region, malang, paving):
    routed = written(chair, cycle, region(RT001), paving)
    written(
        chair,
        cycle,
        region(RT001),
        dictionary_item(
            malang, name="Pelatihan UMKM", unit="paket", category="umkm", field="ekonomi", agency="Diskopindag"
        ),
    )
    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    client.force_login(verifier)
    assert [p["number"] for p in client.get("/api/v1/proposals").json()["results"]] == [routed.number]
    assert verifier.has_perm("proposals.view_proposal", routed)


def test_the_visible_list_is_exactly_what_the_view_rule_allows(person, chair, cycle, region, malang, paving):
    proposers = [RT001, RT002, RT_OTHER_RW, RT_OTHER_KELURAHAN]
    made = [written(person("ketua_rt", code), cycle, region(code), paving) for code in proposers]
    viewers = [
        chair,
        person("ketua_rw", "35.73.05.1011.03"),
        person("lpmk", "35.73.05.1011"),
        person("camat", "35.73.05"),
        person("operator_kecamatan", "35.73.01"),
        person("bappeda", "35.73"),
        person("bappeda", "35.79"),
        person("verifikator_opd", "35.73", agency="DPUPRPKP"),
    ]
    for viewer in viewers:
        by_rule = {p.pk for p in made if viewer.has_perm("proposals.view_proposal", p)}
        assert set(proposals_visible_to(viewer).values_list("pk", flat=True)) == by_rule, viewer.username


def test_the_list_filters_by_status_proposer_and_words(client, person, chair, cycle, region, paving):
    melati = written(chair, cycle, region(RT001), paving, title="Paving gang Melati")
    mawar = written(chair, cycle, region(RT001), paving, title="Saluran gang Mawar")
    written(person("ketua_rt", RT002), cycle, region(RT002), paving, title="Paving gang Kenanga")
    client.force_login(person("lurah", "35.73.05.1011"))

    def numbers(**query):
        return [p["number"] for p in client.get("/api/v1/proposals", query).json()["results"]]

    assert numbers(q="gang melati") == [melati.number]
    assert numbers(q=mawar.number) == [mawar.number]
    assert numbers(proposer=RT001, cycle=cycle.year) == [melati.number, mawar.number]
    assert numbers(status="withdrawn") == []
    assert client.get("/api/v1/proposals", {"status": "nonsense"}).status_code == 400


def test_the_detail_shows_the_funding_plan_and_the_history_with_labels(client, chair, cycle, region, paving):
    proposal = written(chair, cycle, region(RT001), paving)
    client.force_login(chair)
    url = f"/api/v1/proposals/{proposal.number}"
    shares = {"swadaya": 500_000, "apbd_kota": proposal.estimated_cost - 500_000}
    funded = client.put(
        f"{url}/funding", {"version": proposal.version, "shares": shares}, content_type="application/json"
    )
    assert funded.status_code == 200, funded.json()
    withdrawn = client.post(f"{url}/withdraw", {"reason": "Sudah dibangun swadaya"}, content_type="application/json")
    assert withdrawn.status_code == 200
    detail = client.get(url).json()
    assert {(f["source"], f["amount"]) for f in detail["funding"]} == set(shares.items())
    assert detail["community_contribution"] == 500_000 and detail["times_proposed"] == 1
    assert detail["previous"] is None and detail["attachments"] == []
    last = detail["history"][-1]
    assert (last["kind"], last["from_status"], last["to_status"]) == ("transition", "draft", "withdrawn")
    assert last["to_status_label"] == "Ditarik" and last["reason"] == "Sudah dibangun swadaya"


def test_the_funding_plan_must_add_up_to_the_cost(client, chair, cycle, region, paving):
    proposal = written(chair, cycle, region(RT001), paving)
    client.force_login(chair)
    response = client.put(
        f"/api/v1/proposals/{proposal.number}/funding",
        {"version": proposal.version, "shares": {"swadaya": 1}},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "funding"


def test_withdrawing_needs_a_reason(client, chair, cycle, region, paving):
    proposal = written(chair, cycle, region(RT001), paving)
    client.force_login(chair)
    response = client.post(
        f"/api/v1/proposals/{proposal.number}/withdraw", {"reason": " "}, content_type="application/json"
    )
    assert response.status_code == 400 and "reason" in response.json()


def test_a_proposal_not_accommodated_is_carried_over_once_to_a_later_year(client, chair, region, malang, paving):
    day = today()
    earlier, later = (cycle_create(city=malang, year=y, schedule=demo_schedule(y, day)) for y in (2041, 2042))
    first = written(chair, earlier, region(RT001), paving)
    walk(first, Status.OUTSIDE_QUOTA)
    client.force_login(chair)
    token = str(uuid.uuid4())
    url = f"/api/v1/proposals/{first.number}/carry-over"
    carried = client.post(url, {"cycle": later.year, "client_token": token}, content_type="application/json")
    assert carried.status_code == 201, carried.json()
    assert carried.json()["previous"] == first.number and carried.json()["times_proposed"] == 2
    again = client.post(url, {"cycle": later.year, "client_token": token}, content_type="application/json")
    assert again.json()["number"] == carried.json()["number"]
    assert client.post(url, {"cycle": later.year}, content_type="application/json").status_code == 400


def test_anonymous_visitors_get_no_proposals(client):
    response = client.get("/api/v1/proposals")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"


def test_the_proposal_list_costs_the_same_queries_for_1_or_20_proposals(
    client, person, chair, cycle, region, paving, django_assert_max_num_queries
):
    operator = person("operator_kelurahan", "35.73.05.1011")
    client.force_login(operator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(8):
            assert client.get("/api/v1/proposals").status_code == 200
        return len(captured)

    written(chair, cycle, region(RT001), paving)
    one = queries()
    for n in range(19):
        written(chair, cycle, region(RT001), paving, title=f"Paving {n}")
    assert queries() == one
    assert client.get("/api/v1/proposals").json()["count"] == 20


def test_the_dictionary_is_public_and_lists_the_items_valid_that_year(client, malang, paving):
    ended = dictionary_item(
        malang, name="Tong sampah lama", active_until=2024, category="persampahan", field="kebutuhan_warga"
    )
    listed = client.get("/api/v1/dictionary", {"city": "35.73", "year": 2027, "q": "paving"}).json()
    assert paving.code in {i["code"] for i in listed["results"]}
    assert all(i["code"] != ended.code for i in listed["results"])
    assert listed["results"][0]["agency"] == "DPUPRPKP"
    then = client.get("/api/v1/dictionary", {"city": "35.73", "year": 2024, "q": ended.code}).json()
    assert [i["code"] for i in then["results"]] == [ended.code]
    assert client.get("/api/v1/dictionary").status_code == 400


def test_the_openapi_document_lists_the_proposal_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/proposals",
        "/api/v1/proposals/{number}",
        "/api/v1/proposals/{number}/funding",
        "/api/v1/proposals/{number}/withdraw",
        "/api/v1/proposals/{number}/carry-over",
        "/api/v1/dictionary",
    ):
        assert path in paths, path
    assert paths["/api/v1/proposals"]["post"]["tags"] == ["proposals"]
    assert {p["name"] for p in paths["/api/v1/proposals"]["get"]["parameters"]} >= {
        "cycle",
        "proposer",
        "kelurahan",
        "status",
        "q",
    }


def test_a_photo_is_attached_through_the_api_and_a_fake_one_is_refused(
    client, person, region, cycle, malang, settings, tmp_path
):
    import io as _io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from rembug.proposals.services import proposal_create as create
    from tests.factories import dictionary_item as make_item

    settings.MEDIA_ROOT = tmp_path
    chair = person("ketua_rt", "35.73.05.1011.03.001")
    proposal = create(
        actor=chair,
        cycle=cycle,
        proposer=region("35.73.05.1011.03.001"),
        title="Paving",
        problem="x",
        idea="y",
        item=make_item(malang),
        volume=3,
        address="a",
    )
    client.force_login(chair)
    buffer = _io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    ok = client.post(
        f"/api/v1/proposals/{proposal.number}/attachments",
        {"file": SimpleUploadedFile("a.png", buffer.getvalue(), "image/png")},
    )
    assert ok.status_code == 201 and ok.json()["attachments"][0]["kind"] == "photo"
    bad = client.post(
        f"/api/v1/proposals/{proposal.number}/attachments",
        {"file": SimpleUploadedFile("b.png", b"not a picture", "image/png")},
    )
    assert bad.status_code == 400 and "bukan foto" in bad.json()["detail"]


def test_the_dictionary_round_trips_through_the_api_and_bad_cells_are_listed(client, person, malang):
    import io as _io

    from openpyxl import load_workbook

    from rembug.proposals.dictionary import dictionary_load_csv

    dictionary_load_csv(city=malang)
    client.force_login(person("bappeda", "35.73"))
    content = client.get("/api/v1/dictionary.xlsx").content
    same = _io.BytesIO(content)
    same.name = "kamus.xlsx"
    assert client.post("/api/v1/dictionary.xlsx", {"file": same}).json()["updated"] == 0
    book = load_workbook(_io.BytesIO(content))
    book.worksheets[0]["G2"] = -5
    bad = _io.BytesIO()
    book.save(bad)
    bad.seek(0)
    bad.name = "kamus.xlsx"
    answer = client.post("/api/v1/dictionary.xlsx", {"file": bad})
    assert answer.status_code == 400 and any("Baris 2, kolom G" in e for e in answer.json()["errors"])
