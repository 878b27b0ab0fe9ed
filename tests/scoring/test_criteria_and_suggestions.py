"""Bappeda's criteria, the forum's scores, and suggested orders that advise but never decide."""

import pytest

from rembug.errors import DomainError, Frozen, NotAllowed, StaleVersion
from rembug.forums.decisions import meeting_finalize
from rembug.forums.services import meeting_set_order
from rembug.ranking import saw, topsis
from rembug.scoring.criteria import DEMO_CRITERIA_NAME, criteria_set_save, scoring_demo_criteria
from rembug.scoring.models import CriteriaSet
from rembug.scoring.services import forum_scores_set, suggestion_apply, suggestion_compute

from .conftest import RT001, URGENCY

pytestmark = pytest.mark.django_db

INCONSISTENT = [[1, 2, 3], [1 / 2, 1, 5], [1 / 3, 1 / 5, 1]]  # CR ≈ 0.141
CONSISTENT = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]  # CR = 0: weights 4/7, 2/7, 1/7
THREE = [
    {"name": "Urgensi", "source": "forum"},
    {"name": "Penerima manfaat", "source": "beneficiaries"},
    {"name": "Biaya", "source": "estimated_cost"},
]


def order_of(meeting) -> list[int]:
    return list(meeting.items.order_by("rank").values_list("proposal_id", flat=True))


def score_urgency(chair, meeting, criteria, values):
    urgency = criteria.criteria.get(key="urgensi")
    forum_scores_set(actor=chair, meeting=meeting, scores={p.pk: {urgency.pk: v} for p, v in values})


def test_the_suggestion_scores_are_saw_on_the_proposals_figures(chair, meeting, proposals, criteria):
    melati, kenanga, mawar = proposals
    score_urgency(chair, meeting, criteria, [(melati, 5), (kenanga, 4), (mawar, 2)])
    suggestion = suggestion_compute(actor=chair, meeting=meeting)
    # Rows in the agreed order: urgency, beneficiaries, cost (Rp), swadaya / cost.
    matrix = [[5, 80, 15_000_000, 0.2], [4, 200, 30_000_000, 1 / 30], [2, 40, 7_500_000, 0.0]]
    expected = saw(matrix, [0.4, 0.3, 0.2, 0.1], ["benefit", "benefit", "cost", "benefit"])
    assert [suggestion.score_of(p.pk) for p in proposals] == expected
    # By hand: Melati 0.4·5/5 + 0.3·80/200 + 0.2·7.5/15 + 0.1·0.2/0.2 = 0.72; Kenanga 0.32 + 0.3 + 0.05 + 0.1/6.
    assert expected == pytest.approx([0.72, 0.32 + 0.3 + 0.05 + 0.1 / 6, 0.16 + 0.06 + 0.2])
    assert suggestion.order == [melati.pk, kenanga.pk, mawar.pk]
    assert suggestion.method == "saw" and suggestion.weights == pytest.approx([0.4, 0.3, 0.2, 0.1])
    assert suggestion.criteria[0]["name"] == URGENCY and all(c["used"] for c in suggestion.criteria)


def test_topsis_can_be_chosen_for_one_suggestion(chair, meeting, proposals, criteria):
    melati, kenanga, mawar = proposals
    score_urgency(chair, meeting, criteria, [(melati, 5), (kenanga, 4), (mawar, 2)])
    suggestion = suggestion_compute(actor=chair, meeting=meeting, method="topsis")
    matrix = [[5, 80, 15_000_000, 0.2], [4, 200, 30_000_000, 1 / 30], [2, 40, 7_500_000, 0.0]]
    expected = topsis(matrix, [0.4, 0.3, 0.2, 0.1], ["benefit", "benefit", "cost", "benefit"])
    assert [suggestion.score_of(p.pk) for p in proposals] == pytest.approx(expected)


