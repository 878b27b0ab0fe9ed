"""Delivery pages: the agency's activities, one activity with its progress and report form, and Bappeda's plan.

Thin views: an activity the user neither implements nor plans does not exist for them (404); the services decide.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembug.accounts.scopes import current_city_id
from rembug.cycles.phases import Action
from rembug.cycles.selectors import today
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, StageClosed
from rembug.proposals.models import Proposal
from rembug.uploads import requester, send, wants_thumbnail
from rembug.webforms import add_domain_error

from .forms import ListFilterForm, PlanForm, ReportForm
from .models import Activity, ActivityStatus, ProgressReport
from .selectors import activities_for, activity_detail, implementing_agencies, planned_cities
from .services import PLANNABLE, activity_plan, default_funding_source, progress_report

PAGE_SIZE = 25


def _planned_city(request: HttpRequest) -> int | None:
    """The city a Bappeda planner follows delivery in now; an implementing agency needs none."""
    if implementing_agencies(request.user):
        return None
    return current_city_id(request, among=planned_cities(request.user))


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    if not implementing_agencies(request.user) and not planned_cities(request.user):
        raise Http404
    form = ListFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(activities_for(request.user, city_id=_planned_city(request), status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(request, "delivery/list.html", {"form": form, "page": page, "filters": filters.urlencode()})


def _activity_for(request: HttpRequest, pk: int) -> Activity:
    activity = activity_detail(request.user, pk)
    if activity is None:
        raise Http404
    return activity


def _detail(request: HttpRequest, activity: Activity, bound: ReportForm | None = None) -> HttpResponse:
    """The activity page; `bound` is a report form sent back with its errors."""
    can_report = activity.status != ActivityStatus.DONE and request.user.has_perm("delivery.report_progress", activity)
    stage_closed = ""
    if can_report:
        try:
            require_stage_open(activity.proposal.cycle, Action.PROGRESS_REPORT)
        except StageClosed as error:
            stage_closed = error.message
    form = bound
    if form is None and can_report and not stage_closed:
        form = ReportForm(
            initial={"version": activity.version, "percent": activity.percent_done, "reported_on": today()}
        )
    return render(
        request,
        "delivery/detail.html",
        {
            "activity": activity,
            "proposal": activity.proposal,
            "reports": list(activity.reports.all()),
            "form": form,
            "stage_closed": stage_closed,
            "can_plan": activity.status != ActivityStatus.DONE
            and request.user.has_perm("delivery.plan_activity", activity),
        },
    )


@login_required
def activity_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _activity_for(request, pk))


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_for(request, pk)
    if not request.user.has_perm("delivery.report_progress", activity):
        raise PermissionDenied  # they follow the activity (Bappeda) but only its agency reports on it
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            progress_report(
                actor=request.user,
                activity=activity,
                percent=data["percent"],
                reported_on=data["reported_on"],
                note=data["note"],
                photo=data["photo"],
                version=data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Laporan kemajuan %(percent)s%% tersimpan.") % {"percent": data["percent"]})
            return redirect("delivery:activity", pk=activity.pk)
    return _detail(request, activity, bound=form)


@login_required
def plan(request: HttpRequest, number: str) -> HttpResponse:
    """Bappeda sets (or corrects) the budget, agency and schedule of an accommodated proposal."""
    proposal = (
        Proposal.objects.select_related("cycle", "item", "kelurahan")
        .filter(number=number, city_id__in=planned_cities(request.user))
        .first()
    )
    if proposal is None:
        raise Http404
    current = Activity.objects.filter(proposal=proposal).first()
    if current is None and proposal.status not in PLANNABLE:
        raise Http404
    if current is not None:
        initial = {
            "version": current.version,
            "budget_amount": current.budget_amount,
            "starts_on": current.starts_on,
            "ends_on": current.ends_on,
            "agency": current.agency_id,
            "funding_source": current.funding_source,
        }
    else:
        year = proposal.cycle.budget_year
        initial = {
            "budget_amount": proposal.estimated_cost,
            "starts_on": datetime.date(year, 1, 1),
            "ends_on": datetime.date(year, 12, 31),
            "agency": proposal.agency_id,
            "funding_source": default_funding_source(proposal),
        }
    form = PlanForm(request.POST or None, initial=initial, city_id=proposal.city_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = activity_plan(
                actor=request.user,
                proposal=proposal,
                budget_amount=data["budget_amount"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                agency=data["agency"],
                funding_source=data["funding_source"],
                version=data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Rencana kegiatan usulan %(number)s tersimpan.") % {"number": proposal.number})
            return redirect("delivery:activity", pk=activity.pk)
    return render(request, "delivery/plan.html", {"form": form, "proposal": proposal, "activity": current})


def report_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress photo (`?size=thumb`: its thumbnail), by id. Public works paid with public money: shown on the
    proposal's public page, so public while the proposal is (delivery.view_progress_photo, decision 0024)."""
    report = get_object_or_404(ProgressReport.objects.select_related("activity", "activity__proposal"), pk=pk)
    user = requester(request)
    if not user.has_perm("delivery.view_progress_photo", report.activity):
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return send(request, report.photo, thumb=wants_thumbnail(request))
