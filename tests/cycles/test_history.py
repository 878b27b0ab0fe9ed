"""A stage's dates decide what everyone may do: every change of them is kept, with who made it and when."""

import datetime

import pytest
from django.utils import timezone

from rembug.cycles.models import PlanningCycle, Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.services import cycle_create, default_schedule, stage_schedule
from tests.test_history import admin_form_data, before_after, recent

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def bappeda(person):
    return person("bappeda", "35.73")


def test_moving_a_stage_records_who_when_and_the_old_and_new_dates(bappeda, malang):
    year = cycle_create(city=malang, year=2027, schedule=default_schedule(2027), actor=bappeda)
    created = PlanningCycle.history.get(id=year.pk)
    assert created.history_type == "+" and created.history_user == bappeda
    start = timezone.now()
    stage = stage_schedule(
        actor=bappeda,
        cycle=year,
        kind=StageKind.MUSRENBANG_KOTA,
        opens_on=D(2027, 3, 22),
        closes_on=D(2027, 4, 5),
        version=1,
    )
    latest = stage.history.first()
    assert latest.history_type == "~" and latest.history_user == bappeda and recent(latest, start)
    changes = before_after(latest)
    assert changes["opens_on"] == (D(2027, 3, 21), D(2027, 3, 22))
    assert changes["closes_on"] == (D(2027, 3, 31), D(2027, 4, 5))
    assert stage.version == 2 and Stage.objects.get(pk=stage.pk).closes_on == D(2027, 4, 5)


def test_a_change_in_the_admin_is_recorded_with_the_staff_member(client, bappeda, malang):
    year = cycle_create(city=malang, year=2027, schedule=default_schedule(2027))
    client.force_login(bappeda)
    url = f"/admin/cycles/planningcycle/{year.pk}/change/"
    data = admin_form_data(client.get(url))
    data["priority_quota"] = 7
    kota = next(k for k, v in data.items() if v == StageKind.MUSRENBANG_KOTA)
    data[kota.replace("-kind", "-closes_on")] = "2027-04-02"
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    quota = year.history.first()
    assert quota.history_user == bappeda and before_after(quota)["priority_quota"] == (5, 7)
    stage = Stage.history.filter(cycle_id=year.pk, kind=StageKind.MUSRENBANG_KOTA).first()
    assert stage.history_user == bappeda and before_after(stage)["closes_on"] == (D(2027, 3, 31), D(2027, 4, 2))


def test_the_admin_history_is_read_only_and_kept_within_the_city(client, bappeda, person, malang):
    year = cycle_create(city=malang, year=2027, schedule=default_schedule(2027), actor=bappeda)
    year.priority_quota = 6
    year.save()
    client.force_login(bappeda)
    history_url = f"/admin/cycles/planningcycle/{year.pk}/history/"
    page = client.get(history_url)
    assert page.status_code == 200 and bappeda.username in page.text
    record = year.history.last()
    version_url = f"{history_url}{record.history_id}/"
    assert client.get(version_url).status_code == 200
    assert client.post(version_url, {"priority_quota": 1, "city": malang.pk, "year": 2027}).status_code == 403
    assert PlanningCycle.objects.get(pk=year.pk).priority_quota == 6

    client.force_login(person("bappeda", "35.79"))
    assert client.get(history_url).status_code == 404
    assert client.get(version_url).status_code == 404
