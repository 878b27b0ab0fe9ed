"""Carry-over: a proposal not accommodated is proposed again next year, linked, counting its years."""

import pytest

from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.errors import DomainError, NotAllowed
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import proposal_carry_over, proposal_create
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


@pytest.fixture
def years(malang):
    """Three planning years of Kota Malang, each with its Rembug open today (so the services may write)."""
    day = today()
    return [cycle_create(city=malang, year=year, schedule=demo_schedule(year, day)) for year in (2031, 2032, 2033)]


def not_accommodated(actor, cycle, proposer, item):
    proposal = proposal_create(
        actor=actor,
        cycle=cycle,
        proposer=proposer,
        title="Sumur resapan",
        problem="Banjir",
        idea="Dua sumur resapan",
        item=item,
        volume=2,
        address="RT 001",
    )
    return walk(proposal, Status.OUTSIDE_QUOTA, reason="Peringkat 7 melewati kuota 5 usulan prioritas.")


def test_a_proposal_carried_over_twice_is_usulan_ke_3_and_links_back(person, region, years, malang):
    chair = person("ketua_rt", RT001)
    item = dictionary_item(malang, name="Sumur resapan", unit="unit", unit_price=6_000_000, category="drainase")
    first = not_accommodated(chair, years[0], region(RT001), item)
    second = proposal_carry_over(actor=chair, previous=first, cycle=years[1])
    assert (second.previous, second.times_proposed, second.title) == (first, 2, first.title)
    assert second.status == Status.DRAFT and second.number.startswith("2032-")
    walk(second, Status.OUTSIDE_QUOTA)
    third = proposal_carry_over(actor=chair, previous=second, cycle=years[2])
    assert third.times_proposed == 3 and third.previous.previous == first


def test_a_proposal_is_carried_over_only_once(person, region, years, malang):
    chair = person("ketua_rt", RT001)
    first = not_accommodated(chair, years[0], region(RT001), dictionary_item(malang))
    carried = proposal_carry_over(actor=chair, previous=first, cycle=years[1])
    with pytest.raises(DomainError, match=carried.number):
        proposal_carry_over(actor=chair, previous=first, cycle=years[1])


def test_only_proposals_not_accommodated_may_be_carried_over(person, region, years, malang):
    chair = person("ketua_rt", RT001)
    draft = proposal_create(
        actor=chair,
        cycle=years[0],
        proposer=region(RT001),
        title="x",
        problem="y",
        idea="z",
        item=dictionary_item(malang),
        volume=1,
        address="a",
    )
    with pytest.raises(DomainError, match="tidak diakomodasi"):
        proposal_carry_over(actor=chair, previous=draft, cycle=years[1])


def test_another_proposers_proposal_cannot_be_carried_over(person, region, years, malang):
    first = not_accommodated(person("ketua_rt", RT001), years[0], region(RT001), dictionary_item(malang))
    with pytest.raises(NotAllowed):
        proposal_carry_over(actor=person("ketua_rt", "35.73.05.1011.03.002"), previous=first, cycle=years[1])


def test_carry_over_goes_forward_in_time_only(person, region, years, malang):
    chair = person("ketua_rt", RT001)
    later = not_accommodated(chair, years[2], region(RT001), dictionary_item(malang))
    with pytest.raises(DomainError, match="berikutnya"):
        proposal_carry_over(actor=chair, previous=later, cycle=years[0])
