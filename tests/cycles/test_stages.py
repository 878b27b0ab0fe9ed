"""Stages: what a stage allows is refused, with a clear message, when it is not open; Bappeda sets the dates."""

import datetime

import pytest

from rembug.cycles.phases import STAGES, Action, StageKind
from rembug.cycles.services import cycle_create, default_schedule, require_stage_open, stage_schedule
from rembug.errors import DomainError, NotAllowed, StageClosed, StaleVersion

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def year_2027(malang):
    return cycle_create(city=malang, year=2027, schedule=default_schedule(2027))


def test_every_action_is_allowed_by_some_stage():
    allowed = {action for spec in STAGES for action in spec.allows}
    assert allowed == set(Action.values)


def test_proposals_may_be_edited_while_the_rembug_is_open(year_2027):
    assert require_stage_open(year_2027, Action.PROPOSAL_EDIT, on=D(2027, 1, 10)).kind == StageKind.REMBUG


def test_a_closed_rembug_refuses_proposal_edits_saying_when_it_closed(year_2027):
    with pytest.raises(StageClosed) as refused:
        require_stage_open(year_2027, Action.PROPOSAL_EDIT, on=D(2027, 1, 21))
    assert "sudah ditutup pada 20 Januari 2027" in refused.value.message
    assert "Rembug RT/RW/Pokmas" in refused.value.message


def test_a_stage_not_yet_open_says_when_it_opens(year_2027):
    with pytest.raises(StageClosed, match="baru dibuka pada 1 Maret 2027"):
        require_stage_open(year_2027, Action.VERIFY, on=D(2027, 2, 10))


def test_an_unscheduled_stage_says_bappeda_has_not_scheduled_it(malang):
    cycle = cycle_create(city=malang, year=2030)
    with pytest.raises(StageClosed, match="belum dijadwalkan"):
        require_stage_open(cycle, Action.VERIFY, on=D(2030, 3, 5))


def test_bappeda_of_the_city_moves_a_stage_and_the_version_goes_up(year_2027, person):
    bappeda = person("bappeda", "35.73")
    stage = stage_schedule(
        actor=bappeda,
        cycle=year_2027,
        kind=StageKind.REMBUG,
        opens_on=D(2027, 1, 3),
        closes_on=D(2027, 1, 20),
        version=1,
    )
    assert (stage.opens_on, stage.version) == (D(2027, 1, 3), 2)


def test_a_stale_edit_of_a_stage_is_refused(year_2027, person):
    bappeda = person("bappeda", "35.73")
    stage_schedule(
        actor=bappeda,
        cycle=year_2027,
        kind=StageKind.REMBUG,
        opens_on=D(2027, 1, 3),
        closes_on=D(2027, 1, 20),
        version=1,
    )
    with pytest.raises(StaleVersion, match="diubah orang lain"):
        stage_schedule(
            actor=bappeda,
            cycle=year_2027,
            kind=StageKind.REMBUG,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 1, 20),
            version=1,
        )


@pytest.mark.parametrize(
    ("role", "code"),
    [("camat", "35.73.05"), ("operator_kelurahan", "35.73.05.1011"), ("ketua_rt", "35.73.05.1011.03.001")],
)
def test_only_bappeda_schedules_stages(year_2027, person, role, code):
    with pytest.raises(NotAllowed, match="Bappeda"):
        stage_schedule(
            actor=person(role, code),
            cycle=year_2027,
            kind=StageKind.REMBUG,
            opens_on=D(2027, 1, 3),
            closes_on=D(2027, 1, 20),
        )


def test_bappeda_of_another_city_cannot_schedule_malang(year_2027, person):
    with pytest.raises(NotAllowed):
        stage_schedule(
            actor=person("bappeda", "35.79"),
            cycle=year_2027,
            kind=StageKind.REMBUG,
            opens_on=D(2027, 1, 3),
            closes_on=D(2027, 1, 20),
        )


def test_a_stage_cannot_close_before_it_opens_or_open_before_an_earlier_stage(year_2027, person):
    bappeda = person("bappeda", "35.73")
    with pytest.raises(DomainError, match="tidak boleh sebelum"):
        stage_schedule(
            actor=bappeda, cycle=year_2027, kind=StageKind.REMBUG, opens_on=D(2027, 1, 9), closes_on=D(2027, 1, 2)
        )
    with pytest.raises(DomainError, match="Urutan tahap"):
        stage_schedule(
            actor=bappeda, cycle=year_2027, kind=StageKind.FORUM_OPD, opens_on=D(2026, 12, 1), closes_on=D(2026, 12, 9)
        )


def test_the_api_schedules_a_stage_for_bappeda_and_refuses_others(client, year_2027, person):
    url = f"/api/v1/cycles/{year_2027.pk}/stages/rembug"
    body = {"opens_on": "2027-01-05", "closes_on": "2027-01-20", "version": 1}
    client.force_login(person("camat", "35.73.05"))
    refused = client.put(url, body, content_type="application/json")
    assert refused.status_code == 403 and "Bappeda" in refused.json()["detail"]
    client.force_login(person("bappeda", "35.73"))
    done = client.put(url, body, content_type="application/json")
    assert done.status_code == 200 and done.json()["version"] == 2
    stale = client.put(url, body, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"


def test_cycles_are_listed_per_city_with_their_stages(client, year_2027):
    body = client.get("/api/v1/cycles", {"city": "35.73"}).json()
    assert body["results"][0]["year"] == 2027 and body["results"][0]["budget_year"] == 2028
    assert len(body["results"][0]["stages"]) == 6
