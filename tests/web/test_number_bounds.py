"""A number too big for its column, typed into a web form, is a message beside the field, never a 500."""

from __future__ import annotations

import pytest

from tests.api.world import RT001, build_world

pytestmark = pytest.mark.django_db
HUGE = str(10**20)


@pytest.fixture
def world(person, region, cycle, malang):
    return build_world(person=person, region=region, cycle=cycle, city=malang)


def _proposal_fields(world, **changes) -> dict:
    proposal = world.proposals[0]
    return {
        "title": proposal.title,
        "problem": "Rusak",
        "idea": "Perbaiki",
        "item": proposal.item_id,
        "volume": "10",
        "address": "RT 001",
        "beneficiaries": "40",
        **changes,
    }


def _error_on(response, field: str) -> bool:
    form = next(f for f in (response.context.get(name) for name in ("form", "accept")) if f is not None)
    if field == "version":  # a version no row can have is an out-of-date page: the form says reload, it does not 500
        return response.status_code == 200 and "baru saja diubah orang lain" in str(form.non_field_errors())
    return response.status_code == 200 and field in form.errors


@pytest.mark.parametrize("field", ["beneficiaries", "latitude", "volume"])
def test_a_huge_number_in_the_new_proposal_form_is_a_field_message(client, world, field):
    client.force_login(world.chair)
    response = client.post(
        f"/usulan/baru/{RT001}/",
        _proposal_fields(world, client_token="7d0e6a2c-1b9f-4e3a-8c5d-2f1e0a9b8c7d", **{field: HUGE}),
    )
    assert _error_on(response, field)


@pytest.mark.parametrize("field", ["beneficiaries", "version"])
def test_a_huge_number_in_the_proposal_edit_form_is_a_field_message(client, world, field):
    client.force_login(world.chair)
    proposal = world.proposals[0]
    response = client.post(
        f"/usulan/{proposal.number}/ubah/", _proposal_fields(world, **{"version": str(proposal.version), field: HUGE})
    )
    assert _error_on(response, field)


@pytest.mark.parametrize("field", ["swadaya", "apbd_kota", "version"])
def test_a_huge_funding_amount_in_the_rembug_is_a_field_message(client, world, field):
    client.force_login(world.chair)
    proposal = world.proposals[0]
    response = client.post(
        f"/rembug/{world.meeting.pk}/pendanaan/{proposal.number}/",
        {"version": str(proposal.version), "swadaya": "0", "apbd_kota": "0", field: HUGE},
    )
    assert _error_on(response, field)


def test_a_huge_attendance_count_is_a_field_message(client, world):
    client.force_login(world.chair)
    response = client.post(f"/rembug/{world.meeting.pk}/peserta/", {"form": "counts", "difabel": HUGE})
    assert response.status_code == 200 and "difabel" in response.context["counts_form"].errors


def test_a_huge_ceiling_is_a_field_message(client, world):
    client.force_login(world.bappeda)
    response = client.post(
        f"/pagu/{world.cycle.pk}/", {"kind": "kec", "region": world.ceiling.region_id, "amount": HUGE}
    )
    assert _error_on(response, "amount")


@pytest.mark.parametrize("field", ["cost", "volume", "version"])
def test_a_huge_recommended_cost_is_a_field_message(client, person, world, field):
    client.force_login(person("verifikator_opd", "35.73", agency="DPUPRPKP"))
    number = world.forwarded.number
    data = {
        "accept-version": str(world.forwarded.version),
        "accept-volume": "",
        "accept-cost": "",
        "accept-note": "",
        f"accept-{field}": HUGE,
    }
    response = client.post(f"/verifikasi/{number}/terima/", data)
    assert _error_on(response, field)


def test_an_overflow_past_every_form_bound_is_a_400_page(rf):
    from django.db import DataError

    from rembug.middleware import OutOfRangeMiddleware

    guard = OutOfRangeMiddleware(lambda request: None)
    for error in (OverflowError("Python int too large to convert to SQLite INTEGER"), DataError("out of range")):
        answer = guard.process_exception(rf.post("/rembug/1/peserta/"), error)
        assert answer.status_code == 400 and "terlalu besar" in answer.content.decode()
    assert guard.process_exception(rf.get("/"), ValueError("other")) is None
