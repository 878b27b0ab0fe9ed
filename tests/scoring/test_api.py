"""Ranking through the REST API: criteria by Bappeda, scores, a suggestion and a vote by the Rembug's chair."""

import pytest

from rembug.forums.services import attendee_add
from rembug.scoring.services import ballot_cast, vote_open

from .conftest import RT002, URGENCY

pytestmark = pytest.mark.django_db
# Session, user, roles, meeting visibility, vote, ballots with attendees, proposal titles, ballots for the chair.
QUERY_BOUND = 7
CRITERIA = [
    {"key": "urgensi", "name": URGENCY, "source": "forum"},
    {"key": "penerima", "name": "Jumlah penerima manfaat", "source": "beneficiaries"},
    {"key": "biaya", "name": "Perkiraan biaya", "source": "estimated_cost"},
]


def call(client, method, url, data=None):
    return getattr(client, method)(f"/api/v1/{url}", data, content_type="application/json")


def test_a_forum_ranks_its_list_through_the_api(client, planner, chair, cycle, meeting, proposals, attendees):
    melati, kenanga, mawar = proposals
    client.force_login(planner)
    created = call(
        client,
        "post",
        f"cycles/{cycle.pk}/criteria-sets",
        {
            "name": "Kriteria 2027",
            "weight_source": "ahp",
            "criteria": CRITERIA,
            "ahp_matrix": [[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]],
        },
    )
    assert created.status_code == 201, created.json()
    criteria = created.json()
    assert [round(c["weight"], 4) for c in criteria["criteria"]] == [0.5714, 0.2857, 0.1429]
    inconsistent = call(
        client,
        "put",
        f"criteria-sets/{criteria['id']}",
        {
            "name": "Kriteria 2027",
            "weight_source": "ahp",
            "criteria": CRITERIA,
            "version": criteria["version"],
            "ahp_matrix": [[1, 2, 3], ["1/2", 1, 5], ["1/3", "1/5", 1]],
        },
    )
    assert inconsistent.status_code == 400 and "CR = 0,14 > 0,10" in inconsistent.json()["detail"]
    stale = call(
        client,
        "put",
        f"criteria-sets/{criteria['id']}",
        {"name": "Kriteria 2027", "criteria": [{**c, "weight": 1} for c in CRITERIA], "version": 99},
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert [s["id"] for s in client.get(f"/api/v1/cycles/{cycle.pk}/criteria-sets").json()] == [criteria["id"]]

    client.force_login(chair)
    assert (
        call(client, "post", f"cycles/{cycle.pk}/criteria-sets", {"name": "Punya RT", "criteria": CRITERIA}).status_code
        == 403
    )
    urgency = criteria["criteria"][0]["id"]
    scores = {str(p.pk): {str(urgency): v} for p, v in zip(proposals, [5, 4, 2], strict=True)}
    answer = call(client, "put", f"meetings/{meeting.pk}/scores", {"scores": scores})
    assert answer.status_code == 200 and answer.json()["scores"] == scores
    suggested = call(client, "post", f"meetings/{meeting.pk}/suggestions", {})
    assert suggested.status_code == 201, suggested.json()
    assert suggested.json()["method"] == "saw" and len(suggested.json()["rows"]) == 3
    assert [s["id"] for s in client.get(f"/api/v1/meetings/{meeting.pk}/suggestions").json()] == [
        suggested.json()["id"]
    ]

    vote = call(client, "post", f"meetings/{meeting.pk}/votes", {"kind": "borda"})
    assert vote.status_code == 201 and vote.json()["proposal_ids"] == [melati.pk, kenanga.pk, mawar.pk]
    vote_id = vote.json()["id"]
    for name, ranking in [("Rina", [mawar.pk, melati.pk]), ("Budi", [kenanga.pk]), ("Joko", [kenanga.pk])]:
        cast = call(client, "post", f"votes/{vote_id}/ballots", {"attendee_id": attendees[name].pk, "ranking": ranking})
        assert cast.status_code == 201, cast.json()
    closed = call(client, "post", f"votes/{vote_id}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    tally = client.get(f"/api/v1/votes/{vote_id}").json()["tally"]
    assert tally["results"][0] == {"proposal_id": kenanga.pk, "points": 4}
    groups = {g["group"]: g for g in tally["groups"]}
    assert groups["perempuan"]["top"] == mawar.pk and groups["semua"]["top"] == kenanga.pk
    assert [p["title"] for p in tally["proposals"]] == [
        "Paving gang Melati",
        "Saluran Jl. Kenanga",
        "Paving gang Mawar",
    ]


def test_a_meeting_outside_ones_region_does_not_exist_and_its_ballots_stay_with_the_chair(
    client, person, chair, meeting, proposals, attendees
):
    vote = vote_open(actor=chair, meeting=meeting, kind="approval")
    ballot_cast(actor=chair, vote=vote, attendee=attendees["Ani"], approved=[proposals[0].pk])
    client.force_login(person("ketua_rt", RT002))
    assert client.get(f"/api/v1/meetings/{meeting.pk}/scores").status_code == 404
    assert client.get(f"/api/v1/votes/{vote.pk}").status_code == 404
    assert (
        call(
            client, "post", f"votes/{vote.pk}/ballots", {"attendee_id": attendees["Ani"].pk, "approved": []}
        ).status_code
        == 404
    )
    client.force_login(person("operator_kecamatan", "35.73.05"))
    seen = client.get(f"/api/v1/votes/{vote.pk}").json()
    assert seen["ballots"] is None and seen["tally"]["ballot_count"] == 1
    client.force_login(chair)
    assert client.get(f"/api/v1/votes/{vote.pk}").json()["ballots"][0]["approved"] == [proposals[0].pk]


def _ballots(chair, meeting, vote, proposals, voters: int) -> None:
    already = meeting.attendees.filter(name__startswith="Warga").count()
    for number in range(already, voters):
        attendee = attendee_add(
            actor=chair,
            meeting=meeting,
            name=f"Warga {number}",
            gender="PL"[number % 2],
            age_group=("pemuda", "dewasa", "lansia")[number % 3],
        )
        ballot_cast(actor=chair, vote=vote, attendee=attendee, ranking=[p.pk for p in proposals][number % 2 :])


def test_the_tally_costs_the_same_queries_for_3_or_30_ballots(
    client, chair, meeting, proposals, django_assert_max_num_queries
):
    vote = vote_open(actor=chair, meeting=meeting, kind="borda")
    client.force_login(chair)
    counted = []
    for voters in (3, 30):
        _ballots(chair, meeting, vote, proposals, voters)
        with django_assert_max_num_queries(QUERY_BOUND) as queries:
            answer = client.get(f"/api/v1/votes/{vote.pk}")
        assert answer.status_code == 200 and answer.json()["tally"]["ballot_count"] == voters
        assert len(answer.json()["ballots"]) == voters
        counted.append(len(queries))
    assert counted[0] == counted[1]


def test_the_api_reads_ahp_judgements_as_the_form_does_with_a_decimal_comma_and_fractions(client, planner, cycle):
    """Forums write "1,5" (Indonesian decimal comma) and "1/3" on paper; the page took both, the API only "1/3"."""
    client.force_login(planner)
    created = call(
        client,
        "post",
        f"cycles/{cycle.pk}/criteria-sets",
        {
            "name": "Kriteria koma",
            "weight_source": "ahp",
            "criteria": CRITERIA,
            "ahp_matrix": [[1, "1,5", 3], ["2/3", 1, "2,0"], ["1/3", "1/2", 1]],
        },
    )
    assert created.status_code == 201, created.json()
    assert [round(c["weight"], 4) for c in created.json()["criteria"]] == [0.5, 0.3333, 0.1667]
    refused = call(
        client,
        "post",
        f"cycles/{cycle.pk}/criteria-sets",
        {"name": "Nol", "weight_source": "ahp", "criteria": CRITERIA, "ahp_matrix": [[1, "1/0"], ["1,5,1", 1]]},
    )
    assert refused.status_code == 400 and "ahp_matrix" in refused.json()
