"""The Forum Perangkat Daerah: each agency accepts, rejects with a reason, or hands over what was routed to it."""

from decimal import Decimal

import pytest

from rembug.agencies.models import Agency
from rembug.errors import DomainError, NotAllowed, StageClosed, StaleVersion
from rembug.proposals.choices import DecisionReason
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.verification.models import Recommendation, RecommendationDecision, RecommendationLevel
from rembug.verification.selectors import ALL, agency_queue, recommendations_of
from rembug.verification.services import (
    NotAwaitingVerification,
    recommendation_record,
    verify_accept,
    verify_reject,
    verify_reroute,
)

from .conftest import move_forum

pytestmark = pytest.mark.django_db


def agency(city, short_name):
    return Agency.objects.get(city=city, short_name=short_name)


def test_the_agency_accepts_a_proposal_with_its_recommended_volume_and_cost(forwarded, pupr, malang):
    done = verify_accept(
        actor=pupr,
        proposal=forwarded,
        version=forwarded.version,
        volume="15",
        note="Cukup 15 m, sisi utara sudah ada saluran.",
    )
    assert done.status == Status.VERIFIED
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.VERIFIED
    rec = Recommendation.objects.get(proposal=forwarded)
    assert (rec.level, rec.decision, rec.agency, rec.actor) == (
        RecommendationLevel.OPD,
        RecommendationDecision.ACCEPT,
        agency(malang, "DPUPRPKP"),
        pupr,
    )
    assert rec.volume == Decimal("15.00") and rec.cost == 15 * 150_000  # volume × unit price when no cost given
    last = forwarded.events.order_by("-pk").first()
    assert (last.kind, last.from_status, last.to_status) == ("transition", Status.FORWARDED_OPD, Status.VERIFIED)
    assert last.actor == pupr and last.data["recommendation"] == rec.pk


def test_an_explicit_recommended_cost_is_kept(forwarded, pupr):
    verify_accept(actor=pupr, proposal=forwarded, version=forwarded.version, volume=20, cost=2_500_000)
    assert Recommendation.objects.get(proposal=forwarded).cost == 2_500_000


def test_rejecting_needs_a_reason_and_the_reason_is_in_the_history(forwarded, pupr):
    with pytest.raises(DomainError) as refused:
        verify_reject(actor=pupr, proposal=forwarded, version=forwarded.version, reason="")
    assert refused.value.field == "reason"
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD
    assert not Recommendation.objects.exists()

    verify_reject(
        actor=pupr,
        proposal=forwarded,
        version=forwarded.version,
        reason=DecisionReason.NOT_FEASIBLE,
        reason_text="Saluran kota belum ada di hilir.",
    )
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.NOT_ACCOMMODATED
    last = forwarded.events.order_by("-pk").first()
    assert last.to_status == Status.NOT_ACCOMMODATED
    assert last.reason == "Tidak layak secara teknis: Saluran kota belum ada di hilir."
    assert last.data["reason"] == DecisionReason.NOT_FEASIBLE
    rec = Recommendation.objects.get(proposal=forwarded)
    assert (rec.decision, rec.reason) == (RecommendationDecision.REJECT, DecisionReason.NOT_FEASIBLE)


def test_the_reason_other_must_be_written_out(forwarded, pupr):
    with pytest.raises(DomainError) as refused:
        verify_reject(actor=pupr, proposal=forwarded, version=forwarded.version, reason=DecisionReason.OTHER)
    assert refused.value.field == "reason_text"


def test_an_unknown_reason_is_refused(forwarded, pupr):
    with pytest.raises(DomainError):
        verify_reject(actor=pupr, proposal=forwarded, version=forwarded.version, reason="malas")


