"""Proposals: written by their proposer while the Rembug is open, priced by the dictionary, every change kept."""

import uuid

import pytest
from django.db import connection

from rembug.cycles.models import Stage
from rembug.cycles.phases import StageKind
from rembug.errors import DomainError, NotAllowed, StageClosed, StaleVersion
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.proposals.services import funding_set, proposal_create, proposal_update
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


@pytest.fixture
def paving(malang):
    return dictionary_item(malang)


def new_proposal(actor, cycle, proposer, item, **extra):
    fields = {
        "title": "Paving gang Melati",
        "problem": "Gang becek saat hujan",
        "idea": "Paving 120 m2",
        "item": item,
        "volume": "120",
        "address": "Gg. Melati RT 001",
        **extra,
    }
    return proposal_create(actor=actor, cycle=cycle, proposer=proposer, **fields)


def test_an_rt_chair_writes_a_proposal_priced_by_the_dictionary(person, region, cycle, paving):
    chair = person("ketua_rt", RT001)
    proposal = new_proposal(chair, cycle, region(RT001), paving)
    assert proposal.estimated_cost == 120 * 150_000
    assert proposal.number == f"{cycle.year}-35.73.05.1011-0001"
    assert proposal.kelurahan.code == "35.73.05.1011" and proposal.field == "sarana_umum"
    assert ProposalEvent.objects.filter(proposal=proposal, kind="created", actor=chair).exists()


def test_numbers_count_up_per_kelurahan(person, region, cycle, paving):
    chair = person("ketua_rt", RT001)
    first = new_proposal(chair, cycle, region(RT001), paving)
    second = new_proposal(chair, cycle, region(RT001), paving, title="Paving gang Mawar")
    assert (first.sequence, second.sequence) == (1, 2)


def test_sending_the_same_form_twice_creates_one_proposal(person, region, cycle, paving):
    chair = person("ketua_rt", RT001)
    token = uuid.uuid4()
    first = new_proposal(chair, cycle, region(RT001), paving, client_token=token)
    again = new_proposal(chair, cycle, region(RT001), paving, client_token=token)
    assert first.pk == again.pk


def test_a_double_submit_that_loses_the_race_gets_the_proposal_its_twin_saved(person, region, cycle, paving):
    """Two requests with one client token: both find no proposal with it, the twin saves first (a race on
    PostgreSQL, tests/proofs/test_races.py); the late one must answer with the twin's proposal, not a 500."""
    chair = person("ketua_rt", RT001)
    token = uuid.uuid4()
    twins: list = []

    def twin_saves_first(execute, sql, params, many, context):
        # The late request has found no proposal with the token and is numbering its own: the twin saves now.
        if 'MAX("proposals_proposal"."sequence")' in sql and not twins:
            twins.append(None)
            twins[0] = new_proposal(chair, cycle, region(RT001), paving, client_token=token)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(twin_saves_first):
        late = new_proposal(chair, cycle, region(RT001), paving, client_token=token)

    assert late.pk == twins[0].pk
    assert Proposal.objects.filter(client_token=token).count() == 1
    assert ProposalEvent.objects.filter(proposal=late, kind="created").count() == 1


def test_an_rt_chair_cannot_write_for_another_rt(person, region, cycle, paving):
    with pytest.raises(NotAllowed):
        new_proposal(person("ketua_rt", RT001), cycle, region("35.73.05.1011.03.002"), paving)


def test_the_kelurahan_operator_may_enter_a_paper_proposal_for_any_rt_of_the_kelurahan(person, region, cycle, paving):
    operator = person("operator_kelurahan", "35.73.05.1011")
    assert new_proposal(operator, cycle, region("35.73.05.1011.04.001"), paving).pk
    with pytest.raises(NotAllowed):
        new_proposal(operator, cycle, region("35.73.05.1004.01.001"), paving)


@pytest.mark.parametrize(("role", "code"), [("camat", "35.73.05"), ("bappeda", "35.73"), ("lpmk", "35.73.05.1011")])
def test_staff_above_the_kelurahan_do_not_write_proposals(person, region, cycle, paving, role, code):
    with pytest.raises(NotAllowed):
        new_proposal(person(role, code), cycle, region(RT001), paving)


