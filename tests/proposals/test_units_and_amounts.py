"""A proposal's own unit and amount (issue 11, point 2): the unit is a word of the city's unit list (m2 = m²), an
unknown unit is refused naming the allowed ones, the amount defaults to volume × the dictionary's price, may differ,
is required without a price, and verifiers see the deviation. Web pages and API alike."""

from __future__ import annotations

import pytest

from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.errors import DomainError
from rembug.proposals.costs import proposal_deviation
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import funding_set, proposal_carry_over, proposal_create, proposal_update
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def paving(malang):
    return dictionary_item(malang, unit="m²", unit_price=150_000)


@pytest.fixture
def priceless(malang):
    """An item as SIPD's kamus has them: no unit, no price."""
    return dictionary_item(malang, name="Pelatihan kader", unit="", unit_price=None, category="lainnya")


def write(chair, cycle, region, item, **fields) -> Proposal:
    values = {"title": "Paving gang", "problem": "Becek", "idea": "Paving", "item": item, "volume": 130}
    return proposal_create(actor=chair, cycle=cycle, proposer=region(RT001), address="Gang", **(values | fields))


def test_the_unit_and_amount_default_to_the_dictionary(chair, cycle, region, paving):
    proposal = write(chair, cycle, region, paving)
    assert (proposal.unit, proposal.unit_price, proposal.estimated_cost) == ("m²", 150_000, 19_500_000)
    assert proposal_deviation(proposal).is_zero


@pytest.mark.parametrize(("written", "stored"), [("m2", "m²"), ("M2", "m²"), ("Orang", "orang"), ("Buah", "buah")])
def test_a_unit_is_matched_to_the_citys_word_never_changed_to_another(chair, cycle, region, paving, written, stored):
    assert write(chair, cycle, region, paving, unit=written).unit == stored


def test_a_proposal_keeps_its_own_unit_even_when_the_item_has_another(chair, cycle, region, paving):
    """ "8 m" of a paving item stays 8 m: it was stored as m² before (issue 11)."""
    proposal = write(chair, cycle, region, paving, volume=8, unit="m", estimated_cost=1_200_000)
    assert (proposal.volume, proposal.unit, proposal.estimated_cost) == (8, "m", 1_200_000)


def test_an_unknown_unit_is_refused_naming_the_allowed_ones(chair, cycle, region, paving):
    with pytest.raises(DomainError) as refused:
        write(chair, cycle, region, paving, unit="ember")
    assert refused.value.field == "unit"
    assert "“ember” tidak dikenal" in refused.value.message
    assert all(unit in refused.value.message for unit in ("m²", "paket", "orang", "titik"))
    assert not Proposal.objects.exists()


def test_an_own_amount_is_kept_and_its_deviation_shown(chair, cycle, region, paving):
    proposal = write(chair, cycle, region, paving, estimated_cost=21_450_000)
    deviation = proposal_deviation(proposal)
    assert (deviation.reference, deviation.difference, float(deviation.percent)) == (19_500_000, 1_950_000, 10.0)
    assert deviation.text == "+Rp1.950.000 (+10%) dari volume × harga kamus Rp19.500.000"


def test_an_item_without_price_needs_an_amount_and_a_unit(chair, cycle, region, priceless):
    with pytest.raises(DomainError) as no_amount:
        write(chair, cycle, region, priceless, unit="orang", volume=35)
    assert no_amount.value.field == "estimated_cost" and "tidak mempunyai harga satuan" in no_amount.value.message
    with pytest.raises(DomainError) as no_unit:
        write(chair, cycle, region, priceless, volume=35, estimated_cost=7_000_000)
    assert no_unit.value.field == "unit"
    proposal = write(chair, cycle, region, priceless, unit="Orang", volume=35, estimated_cost=7_000_000)
    assert (proposal.unit, proposal.unit_price, proposal.estimated_cost) == ("orang", None, 7_000_000)
    assert proposal_deviation(proposal) is None


def test_changing_the_item_keeps_the_unit_and_an_own_amount(chair, cycle, region, paving, malang):
    other = dictionary_item(malang, name="Rabat beton", unit="m", unit_price=90_000)
    own = write(chair, cycle, region, paving, estimated_cost=20_000_000)
    changed = proposal_update(actor=chair, proposal=own, version=own.version, item=other)
    assert (changed.unit, changed.estimated_cost, changed.unit_price) == ("m²", 20_000_000, 90_000)


def test_an_amount_that_followed_the_dictionary_follows_the_volume(chair, cycle, region, paving):
    proposal = write(chair, cycle, region, paving)
    changed = proposal_update(actor=chair, proposal=proposal, version=proposal.version, volume=100)
    assert changed.estimated_cost == 15_000_000
    emptied = proposal_update(actor=chair, proposal=changed, version=changed.version, estimated_cost=16_000_000)
    assert emptied.estimated_cost == 16_000_000
    back = proposal_update(actor=chair, proposal=emptied, version=emptied.version, estimated_cost=None)
    assert back.estimated_cost == 15_000_000  # emptied: volume × price again


