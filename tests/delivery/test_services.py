"""RKPD and delivery: Bappeda plans what was accommodated; the implementing agency reports until it is built."""

import datetime

import pytest
from django.utils.formats import date_format

from rembug.agencies.models import Agency
from rembug.delivery.models import Activity, ActivityStatus, ProgressReport
from rembug.delivery.services import activity_plan, progress_report
from rembug.errors import DomainError, Frozen, NotAllowed, StageClosed, StaleVersion
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal

from .conftest import TO_KELURAHAN_FUNDS, days_ago, fake_photo, jpeg, move_implementation

pytestmark = pytest.mark.django_db


def report(actor, activity, percent, *, on=None, **extra):
    fresh = Activity.objects.get(pk=activity.pk)
    return progress_report(
        actor=actor, activity=fresh, percent=percent, reported_on=on or days_ago(0), version=fresh.version, **extra
    )


def status_of(proposal) -> str:
    return Proposal.objects.get(pk=proposal.pk).status


# --- planning -------------------------------------------------------------------------------------------------------


def test_bappeda_plans_an_accommodated_proposal_with_budget_agency_and_schedule(accommodated, planner, cycle, malang):
    year = cycle.budget_year
    activity = activity_plan(
        actor=planner,
        proposal=accommodated,
        budget_amount=2_750_000,
        starts_on=datetime.date(year, 3, 1),
        ends_on=datetime.date(year, 5, 31),
    )
    assert activity.agency == Agency.objects.get(city=malang, short_name="DPUPRPKP")  # the proposal's agency
    assert (activity.city, activity.budget_year, activity.budget_amount) == (malang, cycle.year + 1, 2_750_000)
    assert (activity.funding_source, activity.status, activity.percent_done) == ("apbd_kota", "planned", 0)
    assert activity.created_by == planner and activity.version == 1
    event = accommodated.events.order_by("-pk").first()
    assert event.kind == "activity_planned" and event.actor == planner
    assert event.data["budget_amount"] == 2_750_000 and event.data["agency"] == "DPUPRPKP"
    assert status_of(accommodated) == Status.ACCOMMODATED  # planning alone does not start the work


def test_the_system_plans_when_the_budget_fit_is_published(accommodated, plan):
    activity = plan(accommodated)
    assert activity.created_by is None
    assert accommodated.events.order_by("-pk").first().actor is None


def test_what_the_kelurahan_funds_is_planned_from_dana_kelurahan(make_proposals, plan):
    [funded] = make_proposals(1, walk=TO_KELURAHAN_FUNDS)
    assert plan(funded).funding_source == "dana_kelurahan"


@pytest.mark.parametrize(
    "walk", [(), (Status.AGREED,), (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD, Status.VERIFIED)]
)
def test_only_accommodated_or_kelurahan_funded_proposals_become_activities(make_proposals, plan, walk):
    [proposal] = make_proposals(1, walk=walk)
    with pytest.raises(DomainError, match="belum diakomodasi dalam RKPD"):
        plan(proposal)
    assert not Activity.objects.exists()


def test_only_bappeda_of_the_proposals_city_plans(accommodated, batu_planner, pupr, chair, cycle):
    year = cycle.budget_year
    for outsider in (batu_planner, pupr, chair):
        with pytest.raises(NotAllowed, match="Hanya Bappeda kota ini"):
            activity_plan(
                actor=outsider,
                proposal=accommodated,
                budget_amount=1_000_000,
                starts_on=datetime.date(year, 1, 1),
                ends_on=datetime.date(year, 2, 1),
            )
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": datetime.date(2031, 5, 1), "ends_on": datetime.date(2031, 4, 30)}, "ends_on"),
        ({"budget_amount": 0}, "budget_amount"),
        ({"budget_amount": -5}, "budget_amount"),
        ({"budget_amount": "1.5"}, "budget_amount"),
        ({"starts_on": "besok"}, "starts_on"),
    ],
)
def test_dates_and_amount_are_checked(accommodated, plan, changes, field):
    with pytest.raises(DomainError) as refused:
        plan(accommodated, **changes)
    assert refused.value.field == field
    assert not Activity.objects.exists()


