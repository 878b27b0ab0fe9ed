"""The survey and the city priorities through the services, and the gap selectors against the hand-computed case."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.conditions import selectors
from rembug.conditions.models import CityPriority, Indicator, SurveyResponse
from rembug.conditions.services import (
    Answer,
    PriorityInput,
    indicator_save,
    indicators_default,
    priorities_replace,
    survey_submit,
)
from rembug.cycles.models import Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.errors import DomainError, NotAllowed, StageClosed, StaleVersion
from rembug.proposals.lifecycle import Status

from .conftest import DINOYO, DINOYO_RT, DINOYO_RT2, LOWOKWARU, TLOGOMAS, TLOGOMAS_RT

pytestmark = pytest.mark.django_db


def _photo(fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, fmt)
    return SimpleUploadedFile("jalan.png", buffer.getvalue(), content_type="image/png")


def test_the_default_survey_covers_the_seeds_four_fields_once(cycle):
    first = indicators_default(cycle)
    assert indicators_default(cycle) and Indicator.objects.filter(cycle=cycle).count() == len(first) == 11
    assert {i.field for i in first} == {"sarana_umum", "kebutuhan_warga", "sosial_budaya", "ekonomi"}
    assert all(len(i.scale) == 5 for i in first)


def test_rt_chair_answers_for_their_own_rt_only(cycle, indicators, person, region):
    chair = person("ketua_rt", DINOYO_RT)
    saved = survey_submit(
        actor=chair,
        cycle=cycle,
        region=region(DINOYO_RT),
        answers=[Answer("jalan", 2, note="Gang 3 berlubang", photo=_photo()), Answer("mck", None)],
    )
    assert [(r.indicator.code, r.score, r.version) for r in saved] == [("jalan", 2, 1)]
    assert saved[0].photo.name.endswith(".png") and saved[0].kelurahan.code == DINOYO
    with pytest.raises(NotAllowed):
        survey_submit(actor=chair, cycle=cycle, region=region(DINOYO_RT2), answers=[Answer("jalan", 3)])
    rw_chair = person("ketua_rw", f"{DINOYO}.01")
    with pytest.raises(NotAllowed):  # the RW chair answers for the RW, not for its RTs
        survey_submit(actor=rw_chair, cycle=cycle, region=region(DINOYO_RT), answers=[Answer("jalan", 3)])
    survey_submit(actor=rw_chair, cycle=cycle, region=region(f"{DINOYO}.01"), answers=[Answer("jalan", 3)])


def test_a_second_answer_updates_the_first_and_a_stale_one_is_refused(cycle, indicators, operator, region):
    rt = region(DINOYO_RT)
    survey_submit(actor=operator, cycle=cycle, region=rt, answers=[Answer("jalan", 2)])
    (again,) = survey_submit(actor=operator, cycle=cycle, region=rt, answers=[Answer("jalan", 4, version=1)])
    assert (again.score, again.version, SurveyResponse.objects.count()) == (4, 2, 1)
    with pytest.raises(StaleVersion):
        survey_submit(actor=operator, cycle=cycle, region=rt, answers=[Answer("jalan", 5, version=1)])


def test_another_kelurahans_operator_is_refused(cycle, indicators, person, region):
    outsider = person("operator_kelurahan", TLOGOMAS)
    with pytest.raises(NotAllowed):
        survey_submit(actor=outsider, cycle=cycle, region=region(DINOYO_RT), answers=[Answer("jalan", 2)])
    assert not SurveyResponse.objects.exists()


def test_bad_scores_and_fake_photos_are_refused(cycle, indicators, operator, region):
    rt = region(DINOYO_RT)
    with pytest.raises(DomainError, match="1 sampai 5"):
        survey_submit(actor=operator, cycle=cycle, region=rt, answers=[Answer("jalan", 6)])
    fake = SimpleUploadedFile("foto.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(DomainError, match="bukan foto"):
        survey_submit(actor=operator, cycle=cycle, region=rt, answers=[Answer("jalan", 2, photo=fake)])
    with pytest.raises(DomainError, match="RT atau RW"):
        survey_submit(actor=operator, cycle=cycle, region=region(DINOYO), answers=[Answer("jalan", 2)])
    assert not SurveyResponse.objects.exists()


def test_survey_entry_is_refused_once_the_rembug_stage_is_closed(cycle, indicators, operator, region):
    day = today()
    Stage.objects.filter(cycle=cycle, kind=StageKind.REMBUG).update(
        opens_on=day - datetime.timedelta(days=30), closes_on=day - datetime.timedelta(days=1)
    )
    with pytest.raises(StageClosed, match="sudah ditutup"):
        survey_submit(actor=operator, cycle=cycle, region=region(DINOYO_RT), answers=[Answer("jalan", 2)])


def test_only_bappeda_of_the_city_sets_priorities_and_indicators(cycle, person):
    wanted = [
        PriorityInput("Penanganan banjir dan drainase", 2, categories=["drainase"], source_note="RPJMD"),
        PriorityInput("Air bersih untuk semua", 1, fields=["kebutuhan_warga"]),
    ]
    for outsider in (person("bappeda", "35.79"), person("operator_kelurahan", DINOYO)):
        with pytest.raises(NotAllowed):
            priorities_replace(actor=outsider, cycle=cycle, priorities=wanted)
        with pytest.raises(NotAllowed):
            indicator_save(
                actor=outsider, cycle=cycle, code="x", field="ekonomi", name="X", question="?", scale=["a"] * 5
            )
    bappeda = person("bappeda", "35.73")
    saved = priorities_replace(actor=bappeda, cycle=cycle, priorities=wanted)
    assert [(p.theme, p.version) for p in saved] == [
        ("Penanganan banjir dan drainase", 1),
        ("Air bersih untuk semua", 1),
    ]
    with pytest.raises(StaleVersion):
        priorities_replace(actor=bappeda, cycle=cycle, priorities=wanted[:1], version=0)
    priorities_replace(actor=bappeda, cycle=cycle, priorities=wanted[:1], version=1)
    assert CityPriority.objects.get().version == 2
    with pytest.raises(DomainError, match="Bobot"):
        priorities_replace(actor=bappeda, cycle=cycle, priorities=[PriorityInput("X", -1, fields=["ekonomi"])])
    with pytest.raises(DomainError, match="Kategori"):
        priorities_replace(actor=bappeda, cycle=cycle, priorities=[PriorityInput("X", 1, categories=["roket"])])
    indicator = indicator_save(
        actor=bappeda,
        cycle=cycle,
        code="internet",
        field="ekonomi",
        name="Internet",
        question="Bagaimana sinyal?",
        scale=["a", "b", "c", "d", "e"],
    )
    assert indicator.version == 1


@pytest.fixture
def hand_case(cycle, person, answer, proposal):
    """The data of tests/conditions/test_gap.py's hand-computed case, in Dinoyo (plus noise elsewhere)."""
    # Public facilities (sarana_umum): 2, 3, 3 → need 7/12. Private needs: 4, 5 → need 1/8.
    answer(DINOYO_RT, jalan=2, drainase=3, air_bersih=4)
    answer(DINOYO_RT2, mck=3, persampahan=5)
    answer(TLOGOMAS_RT, jalan=5, pendidikan=1)
    # Roads: 300 proposed, 100 funded, 2 of 4 repeats unfunded. Water: 100 proposed. Withdrawn ones do not count.
    proposal(DINOYO_RT, "jalan", 100, status=Status.ACCOMMODATED, times=3)
    proposal(DINOYO_RT, "jalan", 100, status=Status.NOT_ACCOMMODATED, times=3)
    proposal(DINOYO_RT2, "drainase", 50, times=4)
    proposal(DINOYO_RT2, "drainase", 50)
    proposal(DINOYO_RT, "air_bersih", 100)
    proposal(DINOYO_RT, "jalan", 999, status=Status.WITHDRAWN, times=5)
    proposal(TLOGOMAS_RT, "umkm", 100, status=Status.FUNDED_KELURAHAN)
    bappeda = person("bappeda", "35.73")
    priorities_replace(
        actor=bappeda,
        cycle=cycle,
        priorities=[
            PriorityInput("Air bersih", 2, fields=["kebutuhan_warga"]),
            PriorityInput("Banjir dan air", 1, categories=["drainase"], fields=["kebutuhan_warga"]),
        ],
    )
    return cycle


