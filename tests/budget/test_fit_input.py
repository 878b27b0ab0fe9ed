"""What the fit is given: each verified proposal's city budget share, its ceilings, and the forum's order as value."""

import pytest

from rembug.budget.models import CeilingKind
from rembug.budget.selectors import UNRANKED_VALUE, fit_items
from rembug.budget.services import ceiling_set
from rembug.proposals.models import FundingShare, Proposal
from rembug.regions.models import Region

from .conftest import DINOYO, KLOJEN, LOWOKWARU, MILLION, TLOGOMAS

pytestmark = pytest.mark.django_db


def test_cost_is_the_city_budget_share_else_the_cost_minus_the_communitys_own_part(verified, all_open):
    planned = verified("Paving gang Mawar", 50)
    FundingShare.objects.create(proposal=planned, source="apbd_kota", amount=40 * MILLION)
    FundingShare.objects.create(proposal=planned, source="swadaya", amount=10 * MILLION)
    unplanned = verified("Saluran Jl. Kenanga", 30)
    Proposal.objects.filter(pk=unplanned.pk).update(community_contribution=5 * MILLION)
    costs = {item["id"]: item["cost"] for item in fit_items(all_open).items}
    assert costs == {planned.number: 40 * MILLION, unplanned.number: 25 * MILLION}


def test_only_the_ceilings_bappeda_set_limit_a_proposal(verified, all_open, bappeda, region):
    proposal = verified("Paving gang Mawar", 50)
    verified("Paving gang Kenari", 10, kelurahan=TLOGOMAS)
    ceiling_set(actor=bappeda, cycle=all_open, kind=CeilingKind.KELURAHAN, region=region(DINOYO), amount=MILLION)
    ceiling_set(actor=bappeda, cycle=all_open, kind=CeilingKind.KECAMATAN, region=region(LOWOKWARU), amount=MILLION)
    ceiling_set(actor=bappeda, cycle=all_open, kind=CeilingKind.SOURCE, source="apbd_kota", amount=MILLION)
    ceiling_set(actor=bappeda, cycle=all_open, kind=CeilingKind.KECAMATAN, region=region(KLOJEN), amount=MILLION)
    data = fit_items(all_open)
    groups = {item["id"]: item["groups"] for item in data.items}
    assert groups[proposal.number] == [f"kel:{DINOYO}", f"kec:{LOWOKWARU}", "src:apbd_kota"]
    assert data.labels[f"kel:{DINOYO}"] == "Kelurahan Dinoyo"
    assert data.labels["src:apbd_kota"] == "APBD Kota"


def test_value_follows_the_kecamatan_forums_rank_and_its_order_binds_within_each_agency(
    verified, kecamatan_forum, all_open
):
    road_1 = verified("Jalan 1", 10)
    lamp = verified("Lampu jalan", 10, agency="Dishub")
    road_2 = verified("Jalan 2", 10, kelurahan=TLOGOMAS)
    road_3 = verified("Jalan 3", 10)
    unranked = verified("Usulan tanpa forum", 10)
    kecamatan_forum([road_1, lamp, road_2, road_3])
    data = fit_items(all_open)
    values = {item["id"]: item["value"] for item in data.items}
    assert values == {
        road_1.number: 1.0,
        lamp.number: 0.75,
        road_2.number: 0.5,
        road_3.number: 0.25,
        unranked.number: UNRANKED_VALUE,
    }
    # The forum put Jalan 1 before Jalan 2 before Jalan 3 (all DPUPRPKP); the lamp (Dishub) waits for nobody.
    assert sorted(data.precedence) == sorted([(road_1.number, road_2.number), (road_2.number, road_3.number)])
    assert data.details[road_2.number]["rank"] == 3 and data.details[road_2.number]["list_size"] == 4


def test_the_input_costs_a_few_queries_whatever_the_number_of_proposals(
    verified, kecamatan_forum, all_open, django_assert_max_num_queries
):
    made = [verified(f"Usulan {i}", 10 + i) for i in range(12)]
    kecamatan_forum(made)
    with django_assert_max_num_queries(4):
        data = fit_items(all_open, value_basis="score")
    assert len(data.items) == 12 and Region.objects.filter(code=DINOYO).exists()


def test_the_score_basis_takes_the_forums_latest_suggested_scores_and_falls_back_to_the_rank(
    verified, kecamatan_forum, all_open
):
    from rembug.scoring.models import CriteriaSet, Suggestion

    scored = verified("Jalan 1", 10)
    unscored = verified("Lampu", 10, agency="Dishub")
    meeting = kecamatan_forum([scored, unscored])
    criteria = CriteriaSet.objects.create(cycle=all_open, name="Kriteria 2027")
    Suggestion.objects.create(
        meeting=meeting,
        criteria_set=criteria,
        criteria_set_version=1,
        method="saw",
        scores={str(scored.pk): 0.2},
        order=[scored.pk],
    )
    Suggestion.objects.create(
        meeting=meeting,
        criteria_set=criteria,
        criteria_set_version=1,
        method="saw",
        scores={str(scored.pk): 0.9},
        order=[scored.pk],
    )
    values = {item["id"]: item["value"] for item in fit_items(all_open, value_basis="score").items}
    assert values == {scored.number: 0.9, unscored.number: 0.5}
    ranked = {item["id"]: item["value"] for item in fit_items(all_open).items}
    assert ranked == {scored.number: 1.0, unscored.number: 0.5}


def test_a_plan_agreed_as_dana_kelurahan_costs_the_city_budget_nothing(verified, all_open):
    """Issue 12, point 3: 100 % Dana Kelurahan was charged against the APBD Kota ceiling."""
    kelurahan_funded = verified("Paving gang Melati", 20)
    FundingShare.objects.create(proposal=kelurahan_funded, source="dana_kelurahan", amount=20 * MILLION)
    mixed = verified("Saluran gang Anggrek", 10)
    FundingShare.objects.create(proposal=mixed, source="dana_kelurahan", amount=4 * MILLION)
    FundingShare.objects.create(proposal=mixed, source="apbd_kota", amount=6 * MILLION)
    costs = {item["id"]: item["cost"] for item in fit_items(all_open).items}
    assert costs == {kelurahan_funded.number: 0, mixed.number: 6 * MILLION}


def test_the_agencys_recommended_cost_is_the_cost_and_its_change_falls_on_the_city_share(verified, all_open):
    from rembug.verification.models import Recommendation

    planned = verified("Paving gang Mawar", 50)
    FundingShare.objects.create(proposal=planned, source="apbd_kota", amount=40 * MILLION)
    FundingShare.objects.create(proposal=planned, source="swadaya", amount=10 * MILLION)
    unplanned = verified("Saluran Jl. Kenanga", 30)
    for proposal, cost in ((planned, 35 * MILLION), (unplanned, 36 * MILLION)):
        Recommendation.objects.create(proposal=proposal, level="opd", decision="accept", volume=1, cost=cost)
    # An earlier level's cost is not the latest word.
    Recommendation.objects.filter(proposal=unplanned).update(at="2000-01-01T00:00:00Z")
    Recommendation.objects.create(proposal=unplanned, level="opd", decision="accept", volume=1, cost=20 * MILLION)
    fit = fit_items(all_open)
    costs = {item["id"]: item["cost"] for item in fit.items}
    assert costs == {planned.number: 25 * MILLION, unplanned.number: 20 * MILLION}
    assert fit.details[planned.number]["cost"] == 25 * MILLION