def test_a_suggestion_never_changes_the_agreed_order(chair, meeting, proposals, criteria):
    melati, kenanga, mawar = proposals
    meeting_set_order(
        actor=chair, meeting=meeting, proposal_ids=[mawar.pk, kenanga.pk, melati.pk], version=meeting.version
    )
    meeting.refresh_from_db()
    version = meeting.version
    score_urgency(chair, meeting, criteria, [(melati, 5), (kenanga, 4), (mawar, 2)])
    suggestion = suggestion_compute(actor=chair, meeting=meeting)
    assert suggestion.order == [melati.pk, kenanga.pk, mawar.pk]
    meeting.refresh_from_db()
    assert order_of(meeting) == [mawar.pk, kenanga.pk, melati.pk] and meeting.version == version
    # Only when the forum decides so, the chair takes it over explicitly.
    suggestion_apply(actor=chair, meeting=meeting, suggestion=suggestion, version=meeting.version)
    assert order_of(meeting) == [melati.pk, kenanga.pk, mawar.pk]


def test_missing_forum_scores_are_named(chair, meeting, proposals, criteria):
    score_urgency(chair, meeting, criteria, [(proposals[0], 5)])
    with pytest.raises(DomainError) as refused:
        suggestion_compute(actor=chair, meeting=meeting)
    message = refused.value.message
    assert "Saluran Jl. Kenanga" in message and "Paving gang Mawar" in message and URGENCY in message
    assert "Paving gang Melati" not in message and meeting.suggestions.count() == 0


def test_a_criterion_nobody_scores_on_is_left_out_not_refused(chair, meeting, proposals, planner, cycle):
    """No proposal offers swadaya here: SAW cannot divide by a maximum of 0, and the column tells nobody apart."""
    criteria = criteria_set_save(
        actor=planner,
        cycle=cycle,
        name="Tanpa swadaya",
        method="saw",
        criteria=[
            {"name": "Penerima manfaat", "source": "beneficiaries", "weight": 1},
            {"name": "Porsi swadaya", "source": "community_share", "weight": 1},
        ],
    )
    for proposal in proposals:
        type(proposal).objects.filter(pk=proposal.pk).update(community_contribution=0)
    suggestion = suggestion_compute(actor=chair, meeting=meeting, criteria_set=criteria)
    assert [c["used"] for c in suggestion.criteria] == [True, False]
    assert suggestion.order == [proposals[1].pk, proposals[0].pk, proposals[2].pk]


def test_ahp_weights_are_refused_above_cr_010_with_the_cr_in_the_message(planner, cycle):
    with pytest.raises(DomainError, match=r"CR = 0,14 > 0,10"):
        criteria_set_save(
            actor=planner,
            cycle=cycle,
            name="AHP",
            method="saw",
            criteria=THREE,
            weight_source="ahp",
            ahp_matrix=INCONSISTENT,
        )
    assert not CriteriaSet.objects.filter(cycle=cycle).exists()
    saved = criteria_set_save(
        actor=planner, cycle=cycle, name="AHP", method="saw", criteria=THREE, weight_source="ahp", ahp_matrix=CONSISTENT
    )
    assert [c.weight for c in saved.criteria.all()] == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert saved.ahp_cr == pytest.approx(0, abs=1e-9) and saved.ahp_matrix[0] == [1, 2, 4]


def test_direct_weights_are_normalised_and_not_all_zero(planner, cycle):
    with pytest.raises(DomainError, match="nol"):
        criteria_set_save(
            actor=planner, cycle=cycle, name="Nol", method="saw", criteria=[{**c, "weight": 0} for c in THREE]
        )
    with pytest.raises(DomainError, match="biaya"):
        criteria_set_save(
            actor=planner,
            cycle=cycle,
            name="Salah",
            method="saw",
            criteria=[{"name": "Biaya", "source": "estimated_cost", "kind": "benefit", "weight": 1}],
        )
    saved = criteria_set_save(
        actor=planner,
        cycle=cycle,
        name="Langsung",
        method="topsis",
        criteria=[{**c, "weight": w} for c, w in zip(THREE, [2, 1, 1], strict=True)],
    )
    assert [c.weight for c in saved.criteria.all()] == [0.5, 0.25, 0.25]
    assert [c.kind for c in saved.criteria.all()] == ["benefit", "benefit", "cost"]