def test_funding_must_add_up_to_the_own_amount(chair, cycle, region, paving):
    proposal = write(chair, cycle, region, paving, estimated_cost=20_000_000)
    with pytest.raises(DomainError, match=r"Rp20\.000\.000"):
        funding_set(actor=chair, proposal=proposal, shares={"apbd_kota": 19_500_000}, version=proposal.version)
    funding_set(actor=chair, proposal=proposal, shares={"apbd_kota": 20_000_000}, version=proposal.version)


# --- the web pages -------------------------------------------------------------------------------------------------


def form_data(item, **extra) -> dict:
    return {
        "title": "Paving gang Melati",
        "problem": "Becek",
        "idea": "Paving",
        "item": item.pk,
        "volume": "130",
        "address": "Gg. Melati",
        "beneficiaries": "10",
        "client_token": "3f0c0c5e-8a7c-4b55-9a57-3c9f3c3c3c3c",
        **extra,
    }


def test_the_form_offers_the_citys_units_and_takes_an_own_amount(client, chair, cycle, paving):
    client.force_login(chair)
    page = client.get(f"/usulan/baru/{RT001}/").text
    assert '<option value="m²">m²</option>' in page and '<option value="titik">titik</option>' in page
    answer = client.post(f"/usulan/baru/{RT001}/", form_data(paving, unit="paket", estimated_cost="25000000"))
    assert answer.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.unit, proposal.estimated_cost) == ("paket", 25_000_000)
    detail = client.get(f"/usulan/{proposal.number}/").text
    assert "130 paket" in detail and "+Rp5.500.000 (+28,2%) dari volume × harga kamus Rp19.500.000" in detail


def test_the_form_says_an_item_without_price_needs_an_amount(client, chair, cycle, priceless):
    client.force_login(chair)
    answer = client.post(f"/usulan/baru/{RT001}/", form_data(priceless, unit="orang"))
    assert answer.status_code == 200
    assert "Isi anggaran: kegiatan ini tidak mempunyai harga satuan di kamus usulan." in answer.text
    assert not Proposal.objects.exists()


def test_the_edit_form_keeps_the_unit_when_left_empty(client, chair, cycle, region, paving):
    proposal = write(chair, cycle, region, paving, unit="m")
    client.force_login(chair)
    data = form_data(paving, volume="10", version=proposal.version, unit="", estimated_cost="")
    assert client.post(f"/usulan/{proposal.number}/ubah/", data).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.unit, proposal.volume, proposal.estimated_cost) == ("m", 10, 1_500_000)


# --- the API -------------------------------------------------------------------------------------------------------


def body(cycle, item, **extra) -> dict:
    return {
        "cycle": cycle.year,
        "proposer": RT001,
        "title": "Paving gang Melati",
        "problem": "Becek",
        "idea": "Paving",
        "item": item.code,
        "volume": "300",
        "address": "Gg. Melati",
        **extra,
    }


def test_the_api_matches_the_unit_and_keeps_the_amount(client, chair, cycle, paving):
    client.force_login(chair)
    made = client.post(
        "/api/v1/proposals", body(cycle, paving, unit="M2", estimated_cost=40_000_000), content_type="application/json"
    )
    assert made.status_code == 201, made.json()
    answer = made.json()
    assert (answer["volume_unit"], answer["estimated_cost"], answer["unit_price"]) == ("m²", 40_000_000, 150_000)
    assert answer["cost_deviation"] == {"reference": 45_000_000, "difference": -5_000_000, "percent": -11.1}


def test_the_api_refuses_an_unknown_unit_with_400_naming_the_allowed_ones(client, chair, cycle, paving):
    client.force_login(chair)
    answer = client.post("/api/v1/proposals", body(cycle, paving, unit="ember"), content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["field"] == "unit" and "m²" in answer.json()["detail"]
    assert not Proposal.objects.exists()


def test_the_api_edits_the_unit_and_amount(client, chair, cycle, region, paving):
    proposal = write(chair, cycle, region, paving)
    client.force_login(chair)
    answer = client.patch(
        f"/api/v1/proposals/{proposal.number}",
        {"version": proposal.version, "unit": "Titik", "estimated_cost": 1_000_000},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["volume_unit"], answer.json()["estimated_cost"]) == ("titik", 1_000_000)


def test_carrying_over_keeps_the_own_unit_and_amount(chair, region, paving, malang):
    day = today()
    first, later = (cycle_create(city=malang, year=year, schedule=demo_schedule(year, day)) for year in (2041, 2042))
    proposal = write(chair, first, region, paving, unit="m", volume=8, estimated_cost=1_000_000)
    walk(proposal, Status.OUTSIDE_QUOTA, reason="Peringkat 7 melewati kuota.")
    again = proposal_carry_over(actor=chair, previous=Proposal.objects.get(pk=proposal.pk), cycle=later)
    assert (again.unit, again.volume, again.estimated_cost) == ("m", 8, 1_000_000)
