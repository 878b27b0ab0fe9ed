"""What each person reads of delivery: the agency its activities, Bappeda its city's, residents the timeline."""

import pytest
from django.template import Context, Template

from rembug.delivery.selectors import (
    activities_for,
    activities_of_agency,
    activities_of_city,
    activity_detail,
    activity_summary,
    activity_timeline,
)
from rembug.delivery.services import progress_report

from .conftest import days_ago, jpeg

pytestmark = pytest.mark.django_db


def test_an_agency_lists_only_the_activities_it_implements(activity, pupr, dlh, batu_pupr, chair):
    assert list(activities_of_agency(pupr)) == [activity]
    assert list(activities_of_agency(pupr, status="planned")) == [activity]
    assert list(activities_of_agency(pupr, status="done")) == []
    for outsider in (dlh, batu_pupr, chair):
        assert list(activities_of_agency(outsider)) == []


def test_bappeda_lists_the_activities_of_its_own_city_only(activity, planner, batu_planner, malang, pupr):
    assert list(activities_of_city(planner, city_id=malang.pk)) == [activity]
    assert list(activities_for(planner, city_id=malang.pk)) == [activity]
    assert list(activities_of_city(batu_planner, city_id=malang.pk)) == []
    assert list(activities_of_city(pupr, city_id=malang.pk)) == []


def test_an_activity_is_opened_by_its_agency_and_its_citys_bappeda(activity, pupr, planner, dlh, batu_planner):
    assert activity_detail(pupr, activity.pk) == activity
    assert activity_detail(planner, activity.pk) == activity
    assert activity_detail(dlh, activity.pk) is None and activity_detail(batu_planner, activity.pk) is None


def test_the_public_timeline_has_dates_percent_notes_and_photos_but_no_names(
    activity, accommodated, pupr, django_assert_num_queries
):
    progress_report(
        actor=pupr,
        activity=activity,
        percent=25,
        reported_on=days_ago(4),
        note="Galian saluran.",
        photo=jpeg(),
        version=activity.version,
    )
    with django_assert_num_queries(1):
        timeline = activity_timeline(accommodated)
    [row] = timeline
    assert set(row) == {"reported_on", "percent", "note", "photo_url", "photo_thumb_url"}
    assert (row["reported_on"], row["percent"], row["note"]) == (days_ago(4), 25, "Galian saluran.")
    assert row["photo_url"] == f"/pelaksanaan/foto/{accommodated.activity.reports.get().pk}/"
    assert row["photo_thumb_url"] == row["photo_url"] + "?size=thumb"
    summary = activity_summary(accommodated)
    assert (summary["budget_amount"], summary["percent_done"], summary["status"]) == (3_000_000, 25, "in_progress")
    assert "Pekerjaan Umum" in summary["agency"]


def test_the_template_tag_renders_the_timeline_for_any_page(activity, accommodated, pupr, make_proposals):
    progress_report(
        actor=pupr, activity=activity, percent=60, reported_on=days_ago(1), note="Pengecoran.", version=activity.version
    )
    html = Template("{% load delivery %}{% delivery_timeline proposal %}").render(Context({"proposal": accommodated}))
    assert '<progress id="delivery-progress" class="progress" max="100" value="60">' in html
    assert "Pengecoran." in html and "Rp3.000.000" in html and pupr.display_name not in html
    [unplanned] = make_proposals(1)
    assert (
        Template("{% load delivery %}{% delivery_timeline proposal %}").render(Context({"proposal": unplanned})).strip()
        == ""
    )