def test_a_closed_rembug_refuses_new_proposals_with_a_clear_message(person, region, cycle, paving):
    stage = Stage.objects.get(cycle=cycle, kind=StageKind.REMBUG)
    Stage.objects.filter(pk=stage.pk).update(
        opens_on=stage.opens_on.replace(year=stage.opens_on.year - 1),
        closes_on=stage.opens_on.replace(year=stage.opens_on.year - 1),
    )
    with pytest.raises(StageClosed, match="sudah ditutup pada"):
        new_proposal(person("ketua_rt", RT001), cycle, region(RT001), paving)


def test_missing_fields_and_bad_volume_are_named(person, region, cycle, paving):
    chair = person("ketua_rt", RT001)
    with pytest.raises(DomainError) as missing:
        new_proposal(chair, cycle, region(RT001), paving, problem="")
    assert missing.value.field == "problem"
    with pytest.raises(DomainError) as bad:
        new_proposal(chair, cycle, region(RT001), paving, volume="-3")
    assert bad.value.field == "volume"


def test_an_absurdly_large_volume_is_named_not_a_crash(person, region, cycle, paving):
    """1e308 cannot be rounded to cents: it raised InvalidOperation before it was checked against the column."""
    chair = person("ketua_rt", RT001)
    with pytest.raises(DomainError) as huge:
        new_proposal(chair, cycle, region(RT001), paving, volume="1e308")
    assert huge.value.field == "volume" and not Proposal.objects.exists()


def test_an_item_of_another_city_or_year_is_refused(person, region, cycle, batu, malang):
    chair = person("ketua_rt", RT001)
    with pytest.raises(DomainError, match="kamus usulan"):
        new_proposal(chair, cycle, region(RT001), dictionary_item(batu))
    with pytest.raises(DomainError, match="tidak berlaku"):
        new_proposal(chair, cycle, region(RT001), dictionary_item(malang, active_until=2020))


def test_editing_the_volume_recomputes_the_cost_and_is_kept_in_history(person, region, cycle, paving):
    chair = person("ketua_rt", RT001)
    proposal = new_proposal(chair, cycle, region(RT001), paving)
    updated = proposal_update(actor=chair, proposal=proposal, version=proposal.version, volume="80")
    assert updated.estimated_cost == 80 * 150_000 and updated.version == 2
    event = ProposalEvent.objects.get(proposal=proposal, kind="edited")
    assert event.data["changed"]["volume"] == ["120", "80"]


def test_the_history_says_what_changed_field_before_and_after(person, region, cycle, paving, client):
    """Issue 12, point 10: the history said only "Usulan diubah"."""
    chair = person("ketua_rt", RT001)
    proposal = new_proposal(chair, cycle, region(RT001), paving)
    proposal_update(actor=chair, proposal=proposal, version=proposal.version, volume="80.5", title="Paving gang Mawar")
    event = ProposalEvent.objects.get(proposal=proposal, kind="edited")
    changes = dict((field, (before, after)) for field, before, after in event.changes)
    assert changes["Volume"] == ("120", "80,5")
    assert changes["Judul usulan"][1] == "Paving gang Mawar"
    client.force_login(chair)
    page = client.get(f"/usulan/{proposal.number}/").content.decode()
    assert "Volume: 120 → 80,5" in page and "→ Paving gang Mawar" in page


def test_a_stale_edit_is_refused(person, region, cycle, paving):
    chair = person("ketua_rt", RT001)
    proposal = new_proposal(chair, cycle, region(RT001), paving)
    proposal_update(actor=chair, proposal=proposal, version=1, volume="80")
    with pytest.raises(StaleVersion):
        proposal_update(actor=chair, proposal=proposal, version=1, volume="90")


def test_the_funding_split_must_add_up_to_the_cost(person, region, cycle, paving):
    chair = person("ketua_rt", RT001)
    proposal = new_proposal(chair, cycle, region(RT001), paving)  # Rp 18.000.000
    with pytest.raises(DomainError, match=r"berjumlah Rp17\.000\.000, padahal biayanya Rp18\.000\.000"):
        funding_set(
            actor=chair,
            proposal=proposal,
            shares={"swadaya": 2_000_000, "apbd_kota": 15_000_000},
            version=proposal.version,
        )
    funding_set(
        actor=chair, proposal=proposal, shares={"swadaya": 3_000_000, "apbd_kota": 15_000_000}, version=proposal.version
    )
    proposal.refresh_from_db()
    assert proposal.community_contribution == 3_000_000 and proposal.funding_source == "apbd_kota"
