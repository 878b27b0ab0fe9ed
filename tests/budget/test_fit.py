"""Musrenbang Kota: Bappeda sets the pagu indikatif, fits the verified proposals to it, adjusts and publishes."""

import pytest
from django.apps import apps

from rembug.budget.models import Ceiling, CeilingKind, FitStatus
from rembug.budget.selectors import fit_summary
from rembug.budget.services import ceiling_remove, ceiling_set, fit_publish, fit_run
from rembug.errors import DomainError, Frozen, NotAllowed, StageClosed, StaleVersion
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent

from .conftest import DINOYO, LOWOKWARU, MILLION, TLOGOMAS

pytestmark = pytest.mark.django_db


def kelurahan_ceiling(actor, cycle, region, millions, code=DINOYO):
    return ceiling_set(
        actor=actor, cycle=cycle, kind=CeilingKind.KELURAHAN, region=region(code), amount=millions * MILLION
    )


@pytest.fixture
def knapsack(verified, kecamatan_forum, all_open, bappeda, region):
    """Four Dinoyo proposals of four agencies under a Rp 100 juta kelurahan pagu, in the forum's order:
    the first alone (Rp 60 juta, value 1.0) is worth less than the next two together (Rp 50 juta each, 0.75 + 0.5)."""
    first = verified("Jalan lingkungan", 60)
    second = verified("Lampu jalan", 50, agency="Dishub")
    third = verified("Tong sampah", 50, agency="DLH")
    fourth = verified("Posyandu", 200, agency="Dinkes")
    kecamatan_forum([first, second, third, fourth])
    kelurahan_ceiling(bappeda, all_open, region, 100)
    return first, second, third, fourth


def test_only_bappeda_of_the_city_sets_ceilings(person, all_open, region, bappeda):
    for outsider in (person("bappeda", "35.79"), person("camat", LOWOKWARU)):
        with pytest.raises(NotAllowed, match="Bappeda"):
            kelurahan_ceiling(outsider, all_open, region, 100)
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    assert ceiling.key == f"kel:{DINOYO}" and ceiling.label == "Kelurahan Dinoyo"
    with pytest.raises(DomainError, match="kelurahan di kota ini"):
        kelurahan_ceiling(bappeda, all_open, region, 100, code="35.79.01.1001")
    with pytest.raises(DomainError, match="kecamatan di kota ini"):
        ceiling_set(actor=bappeda, cycle=all_open, kind=CeilingKind.KECAMATAN, region=region(DINOYO), amount=1)
    with pytest.raises(DomainError, match="negatif"):
        kelurahan_ceiling(bappeda, all_open, region, -1)
    with pytest.raises(DomainError, match="Sumber dana"):
        ceiling_set(actor=bappeda, cycle=all_open, kind=CeilingKind.SOURCE, source="emas", amount=1)


def test_a_ceiling_edit_names_the_version_it_read(all_open, region, bappeda):
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    changed = ceiling_set(
        actor=bappeda,
        cycle=all_open,
        kind=CeilingKind.KELURAHAN,
        region=region(DINOYO),
        amount=120 * MILLION,
        version=ceiling.version,
    )
    assert changed.pk == ceiling.pk and changed.amount == 120 * MILLION and changed.version == 2
    with pytest.raises(StaleVersion):
        ceiling_set(
            actor=bappeda, cycle=all_open, kind=CeilingKind.KELURAHAN, region=region(DINOYO), amount=1, version=1
        )
    with pytest.raises(StaleVersion):
        ceiling_remove(actor=bappeda, ceiling=changed, version=1)
    ceiling_remove(actor=bappeda, ceiling=changed, version=2)
    assert not Ceiling.objects.exists()


def test_when_the_kelurahan_pagu_binds_the_reason_names_it(verified, kecamatan_forum, all_open, bappeda, region):
    big = verified("Jalan lingkungan", 60)
    middle = verified("Lampu jalan", 50, agency="Dishub")
    small = verified("Tong sampah", 30, agency="DLH")
    kecamatan_forum([big, middle, small])
    kelurahan_ceiling(bappeda, all_open, region, 100)
    run = fit_run(actor=bappeda, cycle=all_open)
    assert set(run.selected) == {big.number, small.number}
    assert run.reasons[middle.number] == {"kind": "ceiling", "ceilings": [f"kel:{DINOYO}"]}
    row = next(r for r in fit_summary(run)["items"] if r["number"] == middle.number)
    assert row["reason_text"] == "Melebihi pagu Kelurahan Dinoyo (sisa Rp10.000.000)."


