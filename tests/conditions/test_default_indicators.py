"""The default survey is given once, when the planning year is created; reading a page or the API writes nothing."""

from __future__ import annotations

import re

import pytest

from rembug.conditions.defaults import DEFAULT_INDICATORS
from rembug.conditions.models import Indicator
from rembug.conditions.services import indicator_save

from .conftest import DINOYO_RT

pytestmark = pytest.mark.django_db


def test_a_new_planning_year_has_the_default_survey_at_once(cycle):
    assert [i.code for i in Indicator.objects.filter(cycle=cycle).order_by("position")] == [
        code for _field, code, *_rest in DEFAULT_INDICATORS
    ]


def test_reading_the_survey_page_and_the_api_writes_no_indicator(client, cycle, person):
    """A GET is a read: a year without indicators (all removed by Bappeda) stays without them."""
    Indicator.objects.filter(cycle=cycle).delete()
    client.force_login(person("ketua_rt", DINOYO_RT))
    assert client.get(f"/kondisi/survei/{DINOYO_RT}/").status_code == 200
    assert client.get("/kondisi/").status_code == 200
    assert client.get("/api/v1/conditions/indicators").json() == []
    assert Indicator.objects.filter(cycle=cycle).count() == 0


def test_the_page_and_the_api_show_the_same_indicators(client, cycle, person):
    planner = person("bappeda", "35.73")
    indicator_save(
        actor=planner,
        cycle=cycle,
        code="sampah",
        field="sarana_umum",
        name="Pengelolaan sampah",
        question="Bagaimana sampah diangkut?",
        scale=["a", "b", "c", "d", "e"],
    )
    indicator_save(
        actor=planner,
        cycle=cycle,
        code="pasar",
        field="ekonomi",
        name="Usaha kecil",
        question="Bagaimana usaha kecil di wilayah Anda?",
        scale=["a", "b", "c", "d", "e"],
        active=False,
    )
    client.force_login(person("ketua_rt", DINOYO_RT))
    page = client.get(f"/kondisi/survei/{DINOYO_RT}/").text
    on_page = sorted(set(re.findall(r'name="score_([a-z_]+)"', page)))
    in_api = sorted(i["code"] for i in client.get("/api/v1/conditions/indicators").json() if i["active"])
    assert on_page == in_api and "sampah" in in_api and "pasar" not in in_api