def test_rerouting_keeps_the_first_agency_and_moves_the_proposal_to_the_other_queue(forwarded, pupr, dlh, malang):
    assert list(agency_queue(pupr)) == [forwarded] and list(agency_queue(dlh)) == []
    moved = verify_reroute(
        actor=pupr,
        proposal=forwarded,
        version=forwarded.version,
        to_agency=agency(malang, "DLH"),
        reason_text="Urusan persampahan, bukan drainase.",
    )
    fresh = Proposal.objects.get(pk=forwarded.pk)
    assert fresh.status == Status.FORWARDED_OPD and moved.version == fresh.version == forwarded.version + 1
    assert fresh.routed_agency == agency(malang, "DPUPRPKP") and fresh.final_agency == agency(malang, "DLH")
    event = fresh.events.order_by("-pk").first()
    assert event.kind == "rerouted" and event.reason == "Urusan persampahan, bukan drainase."
    assert (event.data["from_agency"], event.data["to_agency"]) == ("DPUPRPKP", "DLH")
    rec = Recommendation.objects.get(proposal=forwarded)
    assert (rec.decision, rec.agency.short_name, rec.to_agency.short_name) == (
        RecommendationDecision.REROUTE,
        "DPUPRPKP",
        "DLH",
    )

    assert list(agency_queue(pupr)) == [] and list(agency_queue(dlh)) == [fresh]
    with pytest.raises(NotAllowed):
        verify_accept(actor=pupr, proposal=fresh, version=fresh.version)
    verify_accept(actor=dlh, proposal=fresh, version=fresh.version)
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.VERIFIED
    assert [r.decision for r in recommendations_of(fresh)] == [
        RecommendationDecision.REROUTE,
        RecommendationDecision.ACCEPT,
    ]


def test_a_proposal_cannot_be_rerouted_to_another_city_or_to_the_same_agency(forwarded, pupr, malang, batu):
    for target in (agency(batu, "DLH"), agency(malang, "DPUPRPKP")):
        with pytest.raises(DomainError) as refused:
            verify_reroute(
                actor=pupr, proposal=forwarded, version=forwarded.version, to_agency=target, reason_text="Coba"
            )
        assert refused.value.field == "to_agency"
    with pytest.raises(DomainError) as refused:
        verify_reroute(
            actor=pupr, proposal=forwarded, version=forwarded.version, to_agency=agency(malang, "DLH"), reason_text=" "
        )
    assert refused.value.field == "reason_text"
    assert Proposal.objects.get(pk=forwarded.pk).final_agency is None


def test_a_verifier_of_another_agency_or_city_can_neither_see_nor_decide(forwarded, dlh, batu_pupr):
    for outsider in (dlh, batu_pupr):
        assert list(agency_queue(outsider, status=ALL)) == []
        with pytest.raises(NotAllowed):
            verify_accept(actor=outsider, proposal=forwarded, version=forwarded.version)
        with pytest.raises(NotAllowed):
            verify_reject(
                actor=outsider, proposal=forwarded, version=forwarded.version, reason=DecisionReason.DUPLICATE
            )
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD


def test_other_staff_are_not_verifiers(forwarded, chair, person):
    for someone in (chair, person("bappeda", "35.73"), person("camat", "35.73.05")):
        with pytest.raises(NotAllowed):
            verify_accept(actor=someone, proposal=forwarded, version=forwarded.version)
        assert list(agency_queue(someone)) == []


def test_a_closed_forum_refuses_with_a_clear_message(forwarded, pupr, cycle):
    move_forum(cycle, opens=-20, closes=-1)
    with pytest.raises(StageClosed) as refused:
        verify_accept(actor=pupr, proposal=forwarded, version=forwarded.version)
    assert "Forum Perangkat Daerah sudah ditutup" in refused.value.message
    move_forum(cycle, opens=3, closes=10)
    with pytest.raises(StageClosed) as refused:
        verify_reject(actor=pupr, proposal=forwarded, version=forwarded.version, reason=DecisionReason.DUPLICATE)
    assert "baru dibuka" in refused.value.message
    assert not Recommendation.objects.exists()
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD


def test_a_stale_version_is_refused(forwarded, pupr, dlh, malang):
    seen = forwarded.version  # the page pupr opened
    verify_reroute(
        actor=pupr, proposal=forwarded, version=seen, to_agency=agency(malang, "DLH"), reason_text="Persampahan."
    )
    verify_reroute(
        actor=dlh,
        proposal=forwarded,
        version=seen + 1,
        to_agency=agency(malang, "DPUPRPKP"),
        reason_text="Ternyata drainase.",
    )
    with pytest.raises(StaleVersion) as refused:
        verify_reject(actor=pupr, proposal=forwarded, version=seen, reason=DecisionReason.DUPLICATE)
    assert "Muat ulang" in refused.value.message
    assert Recommendation.objects.count() == 2
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD


def test_two_verifiers_deciding_at_once_the_second_is_refused(forwarded, pupr, person):
    colleague = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    seen = forwarded.version
    verify_accept(actor=pupr, proposal=forwarded, version=seen)
    with pytest.raises(StaleVersion):
        verify_reject(
            actor=colleague,
            proposal=Proposal.objects.get(pk=forwarded.pk),
            version=seen,
            reason=DecisionReason.DUPLICATE,
        )
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.VERIFIED