def test_the_optimum_funds_at_least_the_greedy_value_and_both_are_kept(knapsack, all_open, bappeda):
    first, second, third, _fourth = knapsack
    run = fit_run(actor=bappeda, cycle=all_open)
    assert run.optimal and run.status == FitStatus.DRAFT
    assert set(run.selected) == {second.number, third.number} and run.objective == pytest.approx(1.25)
    assert run.greedy_selected == [first.number] and run.greedy_objective == pytest.approx(1.0)
    assert run.greedy_reasons[second.number]["kind"] == "ceiling"
    summary = fit_summary(run)
    assert summary["gain"] == pytest.approx(0.25)
    assert [r["number"] for r in summary["only_greedy"]] == [first.number]
    assert {r["number"] for r in summary["only_optimum"]} == {second.number, third.number}
    (dinoyo,) = summary["ceilings"]
    assert (dinoyo["label"], dinoyo["capacity"], dinoyo["used"], dinoyo["greedy_used"], dinoyo["candidates"]) == (
        "Kelurahan Dinoyo",
        100 * MILLION,
        100 * MILLION,
        60 * MILLION,
        4,
    )


def test_bappeda_forces_proposals_in_and_out_by_hand(knapsack, all_open, bappeda):
    first, second, third, _fourth = knapsack
    run = fit_run(actor=bappeda, cycle=all_open, forced_in=[first.number], forced_out=[second.number])
    assert set(run.selected) == {first.number}
    assert run.reasons[second.number]["kind"] == "forced_out" and run.reasons[third.number]["kind"] == "ceiling"
    assert run.forced_in == [first.number] and run.forced_out == [second.number]
    row = next(r for r in fit_summary(run)["items"] if r["number"] == second.number)
    assert row["forced"] == "out" and row["reason_text"] == "Dikeluarkan oleh Bappeda dalam penyesuaian pagu."
    with pytest.raises(DomainError, match="Kelurahan Dinoyo"):
        fit_run(actor=bappeda, cycle=all_open, forced_in=[first.number, second.number])
    with pytest.raises(DomainError, match="sekaligus"):
        fit_run(actor=bappeda, cycle=all_open, forced_in=[first.number], forced_out=[first.number])
    with pytest.raises(DomainError, match="Bukan usulan"):
        fit_run(actor=bappeda, cycle=all_open, forced_in=["2099-35.73.05.1004-9999"])


def test_a_proposal_forced_in_brings_the_ones_above_it_in_its_agencys_order(
    verified, kecamatan_forum, all_open, bappeda, region
):
    upper = verified("Jalan 1", 40)
    lower = verified("Jalan 2", 40)
    other = verified("Lampu", 50, agency="Dishub")
    kecamatan_forum([upper, other, lower])
    kelurahan_ceiling(bappeda, all_open, region, 90)
    run = fit_run(actor=bappeda, cycle=all_open, forced_in=[lower.number])
    assert set(run.selected) == {upper.number, lower.number}
    assert run.reasons[other.number]["kind"] == "ceiling"
    with pytest.raises(DomainError, match=f"prioritas di atasnya {upper.number}"):
        fit_run(actor=bappeda, cycle=all_open, forced_in=[lower.number], forced_out=[upper.number])
    # Without help the forum's order holds: the second road waits for the first.
    kelurahan_ceiling(bappeda, all_open, region, 45)
    run = fit_run(actor=bappeda, cycle=all_open, forced_out=[upper.number])
    assert run.reasons[lower.number]["kind"] == "precedence"
    row = next(r for r in fit_summary(run)["items"] if r["number"] == lower.number)
    assert row["reason_text"].startswith(f"Menunggu usulan prioritas di atasnya: {upper.number}.")


def test_only_bappeda_of_the_city_runs_and_publishes_the_fit(knapsack, person, all_open, bappeda):
    run = fit_run(actor=bappeda, cycle=all_open)
    for outsider in (person("bappeda", "35.79"), person("camat", LOWOKWARU)):
        with pytest.raises(NotAllowed):
            fit_run(actor=outsider, cycle=all_open)
        with pytest.raises(NotAllowed):
            fit_publish(actor=outsider, run=run)
    assert not Proposal.objects.filter(status=Status.ACCOMMODATED).exists()


def test_a_closed_musrenbang_kota_refuses_the_fit_with_a_clear_message(knapsack, all_open, bappeda, close_kota):
    run = fit_run(actor=bappeda, cycle=all_open)
    close_kota()
    all_open.refresh_from_db()
    for attempt in (lambda: fit_run(actor=bappeda, cycle=all_open), lambda: fit_publish(actor=bappeda, run=run)):
        with pytest.raises(
            StageClosed, match="menyesuaikan usulan dengan pagu indikatif: tahap Musrenbang Kota sudah ditutup"
        ):
            attempt()


def test_no_verified_proposal_no_fit(all_open, bappeda):
    with pytest.raises(DomainError, match="Belum ada usulan"):
        fit_run(actor=bappeda, cycle=all_open)


