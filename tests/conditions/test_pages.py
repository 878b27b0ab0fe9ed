"""The condition pages: the survey on a phone, the gap table, the map and its GeoJSON, the city priorities."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.conditions.models import CityPriority, SurveyResponse
from rembug.conditions.services import indicators_default
from rembug.cycles.models import Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.regions.models import Region

from .conftest import DINOYO, DINOYO_RT, DINOYO_RT2, TLOGOMAS

pytestmark = pytest.mark.django_db


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "JPEG")
    return SimpleUploadedFile("got.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_rt_chair_fills_the_survey_on_one_screen(client, cycle, person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(person("ketua_rt", DINOYO_RT))
    url = f"/kondisi/survei/{DINOYO_RT}/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.text.count('type="radio"') == 11 * 5 and "Sebagian besar rusak berat" in page.text
    assert "style=" not in page.text and "<script>" not in page.text
    answer = client.post(
        url, {"score_jalan": "2", "note_jalan": "Gang 3 berlubang", "photo_jalan": _photo(), "score_drainase": "1"}
    )
    assert answer.status_code == 302
    saved = {r.indicator.code: r for r in SurveyResponse.objects.all()}
    assert saved["jalan"].score == 2 and saved["jalan"].photo and saved["drainase"].score == 1
    again = client.post(url, {"score_jalan": "3", "version_jalan": "1"})
    assert again.status_code == 302 and SurveyResponse.objects.get(indicator__code="jalan").version == 2
    stale = client.post(url, {"score_jalan": "4", "version_jalan": "1"})
    assert stale.status_code == 200 and "Muat ulang" in stale.text
    assert client.get(f"/kondisi/survei/{DINOYO_RT2}/").status_code == 404  # another RT


def test_closed_rembug_stage_shows_the_survey_read_only_and_refuses_answers(client, cycle, operator):
    day = today()
    Stage.objects.filter(cycle=cycle, kind=StageKind.REMBUG).update(
        opens_on=day - datetime.timedelta(days=30), closes_on=day - datetime.timedelta(days=1)
    )
    client.force_login(operator)
    page = client.get(f"/kondisi/survei/{DINOYO_RT}/")
    assert "sudah ditutup" in page.text and "disabled" in page.text
    client.post(f"/kondisi/survei/{DINOYO_RT}/", {"score_jalan": "2"})
    assert not SurveyResponse.objects.exists()


def test_another_kelurahans_operator_does_not_find_the_survey(client, cycle, person):
    client.force_login(person("operator_kelurahan", TLOGOMAS))
    assert client.get(f"/kondisi/survei/{DINOYO_RT}/").status_code == 404
    assert client.post(f"/kondisi/survei/{DINOYO_RT}/", {"score_jalan": "2"}).status_code == 404


def _many_answers(cycle, count: int) -> None:
    """`count` RT/RW of the city answering every indicator (bulk: the point is the number of rows)."""
    indicators = indicators_default(cycle)
    rts = list(Region.objects.filter(city=cycle.city, level="rt").order_by("code")[:count])
    kelurahan = {r.code: r for r in Region.objects.filter(city=cycle.city, level="kelurahan")}
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                cycle=cycle, region=u, kelurahan=kelurahan[u.village_code], indicator=i, score=1 + (u.pk + i.pk) % 5
            )
            for u in rts
            for i in indicators
        ]
    )


@pytest.mark.parametrize("rts", [1, 400])
def test_gap_page_queries_are_bounded_whatever_the_number_of_answers(
    client, cycle, person, rts, proposal, django_assert_max_num_queries
):
    _many_answers(cycle, rts)
    proposal(DINOYO_RT, "jalan", 100, times=3)
    client.force_login(person("bappeda", "35.73"))
    for url in (
        "/kondisi/kesenjangan/",
        "/kondisi/kesenjangan/?level=kecamatan&sort=area&dir=asc",
        f"/kondisi/peta/{cycle.year}.geojson",
        f"/kondisi/wilayah/{DINOYO}/",
    ):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    assert SurveyResponse.objects.count() == rts * 11


def test_gap_table_sorts_by_its_column_links_and_downloads_as_xlsx(client, cycle, person, answer):
    answer(DINOYO_RT, jalan=1, drainase=1)
    client.force_login(person("camat", "35.73.05"))
    page = client.get("/kondisi/kesenjangan/")
    assert page.status_code == 200 and "style=" not in page.text
    assert 'aria-sort="descending"' in page.text and "?level=kelurahan&amp;sort=need&amp;dir=desc" in page.text
    first_area = re.search(r'<th scope="row"><a href="/kondisi/wilayah/([\d.]+)/">', page.text).group(1)
    assert first_area == DINOYO  # the only need, and no city priority yet
    ascending = client.get("/kondisi/kesenjangan/?sort=area&dir=asc")
    assert 'aria-sort="ascending"' in ascending.text
    download = client.get("/kondisi/kesenjangan/?level=kecamatan&unduh=xlsx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sheet.max_row == 1 + 5 * 4


def test_the_map_geojson_has_the_citys_57_kelurahan(client, cycle, person, answer):
    answer(DINOYO_RT, jalan=1, pendidikan=5)
    client.force_login(person("bappeda", "35.73"))
    data = json.loads(client.get(f"/kondisi/peta/{cycle.year}.geojson").content)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 57
    dinoyo = next(f for f in data["features"] if f["properties"]["code"] == DINOYO)
    assert dinoyo["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert dinoyo["properties"]["need"] == 0.5 and dinoyo["properties"]["gap_field"] == "sarana_umum"
    assert dinoyo["properties"]["fields"]["sarana_umum"]["need"] == 1.0
    one_field = json.loads(client.get(f"/kondisi/peta/{cycle.year}.geojson?bidang=sosial_budaya").content)
    assert next(f for f in one_field["features"] if f["properties"]["code"] == DINOYO)["properties"]["need"] == 0
    page = client.get("/kondisi/peta/?ukuran=need")
    assert page.status_code == 200 and "rembug/js/choropleth.js" in page.text and "leaflet/leaflet.js" in page.text
    assert 'data-color="#b30000"' in page.text and "style=" not in page.text
    client.force_login(person("bappeda", "35.79"))  # Kota Batu has no such year
    assert client.get(f"/kondisi/peta/{cycle.year}.geojson").status_code == 404


def test_the_area_panel_draws_svg_bars_without_style_attributes(client, cycle, person, answer):
    answer(DINOYO_RT, jalan=1, drainase=2)
    client.force_login(person("ketua_rt", DINOYO_RT2))
    page = client.get(f"/kondisi/wilayah/{DINOYO}/")
    assert page.status_code == 200 and "<svg" in page.text and "style=" not in page.text
    assert '<rect width="175" height="14" fill="#b30000"/>' in page.text  # need (5 − 1.5) / 4 = 0.875


def test_bappeda_edits_the_city_priorities_and_batu_does_not_find_them(client, cycle, person):
    client.force_login(person("bappeda", "35.73"))
    page = client.get("/kondisi/prioritas/")
    assert page.status_code == 200
    form = {
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
        "version": "0",
        "p-0-theme": "Penanganan banjir dan drainase",
        "p-0-weight": "3",
        "p-0-mapped_categories": ["drainase"],
        "p-0-source_note": "RPJMD 2025–2029 Misi 3",
        "p-1-theme": "",
    }
    assert client.post("/kondisi/prioritas/", form).status_code == 302
    saved = CityPriority.objects.get()
    assert (saved.weight, saved.categories, saved.fields) == (3.0, ["drainase"], [])
    client.force_login(person("bappeda", "35.79"))
    assert client.get("/kondisi/prioritas/").status_code == 404
    client.force_login(person("operator_kelurahan", DINOYO))
    assert client.get("/kondisi/prioritas/").status_code == 404


def test_home_lists_the_rt_rw_a_person_surveys(client, cycle, person, operator):
    client.force_login(person("ketua_rt", DINOYO_RT))
    page = client.get("/kondisi/")
    assert page.status_code == 200 and f"/kondisi/survei/{DINOYO_RT}/" in page.text
    client.force_login(operator)
    page = client.get("/kondisi/")
    assert f"/kondisi/survei/{DINOYO_RT2}/" in page.text and "/kondisi/impor/" in page.text


def test_the_map_geojson_is_kept_by_the_browser_only_and_revalidated_by_its_etag(client, cycle, person, answer):
    answer(DINOYO_RT, jalan=1, pendidikan=5)
    client.force_login(person("bappeda", "35.73"))
    url = f"/kondisi/peta/{cycle.year}.geojson"
    first = client.get(url)
    assert first.status_code == 200
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    answer(DINOYO_RT2, jalan=2)  # new data: a new ETag, the whole map again
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