@pytest.mark.parametrize(("role", "code"), [("bappeda", "35.79"), ("camat", "35.73.05"), ("ketua_rt", RT001)])
def test_only_bappeda_of_the_city_manages_criteria(person, cycle, role, code):
    with pytest.raises(NotAllowed):
        criteria_set_save(
            actor=person(role, code),
            cycle=cycle,
            name="Kriteria",
            method="saw",
            criteria=[{**c, "weight": 1} for c in THREE],
        )
    criteria_set_save(
        actor=person("admin", "35.73"),
        cycle=cycle,
        name="Kriteria",
        method="saw",
        criteria=[{**c, "weight": 1} for c in THREE],
    )


def test_an_edit_keeps_scored_criteria_and_refuses_a_stale_version(chair, meeting, proposals, criteria, planner, cycle):
    score_urgency(chair, meeting, criteria, [(p, 3) for p in proposals])
    kept = [
        {"key": c.key, "name": c.name, "source": c.source, "weight": c.weight * 100} for c in criteria.criteria.all()
    ]
    saved = criteria_set_save(
        actor=planner,
        cycle=cycle,
        criteria_set=criteria,
        version=criteria.version,
        name="Kriteria 2027 (revisi)",
        method="topsis",
        criteria=kept[:3],
    )
    assert saved.version == 2 and saved.criteria.count() == 3
    assert meeting.forum_scores.filter(criterion__key="urgensi").count() == 3
    with pytest.raises(StaleVersion):
        criteria_set_save(
            actor=planner, cycle=cycle, criteria_set=criteria, version=1, name="x", method="saw", criteria=kept
        )
    with pytest.raises(DomainError, match="sudah dinilai"):
        criteria_set_save(
            actor=planner,
            cycle=cycle,
            criteria_set=saved,
            version=saved.version,
            name="x",
            method="saw",
            criteria=kept[1:3],
        )


def test_forum_scores_are_1_to_5_on_forum_criteria_of_the_list(chair, meeting, proposals, criteria, person):
    urgency = criteria.criteria.get(key="urgensi")
    beneficiaries = criteria.criteria.get(key="penerima")
    with pytest.raises(DomainError, match="1 sampai 5"):
        forum_scores_set(actor=chair, meeting=meeting, scores={proposals[0].pk: {urgency.pk: 6}})
    with pytest.raises(DomainError, match="bukan kriteria yang dinilai forum"):
        forum_scores_set(actor=chair, meeting=meeting, scores={proposals[0].pk: {beneficiaries.pk: 3}})
    with pytest.raises(NotAllowed):
        forum_scores_set(
            actor=person("ketua_rt", "35.73.05.1011.03.002"), meeting=meeting, scores={proposals[0].pk: {urgency.pk: 3}}
        )
    forum_scores_set(actor=chair, meeting=meeting, scores={str(proposals[0].pk): {str(urgency.pk): 4}})
    forum_scores_set(actor=chair, meeting=meeting, scores={proposals[0].pk: {urgency.pk: None}})
    assert not meeting.forum_scores.exists()


def test_a_finalized_meeting_refuses_scores_and_suggestions(chair, meeting, proposals, criteria):
    score_urgency(chair, meeting, criteria, [(p, 3) for p in proposals])
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    with pytest.raises(Frozen):
        score_urgency(chair, meeting, criteria, [(proposals[0], 5)])
    with pytest.raises(Frozen):
        suggestion_compute(actor=chair, meeting=meeting)


def test_the_demo_criteria_are_kota_malangs_consistent_ahp_set(cycle):
    criteria = scoring_demo_criteria(cycle=cycle)
    assert criteria.name == DEMO_CRITERIA_NAME and criteria.weight_source == "ahp" and criteria.ahp_cr <= 0.10
    weights = {c.key: c.weight for c in criteria.criteria.all()}
    assert sum(weights.values()) == pytest.approx(1)
    assert max(weights, key=weights.get) == "urgensi" and criteria.criteria.get(key="biaya").kind == "cost"
    assert scoring_demo_criteria(cycle=cycle) == criteria