def test_selectors_give_the_hand_computed_numbers_from_data(hand_case, region):
    table = selectors.gap_table(hand_case, level="kelurahan")
    rows = {(r.area, r.field): r for r in table.rows}
    assert len(table.rows) == 57 * 4
    roads, water = rows[(DINOYO, "sarana_umum")], rows[(DINOYO, "kebutuhan_warga")]
    assert roads.need == pytest.approx(7 / 12) and roads.priority == pytest.approx(1 / 3)
    assert roads.gap == pytest.approx(0.25)
    assert (roads.proposed, roads.funded, roads.repeat) == (pytest.approx(0.75), pytest.approx(1 / 3), 0.5)
    assert roads.flags == ("unfunded_repeats",)
    assert water.need == pytest.approx(0.125) and water.gap == pytest.approx(-0.875)
    assert (water.proposed, water.funded, water.repeat) == (0.25, 0.0, 0.0)
    assert rows[(DINOYO, "ekonomi")].need is None and rows[(TLOGOMAS, "ekonomi")].funded == 1.0
    # The kecamatan pools every answer of its kelurahan: roads 2, 3, 3, 5 → mean 13/4.
    kecamatan = {(r.area, r.field): r for r in selectors.gap_table(hand_case, level="kecamatan").rows}
    assert len(kecamatan) == 5 * 4
    assert kecamatan[(LOWOKWARU, "sarana_umum")].mean_score == pytest.approx(13 / 4)
    panel = selectors.gap_panel(region(DINOYO_RT), hand_case)
    assert panel["gap_area"].code == DINOYO and [b.field for b in panel["gap_flagged"]] == ["sarana_umum"]
    assert panel["gap_bars"][0].need_width == round(7 / 12 * 200)


def test_the_gap_table_sorts_by_any_column(hand_case):
    rows = selectors.gap_table(hand_case, sort="gap", descending=True).rows
    assert (rows[0].area, rows[0].field) == (TLOGOMAS, "sosial_budaya")  # a score of 1 and no city priority
    rows = selectors.gap_table(hand_case, sort="area", descending=False, only_field="ekonomi").rows
    assert len(rows) == 57 and rows[0].field == "ekonomi"