def test_publishing_moves_every_candidate_and_tells_why_in_its_history(knapsack, all_open, bappeda):
    first, second, third, fourth = knapsack
    run = fit_publish(actor=bappeda, run=fit_run(actor=bappeda, cycle=all_open))
    assert run.status == FitStatus.PUBLISHED and run.published_by == bappeda and run.published_at
    status = dict(Proposal.objects.filter(pk__in=[p.pk for p in knapsack]).values_list("number", "status"))
    assert status == {
        first.number: Status.NOT_ACCOMMODATED,
        second.number: Status.ACCOMMODATED,
        third.number: Status.ACCOMMODATED,
        fourth.number: Status.NOT_ACCOMMODATED,
    }
    events = {
        e.proposal.number: e
        for e in ProposalEvent.objects.filter(
            kind="transition", to_status__in=[Status.ACCOMMODATED, Status.NOT_ACCOMMODATED]
        ).select_related("proposal")
    }
    assert events[first.number].reason == "Melebihi pagu Kelurahan Dinoyo (sisa Rp0)."
    assert events[first.number].data["reason"] == {"kind": "ceiling", "ceilings": [f"kel:{DINOYO}"]}
    assert events[second.number].reason.startswith(f"Diakomodasi dalam RKPD {all_open.budget_year}: Rp50.000.000")
    assert events[second.number].actor == bappeda and events[second.number].data["fit_run"] == run.pk
    with pytest.raises(Frozen):
        fit_publish(actor=bappeda, run=run)
    if apps.is_installed("rembug.delivery"):
        from rembug.delivery import services as delivery

        if hasattr(delivery, "activity_plan"):
            from rembug.delivery.models import Activity

            planned = dict(Activity.objects.values_list("proposal__number", "budget_amount"))
            assert planned == {second.number: 50 * MILLION, third.number: 50 * MILLION}


def test_only_the_latest_run_still_matching_the_data_is_published(knapsack, verified, all_open, bappeda, region):
    older = fit_run(actor=bappeda, cycle=all_open)
    latest = fit_run(actor=bappeda, cycle=all_open)
    with pytest.raises(StaleVersion, match="terakhir"):
        fit_publish(actor=bappeda, run=older)
    kelurahan_ceiling(bappeda, all_open, region, 110)
    with pytest.raises(StaleVersion, match="Jalankan ulang"):
        fit_publish(actor=bappeda, run=latest)
    again = fit_run(actor=bappeda, cycle=all_open)
    verified("Usulan baru", 5, kelurahan=TLOGOMAS)
    with pytest.raises(StaleVersion, match="Jalankan ulang"):
        fit_publish(actor=bappeda, run=again)
    assert not Proposal.objects.filter(status=Status.ACCOMMODATED).exists()


def test_the_fit_summary_shows_how_each_thematic_group_fared():
    from rembug.budget.selectors import _by_theme

    rows = [
        {"theme": "perempuan", "selected": True, "greedy_selected": False, "cost": 10},
        {"theme": "perempuan", "selected": False, "greedy_selected": True, "cost": 7},
        {"theme": "", "selected": True, "greedy_selected": True, "cost": 3},
    ]
    assert _by_theme(rows) == [
        {"theme": "perempuan", "label": "Perempuan", "candidates": 2, "funded": 1, "greedy_funded": 1, "cost": 10}
    ]


def test_a_proposal_its_agency_never_verified_gets_its_fate_at_publish_naming_the_agency(
    knapsack, all_open, bappeda, person, region, malang, client
):
    """Issue 12, point 4: nothing is left hanging at FORWARDED_OPD when the fit is published."""
    from decimal import Decimal

    from rembug.proposals.services import proposal_create
    from tests.factories import dictionary_item, walk

    item = dictionary_item(malang, name="Sumur resapan", unit="unit", unit_price=MILLION, agency="DLH")
    waiting = proposal_create(
        actor=person("ketua_rt", f"{DINOYO}.02.001"),
        cycle=all_open,
        proposer=region(f"{DINOYO}.02.001"),
        title="Sumur resapan RT 001",
        problem="Banjir",
        idea="Sumur resapan",
        item=item,
        volume=Decimal(2),
        address="RT 001 RW 02",
    )
    walk(waiting, Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD)
    run = fit_run(actor=bappeda, cycle=all_open)
    client.force_login(bappeda)
    page = client.get(f"/pagu/penyesuaian/{run.pk}/umumkan/").content.decode()
    assert "1 usulan belum diverifikasi perangkat daerahnya" in page and waiting.number in page and "DLH" in page

    fit_publish(actor=bappeda, run=run)
    waiting.refresh_from_db()
    assert waiting.status == Status.NOT_ACCOMMODATED
    event = ProposalEvent.objects.filter(proposal=waiting, kind="transition").latest("pk")
    assert event.actor == bappeda and "DLH belum memverifikasi" in event.reason
    assert event.data["reason"] == {"kind": "unverified", "agency": "DLH"}
