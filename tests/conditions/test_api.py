"""The conditions API: indicators, an RT's survey answers, the gap per area and the city priorities."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from rembug.conditions.models import CityPriority, SurveyResponse

from .conftest import DINOYO, DINOYO_RT, DINOYO_RT2, LOWOKWARU

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_indicators_and_the_survey_of_an_rt(api, cycle, person):
    api.force_authenticate(person("ketua_rt", DINOYO_RT))
    indicators = api.get(f"/api/v1/conditions/indicators?cycle={cycle.year}").json()
    assert len(indicators) == 11 and len(indicators[0]["scale"]) == 5
    url = f"/api/v1/conditions/surveys/{DINOYO_RT}?cycle={cycle.year}"
    saved = api.put(url, {"answers": [{"indicator": "jalan", "score": 2, "note": "Berlubang"}]}, format="json")
    assert saved.status_code == 200, saved.json()
    assert [(r["indicator"], r["score"], r["version"]) for r in saved.json()["responses"]] == [("jalan", 2, 1)]
    stale = api.put(url, {"answers": [{"indicator": "jalan", "score": 3, "version": 7}]}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert api.put(url, {"answers": [{"indicator": "jalan", "score": 9}]}, format="json").status_code == 400
    assert api.get(f"/api/v1/conditions/surveys/{DINOYO_RT2}").status_code == 404
    assert api.get(url).json()["responses"][0]["note"] == "Berlubang"


def test_gap_per_area_and_priorities(api, cycle, person):
    api.force_authenticate(person("ketua_rt", DINOYO_RT))
    api.put(f"/api/v1/conditions/surveys/{DINOYO_RT}", {"answers": [{"indicator": "jalan", "score": 1}]}, format="json")
    bappeda = person("bappeda", "35.73")
    api.force_authenticate(bappeda)
    body = {
        "version": 0,
        "priorities": [{"theme": "Jalan mantap", "weight": 2, "categories": ["jalan"], "source_note": "RKPD"}],
    }
    saved = api.put(f"/api/v1/conditions/priorities?cycle={cycle.year}", body, format="json")
    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert CityPriority.objects.get().categories == ["jalan"]
    rows = api.get(f"/api/v1/conditions/gap?level=kelurahan&cycle={cycle.year}").json()
    dinoyo = next(r for r in rows if r["area"] == DINOYO and r["field"] == "sarana_umum")
    assert (dinoyo["need"], dinoyo["priority"], dinoyo["gap"]) == (1.0, 1.0, 0.0)
    kecamatan = api.get("/api/v1/conditions/gap?level=kecamatan").json()
    assert len(kecamatan) == 20 and any(r["area"] == LOWOKWARU and r["need"] == 1.0 for r in kecamatan)
    assert api.get("/api/v1/conditions/gap?level=rt").status_code == 400
    api.force_authenticate(person("bappeda", "35.79"))
    refused = api.put(f"/api/v1/conditions/priorities?cycle={cycle.year}", body, format="json")
    assert refused.status_code == 404  # Kota Batu has no such planning year: Malang's stays out of reach
    assert SurveyResponse.objects.count() == 1


def test_bappeda_of_kota_batu_is_refused_malangs_priorities(api, cycle, person, batu):
    """Even naming Malang's year, Batu's planner acts in Batu's cycle only, and the service refuses Malang's."""
    from rembug.conditions.services import PriorityInput, priorities_replace
    from rembug.errors import NotAllowed

    with pytest.raises(NotAllowed):
        priorities_replace(
            actor=person("bappeda", "35.79"),
            cycle=cycle,
            priorities=[PriorityInput("Jalan", 1, fields=["sarana_umum"])],
        )


def test_the_schema_lists_the_conditions_endpoints(api):
    schema = api.get("/api/v1/openapi.json").json()
    tagged = [
        path
        for path, ops in schema["paths"].items()
        if any("conditions" in op.get("tags", []) for op in ops.values() if isinstance(op, dict))
    ]
    assert set(tagged) == {
        "/api/v1/conditions/indicators",
        "/api/v1/conditions/surveys/{code}",
        "/api/v1/conditions/gap",
        "/api/v1/conditions/priorities",
    }
