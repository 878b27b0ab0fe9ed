"""Ranking pages: Bappeda keeps the criteria; a forum computes a suggestion and runs a vote beside its order."""

import pytest

from rembug.proposals.services import funding_set, proposal_create
from rembug.scoring.criteria import scoring_demo_criteria
from rembug.scoring.models import CriteriaSet, Suggestion, Vote
from tests.factories import dictionary_item
from tests.forums.test_rembug import RT001, held

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def proposals(chair, region, cycle, malang):
    item = dictionary_item(malang)
    made = []
    for title in ("Paving gang Melati", "Saluran Jl. Kenanga", "Paving gang Mawar"):
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=title,
            problem="Rusak",
            idea="Perbaiki",
            item=item,
            volume=10,
            address="RT 001",
            beneficiaries=30,
        )
        funding_set(
            actor=chair, proposal=proposal, version=proposal.version, shares={"apbd_kota": proposal.estimated_cost}
        )
        made.append(proposal)
    return made


def test_bappeda_saves_direct_weights_and_an_inconsistent_ahp_matrix_is_refused_with_its_cr(client, person, cycle):
    client.force_login(person("bappeda", "35.73"))
    rows = {
        "name": "Kriteria 2027",
        "method": "saw",
        "weight_source": "direct",
        "c0_name": "Penerima manfaat",
        "c0_source": "beneficiaries",
        "c0_weight": "2",
        "c1_name": "Biaya",
        "c1_source": "estimated_cost",
        "c1_weight": "1",
    }
    saved = client.post("/pemeringkatan/kriteria/", rows, follow=True)
    assert "Kriteria 2027 tersimpan" in saved.text
    assert CriteriaSet.objects.get(cycle=cycle).criteria.count() == 2
    ahp = rows | {
        "weight_source": "ahp",
        "c2_name": "Urgensi",
        "c2_source": "forum",
        "ahp_matrix": "1 9 1/9\n1/9 1 9\n9 1/9 1",
        "mode": "new",
        "name": "AHP",
    }
    refused = client.post("/pemeringkatan/kriteria/", ahp)
    assert "CR = " in refused.text and "0,10" in refused.text


def test_only_bappeda_opens_the_criteria_page(client, person, cycle):
    client.force_login(person("camat", "35.73.05"))
    assert client.get("/pemeringkatan/kriteria/").status_code == 404


def test_a_forum_scores_computes_a_suggestion_and_runs_a_vote_with_tallies_by_group(
    client, chair, cycle, region, proposals
):
    scoring_demo_criteria(cycle=cycle)
    meeting = held(chair, cycle, region)
    client.force_login(chair)
    page = client.get(f"/pemeringkatan/forum/{meeting.pk}/")
    assert page.status_code == 200
    forum = [c for c in CriteriaSet.objects.get(cycle=cycle).criteria.all() if c.source == "forum"]
    scores = {f"score_{p.pk}_{c.pk}": str(n + 1) for n, p in enumerate(proposals) for c in forum}
    client.post(f"/pemeringkatan/forum/{meeting.pk}/nilai/", scores)
    client.post(f"/pemeringkatan/forum/{meeting.pk}/saran/", {"method": "topsis"})
    suggestion = Suggestion.objects.get(meeting=meeting)
    assert suggestion.method == "topsis" and len(suggestion.order) == 3
    client.post(f"/pemeringkatan/forum/{meeting.pk}/suara/", {"kind": "borda"})
    vote = Vote.objects.get(meeting=meeting)
    melati, kenanga, mawar = proposals
    for attendee in meeting.attendees.all():
        first, second = (kenanga, melati) if attendee.gender == "P" else (mawar, melati)
        client.post(
            f"/pemeringkatan/forum/{meeting.pk}/suara/{vote.pk}/",
            {"attendee": attendee.pk, f"rank_{first.pk}": "1", f"rank_{second.pk}": "2"},
        )
    client.post(f"/pemeringkatan/forum/{meeting.pk}/suara/{vote.pk}/tutup/")
    result = client.get(f"/pemeringkatan/forum/{meeting.pk}/").text
    assert "Hasil suara (3 pemilih)" in result and "Perempuan (2)" in result
    meeting.refresh_from_db()
    assert list(meeting.items.order_by("rank").values_list("proposal_id", flat=True)) == [p.pk for p in proposals]
