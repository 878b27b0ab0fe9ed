"""The agency responsible for a proposal now, in one home (issue 10, "One home for each rule"; decisions/0007).

Final agency once re-routed, else the one first routed to, else (a row older than routing) the dictionary item's.
Four copies disagreed on the last fallback: the visibility filter and the verification services ignored the item.
"""

from __future__ import annotations

import pytest

from rembug.agencies.models import Agency
from rembug.proposals.models import Proposal
from rembug.proposals.selectors import proposals_visible_to, responsible_agency_filter, responsible_agency_id
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db

RT001 = "35.73.05.1011.03.001"


@pytest.fixture
def agencies(malang) -> dict[str, Agency]:
    return {a.short_name: a for a in Agency.objects.filter(city=malang)}


@pytest.fixture
def proposed(person, region, cycle, malang):
    """A proposal of RT 001 whose dictionary item routes it to DPUPRPKP."""
    chair = person("ketua_rt", RT001)
    item = dictionary_item(malang, name="Saluran drainase", unit="m", category="drainase")
    return proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Saluran Jl. Kenanga",
        problem="Banjir tiap hujan",
        idea="Saluran baru 20 m",
        item=item,
        volume=20,
        address="Jl. Kenanga RT 001",
    )


def _set(proposal: Proposal, *, routed: Agency | None, final: Agency | None) -> Proposal:
    Proposal.objects.filter(pk=proposal.pk).update(routed_agency=routed, final_agency=final)
    return Proposal.objects.select_related("item__agency", "routed_agency", "final_agency").get(pk=proposal.pk)


@pytest.mark.parametrize(
    ("routed", "final", "expected"),
    [
        ("DPUPRPKP", None, "DPUPRPKP"),  # as routed by the dictionary item
        ("DPUPRPKP", "DLH", "DLH"),  # re-routed in the Forum Perangkat Daerah
        (None, None, "DPUPRPKP"),  # a row older than routing: the item's agency
        (None, "DLH", "DLH"),
    ],
)
def test_the_responsible_agency_is_the_final_else_the_routed_else_the_items(
    proposed, agencies, routed, final, expected
):
    proposal = _set(proposed, routed=agencies[routed] if routed else None, final=agencies[final] if final else None)
    assert proposal.responsible_agency == agencies[expected]
    assert proposal.agency_id == agencies[expected].pk
    # The database twins give the same answer.
    assert Proposal.objects.filter(responsible_agency_filter([agencies[expected].pk]), pk=proposal.pk).exists()
    others = [a.pk for name, a in agencies.items() if name != expected]
    assert not Proposal.objects.filter(responsible_agency_filter(others), pk=proposal.pk).exists()
    annotated = Proposal.objects.annotate(responsible=responsible_agency_id()).get(pk=proposal.pk)
    assert annotated.responsible == agencies[expected].pk


def test_a_verifier_sees_a_proposal_older_than_routing_that_their_agency_is_responsible_for(proposed, agencies, person):
    """The old list filter stopped at the routed agency, while the rule `proposals.view_proposal` (which reads
    `Proposal.agency_id`) let the verifier open it: the proposal could be opened but never listed."""
    proposal = _set(proposed, routed=None, final=None)
    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    assert verifier.has_perm("proposals.view_proposal", proposal)
    assert proposals_visible_to(verifier).filter(pk=proposal.pk).exists()
    assert not proposals_visible_to(person("verifikator_opd", "35.73", agency="DLH")).filter(pk=proposal.pk).exists()
