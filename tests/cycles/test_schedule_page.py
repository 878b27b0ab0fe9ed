"""City staff run their year from the app: stage windows, open today, close now, the next year (issue 12, point 5)."""

from __future__ import annotations

import datetime

import pytest

from rembug.cycles.models import PlanningCycle, Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def bappeda(person):
    return person("bappeda", "35.73")


def test_bappeda_sets_a_stage_window_and_the_history_keeps_it(client, bappeda, cycle, django_assert_max_num_queries):
    client.force_login(bappeda)
    with django_assert_max_num_queries(15):
        page = client.get(f"/jadwal/{cycle.pk}/")
    assert page.status_code == 200 and "Musrenbang Kelurahan" in page.content.decode()
    stage = Stage.objects.get(cycle=cycle, kind=StageKind.REMBUG)
    later = stage.closes_on + datetime.timedelta(days=3)
    answer = client.post(
        f"/jadwal/{cycle.pk}/",
        {"kind": "rembug", "opens_on": stage.opens_on, "closes_on": later, "version": stage.version},
        follow=True,
    )
    stage.refresh_from_db()
    assert stage.closes_on == later and stage.version == 2
    assert "tersimpan" in answer.content.decode()
    assert "Riwayat jadwal" in answer.content.decode()


def test_open_today_and_close_now_move_the_window_around_today(client, bappeda, cycle):
    client.force_login(bappeda)
    stage = Stage.objects.get(cycle=cycle, kind=StageKind.MUSRENBANG_KOTA)
    day = today()
    form = {"kind": stage.kind, "opens_on": stage.opens_on, "closes_on": stage.closes_on, "version": stage.version}
    # Everything before the last stage must open earlier: move every stage into the past first.
    Stage.objects.filter(cycle=cycle).update(opens_on=day - datetime.timedelta(days=60))
    stage.refresh_from_db()
    form["version"] = stage.version
    client.post(f"/jadwal/{cycle.pk}/", {**form, "now": "open"})
    stage.refresh_from_db()
    assert stage.is_open_on(day)
    client.post(f"/jadwal/{cycle.pk}/", {**form, "version": stage.version, "now": "close"})
    stage.refresh_from_db()
    assert stage.closes_on == day - datetime.timedelta(days=1) and not stage.is_open_on(day)


def test_a_bad_window_is_named_and_nothing_changes(client, bappeda, cycle):
    client.force_login(bappeda)
    stage = Stage.objects.get(cycle=cycle, kind=StageKind.REMBUG)
    page = client.post(
        f"/jadwal/{cycle.pk}/",
        {"kind": "rembug", "opens_on": "2026-03-10", "closes_on": "2026-03-01", "version": stage.version},
    )
    assert "tidak boleh sebelum" in page.content.decode()
    assert Stage.objects.get(pk=stage.pk).version == stage.version


def test_a_stale_window_is_refused(client, bappeda, cycle):
    client.force_login(bappeda)
    stage = Stage.objects.get(cycle=cycle, kind=StageKind.REMBUG)
    page = client.post(
        f"/jadwal/{cycle.pk}/",
        {"kind": "rembug", "opens_on": stage.opens_on, "closes_on": stage.closes_on, "version": stage.version - 1},
    )
    assert "baru saja diubah" in page.content.decode()


def test_bappeda_opens_the_next_planning_year(client, bappeda, cycle):
    client.force_login(bappeda)
    answer = client.post(f"/jadwal/{cycle.pk}/tahun-berikutnya/", {"priority_quota": 4}, follow=True)
    created = PlanningCycle.objects.get(city=cycle.city, year=cycle.year + 1)
    assert created.priority_quota == 4 and created.stages.count() == len(StageKind.values)
    assert f"Tahun perencanaan {cycle.year + 1} dibuka" in answer.content.decode()


def test_others_do_not_see_the_schedule_page(client, person, cycle):
    for someone in (person("ketua_rt", "35.73.05.1011.03.001"), person("bappeda", "35.79")):
        client.force_login(someone)
        assert client.get(f"/jadwal/{cycle.pk}/").status_code == 404
        assert client.post(f"/jadwal/{cycle.pk}/tahun-berikutnya/", {"priority_quota": 5}).status_code == 404
    assert not PlanningCycle.objects.filter(city=cycle.city, year=cycle.year + 1).exists()