def test_the_implementing_agency_must_be_of_the_same_city(accommodated, plan, batu, malang):
    with pytest.raises(DomainError) as refused:
        plan(accommodated, agency=Agency.objects.get(city=batu, short_name="DPUPRPKP"))
    assert refused.value.field == "agency"
    assert plan(accommodated, agency=Agency.objects.get(city=malang, short_name="DLH")).agency.short_name == "DLH"


def test_planning_again_updates_the_one_activity_with_its_version(accommodated, planner, plan, cycle):
    first = plan(accommodated)
    assert plan(accommodated).version == first.version  # the same plan published again changes nothing
    year = cycle.budget_year
    later = {"budget_amount": 3_500_000, "starts_on": datetime.date(year, 6, 1), "ends_on": datetime.date(year, 9, 1)}
    with pytest.raises(StaleVersion):  # a person must say which version they corrected
        activity_plan(actor=planner, proposal=accommodated, **later)
    with pytest.raises(StaleVersion):
        activity_plan(actor=planner, proposal=accommodated, version=first.version + 1, **later)
    updated = activity_plan(actor=planner, proposal=accommodated, version=first.version, **later)
    assert updated.pk == first.pk and updated.version == first.version + 1
    assert (updated.budget_amount, updated.starts_on) == (3_500_000, datetime.date(year, 6, 1))
    assert Activity.objects.count() == 1
    assert accommodated.events.order_by("-pk").first().kind == "activity_replanned"


# --- progress reports -----------------------------------------------------------------------------------------------


def test_the_first_report_starts_the_proposal_and_100_percent_finishes_it(activity, accommodated, pupr):
    report(pupr, activity, 10, on=days_ago(20), note="Galian dimulai.")
    assert status_of(accommodated) == Status.IN_PROGRESS
    fresh = Activity.objects.get(pk=activity.pk)
    assert (fresh.percent_done, fresh.status) == (10, ActivityStatus.IN_PROGRESS)

    report(pupr, activity, 60, on=days_ago(10))
    assert status_of(accommodated) == Status.IN_PROGRESS
    report(pupr, activity, 100, on=days_ago(1), photo=jpeg())
    assert status_of(accommodated) == Status.DONE
    fresh = Activity.objects.get(pk=activity.pk)
    assert (fresh.percent_done, fresh.status) == (100, ActivityStatus.DONE)
    assert list(ProgressReport.objects.values_list("percent", flat=True)) == [10, 60, 100]

    moves = list(
        accommodated.events.filter(kind="transition", from_status__in=(Status.ACCOMMODATED, Status.IN_PROGRESS))
        .order_by("pk")
        .values_list("from_status", "to_status", "reason", "actor")
    )
    assert moves == [
        (Status.ACCOMMODATED, Status.IN_PROGRESS, "Mulai dikerjakan: 10%", pupr.pk),
        (Status.IN_PROGRESS, Status.DONE, f"Selesai dibangun pada {date_format(days_ago(1), 'j F Y')}", pupr.pk),
    ]


def test_a_first_report_of_100_percent_goes_through_in_progress_to_done(activity, accommodated, pupr):
    report(pupr, activity, 100)
    assert status_of(accommodated) == Status.DONE
    assert list(accommodated.events.filter(kind="transition").order_by("pk").values_list("to_status", flat=True))[
        -2:
    ] == [Status.IN_PROGRESS, Status.DONE]


def test_a_report_of_zero_percent_keeps_the_activity_planned(activity, accommodated, pupr):
    report(pupr, activity, 0, note="Menunggu kontrak.")
    assert status_of(accommodated) == Status.ACCOMMODATED
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.PLANNED


def test_a_kelurahan_funded_proposal_is_reported_to_the_end(make_proposals, plan, pupr, cycle):
    [funded] = make_proposals(1, walk=TO_KELURAHAN_FUNDS)
    activity = plan(funded)
    move_implementation(cycle, opens=-5, closes=5)
    report(pupr, activity, 50)
    assert status_of(funded) == Status.IN_PROGRESS


def test_only_the_implementing_agencys_verifier_reports(activity, dlh, batu_pupr, chair, planner):
    for outsider in (dlh, batu_pupr, chair, planner):
        with pytest.raises(NotAllowed, match="Hanya verifikator DPUPRPKP"):
            report(outsider, activity, 10)
    assert not ProgressReport.objects.exists()