def test_only_proposals_waiting_at_the_forum_can_be_decided(make_forwarded, chair, pupr, cycle):
    proposal = make_forwarded(1)[0]
    move_forum(cycle, opens=0, closes=7)
    verify_accept(actor=pupr, proposal=proposal, version=proposal.version)
    decided = Proposal.objects.get(pk=proposal.pk)
    with pytest.raises(NotAwaitingVerification):
        verify_reject(actor=pupr, proposal=decided, version=decided.version, reason=DecisionReason.DUPLICATE)


def test_the_queue_filters_by_status_and_kecamatan(make_forwarded, pupr, cycle):
    first, second = make_forwarded(2)
    move_forum(cycle, opens=0, closes=7)
    verify_accept(actor=pupr, proposal=first, version=first.version)
    assert list(agency_queue(pupr)) == [second]
    assert list(agency_queue(pupr, status=Status.VERIFIED)) == [first]
    assert list(agency_queue(pupr, status=ALL, cycle=cycle)) == [first, second]
    assert list(agency_queue(pupr, kecamatan="35.73.05")) == [second]
    assert list(agency_queue(pupr, kecamatan="35.73.01")) == []


def test_other_levels_record_their_own_recommendation_without_a_status_change(forwarded, person, pupr):
    lurah = person("lurah", "35.73.05.1011")
    recommendation_record(
        proposal=forwarded,
        level=RecommendationLevel.KELURAHAN,
        actor=lurah,
        decision=RecommendationDecision.FORWARD,
        volume=20,
        note="Prioritas 1 kelurahan.",
    )
    verify_accept(actor=pupr, proposal=forwarded, version=forwarded.version, volume=18)
    levels = [r.level for r in recommendations_of(forwarded)]
    assert levels == [RecommendationLevel.KELURAHAN, RecommendationLevel.OPD]
    with pytest.raises(DomainError):  # a kelurahan does not re-route to agencies
        recommendation_record(
            proposal=forwarded,
            level=RecommendationLevel.KELURAHAN,
            actor=lurah,
            decision=RecommendationDecision.REROUTE,
        )
    with pytest.raises(DomainError) as refused:  # "not accommodated, each with its reason"
        recommendation_record(
            proposal=forwarded,
            level=RecommendationLevel.KECAMATAN,
            actor=lurah,
            decision=RecommendationDecision.NOT_ACCOMMODATED,
        )
    assert refused.value.field == "reason"


def test_after_a_reroute_the_proposal_lists_follow_the_agency_responsible_now(forwarded, pupr, dlh, malang):
    """Regression: the proposal lists matched verifiers by the dictionary item's agency, not the current one."""
    from rembug.proposals.selectors import proposals_visible_to

    verify_reroute(
        actor=pupr,
        proposal=forwarded,
        version=forwarded.version,
        to_agency=agency(malang, "DLH"),
        reason_text="Urusan persampahan.",
    )
    assert proposals_visible_to(dlh).filter(pk=forwarded.pk).exists()
    assert not proposals_visible_to(pupr).filter(pk=forwarded.pk).exists()


def test_a_proposal_older_than_routing_is_recorded_for_its_items_agency(forwarded, pupr, malang):
    """Rows from before `routed_agency` existed are the item's agency's (issue 10 point 3): the services recorded
    no agency in the proposal's history while the queue and the rule already gave the proposal to DPUPRPKP."""
    Proposal.objects.filter(pk=forwarded.pk).update(routed_agency=None, final_agency=None)
    legacy = Proposal.objects.get(pk=forwarded.pk)
    verify_accept(actor=pupr, proposal=legacy, version=legacy.version, volume="20")
    assert Recommendation.objects.get(proposal=forwarded).agency == agency(malang, "DPUPRPKP")
    assert forwarded.events.order_by("-pk").first().data["agency"] == "DPUPRPKP"


def test_an_absurdly_large_recommended_volume_is_named_not_a_crash(forwarded, pupr):
    """1e308 cannot be rounded to cents: it raised InvalidOperation before it was checked against the column."""
    with pytest.raises(DomainError) as huge:
        verify_accept(actor=pupr, proposal=forwarded, version=forwarded.version, volume="1e308")
    assert huge.value.field == "volume"
    forwarded.refresh_from_db()
    assert forwarded.status == "forwarded_opd"