def test_an_activity_given_to_another_agency_is_reported_by_that_agency(accommodated, plan, cycle, malang, dlh, pupr):
    activity = plan(accommodated, agency=Agency.objects.get(city=malang, short_name="DLH"))
    move_implementation(cycle, opens=-5, closes=5)
    with pytest.raises(NotAllowed):
        report(pupr, activity, 10)
    report(dlh, activity, 10)
    assert status_of(accommodated) == Status.IN_PROGRESS


def test_progress_may_not_go_down(activity, pupr):
    report(pupr, activity, 40, on=days_ago(3))
    with pytest.raises(DomainError, match="tidak boleh turun: laporan terakhir sudah 40%") as refused:
        report(pupr, activity, 30)
    assert refused.value.field == "percent"
    report(pupr, activity, 40, note="Masih menunggu material.")  # the same percent with a new note is fine
    assert ProgressReport.objects.count() == 2


def test_reports_are_not_dated_in_the_future_nor_before_the_last_report(activity, pupr):
    with pytest.raises(DomainError, match="masa depan"):
        report(pupr, activity, 10, on=days_ago(-1))
    report(pupr, activity, 10, on=days_ago(2))
    with pytest.raises(DomainError, match="sebelum laporan terakhir") as refused:
        report(pupr, activity, 20, on=days_ago(5))
    assert refused.value.field == "reported_on"


@pytest.mark.parametrize("percent", [101, -1, "banyak"])
def test_percent_is_between_0_and_100(activity, pupr, percent):
    with pytest.raises(DomainError) as refused:
        report(pupr, activity, percent)
    assert refused.value.field == "percent"


def test_a_closed_implementation_stage_refuses_reports_with_a_clear_message(activity, accommodated, pupr, cycle):
    move_implementation(cycle, opens=-60, closes=-1)
    with pytest.raises(StageClosed) as refused:
        report(pupr, activity, 10)
    closed_on = date_format(days_ago(1), "j F Y")
    assert refused.value.message == (
        f"Tidak dapat melaporkan kemajuan pelaksanaan: tahap Pelaksanaan sudah ditutup "
        f"pada {closed_on}; daftarnya telah dibekukan."
    )
    move_implementation(cycle, opens=3, closes=90)
    with pytest.raises(StageClosed, match="baru dibuka pada"):
        report(pupr, activity, 10)
    assert status_of(accommodated) == Status.ACCOMMODATED and not ProgressReport.objects.exists()


def test_a_stale_version_is_refused(activity, pupr):
    report(pupr, activity, 10)
    with pytest.raises(StaleVersion):
        progress_report(actor=pupr, activity=activity, percent=20, reported_on=days_ago(0), version=activity.version)


def test_a_photo_is_checked_by_its_content_and_size(activity, accommodated, pupr):
    with pytest.raises(DomainError, match="bukan foto") as refused:
        report(pupr, activity, 10, photo=fake_photo())
    assert refused.value.field == "photo"
    assert status_of(accommodated) == Status.ACCOMMODATED and not ProgressReport.objects.exists()

    huge = jpeg("besar.jpg")
    huge.file.seek(0, 2)
    huge.file.write(b"\0" * (8 * 1024 * 1024))
    huge.size = huge.file.tell()
    with pytest.raises(DomainError, match="terlalu besar"):
        report(pupr, activity, 10, photo=huge)

    stored = report(pupr, activity, 10, photo=jpeg())
    assert stored.photo.name.startswith(f"pelaksanaan/{activity.budget_year}/{accommodated.number}/")


def test_a_finished_activity_takes_no_more_reports_nor_new_plans(activity, accommodated, pupr, planner):
    report(pupr, activity, 100)
    with pytest.raises(Frozen, match="sudah selesai"):
        report(pupr, activity, 100)
    done = Activity.objects.get(pk=activity.pk)
    with pytest.raises(Frozen):
        activity_plan(
            actor=planner,
            proposal=accommodated,
            budget_amount=1,
            starts_on=done.starts_on,
            ends_on=done.ends_on,
            version=done.version,
        )
