"""The schedule of a planning year, run by the city's own staff (issue 12, point 5): Bappeda and the city
administrator set each stage's window, open a stage today or close it now, and open the next planning year.

Before this page only the system superuser could, in the Django admin. The rules and checks are the services':
`stage_schedule` (order of stages, version, history) and `cycle_create`.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembug.errors import DomainError
from rembug.webforms import add_domain_error

from .forms import NextYearForm, StageWindowForm
from .models import PlanningCycle
from .phases import STAGE_ORDER, StageKind
from .selectors import current_cycle_for, schedule_history, today
from .services import cycle_create, default_schedule, stage_schedule


def _cycle(request: HttpRequest, cycle_id: int) -> PlanningCycle:
    cycle = get_object_or_404(PlanningCycle.objects.select_related("city"), pk=cycle_id)
    if not request.user.has_perm("cycles.manage_cycle", cycle):
        raise Http404
    return cycle


@login_required
def home(request: HttpRequest) -> HttpResponse:
    cycle = current_cycle_for(request)
    if cycle is None or not request.user.has_perm("cycles.manage_cycle", cycle):
        raise Http404
    return redirect("cycles:schedule", cycle_id=cycle.pk)


def _window_now(stage, action: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The window that opens the stage today, or closes it as of yesterday (keeping its other date if it can)."""
    if action == "open":
        return min(stage.opens_on, day), max(stage.closes_on, day)
    yesterday = day - datetime.timedelta(days=1)
    return min(stage.opens_on, yesterday), yesterday


@login_required
def schedule(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    stages = {s.kind: s for s in cycle.stages.all()}
    day = today()
    failed: dict[str, StageWindowForm] = {}
    if request.method == "POST":
        form = StageWindowForm(request.POST)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            opens_on, closes_on = form.cleaned_data["opens_on"], form.cleaned_data["closes_on"]
            action = request.POST.get("now", "")
            if action in ("open", "close") and kind in stages:
                opens_on, closes_on = _window_now(stages[kind], action, day)
            try:
                stage_schedule(
                    actor=request.user,
                    cycle=cycle,
                    kind=kind,
                    opens_on=opens_on,
                    closes_on=closes_on,
                    version=form.cleaned_data["version"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Jadwal %(stage)s tersimpan.") % {"stage": StageKind(kind).label},
                )
                return redirect("cycles:schedule", cycle_id=cycle.pk)
        failed[request.POST.get("kind", "")] = form
    rows = []
    for kind in sorted(StageKind.values, key=STAGE_ORDER.__getitem__):
        stage = stages.get(kind)
        form = failed.get(kind) or StageWindowForm(
            initial={
                "kind": kind,
                "opens_on": stage.opens_on if stage else None,
                "closes_on": stage.closes_on if stage else None,
                "version": stage.version if stage else None,
            },
            prefix=None,
        )
        state = ""
        if stage:
            state = "open" if stage.is_open_on(day) else ("done" if stage.closes_on < day else "later")
        rows.append({"kind": kind, "label": StageKind(kind).label, "stage": stage, "form": form, "state": state})
    latest = PlanningCycle.objects.filter(city=cycle.city).aggregate(year=Max("year"))["year"]
    return render(
        request,
        "cycles/schedule.html",
        {
            "cycle": cycle,
            "rows": rows,
            "today": day,
            "history": schedule_history(cycle)[:20],
            "next_year": (latest or cycle.year) + 1,
            "next_form": NextYearForm(),
        },
    )


@login_required
@require_POST
def next_year(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Open the next planning year of the city, with the usual calendar moved to that year (editable after)."""
    cycle = _cycle(request, cycle_id)
    form = NextYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kuota usulan prioritas harus 1 sampai 100."))
        return redirect("cycles:schedule", cycle_id=cycle.pk)
    year = (PlanningCycle.objects.filter(city=cycle.city).aggregate(year=Max("year"))["year"] or cycle.year) + 1
    try:
        created = cycle_create(
            city=cycle.city,
            year=year,
            priority_quota=form.cleaned_data["priority_quota"],
            schedule=default_schedule(year),
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cycles:schedule", cycle_id=cycle.pk)
    messages.success(request, _("Tahun perencanaan %(year)s dibuka. Periksa jadwal tahapnya.") % {"year": year})
    return redirect("cycles:schedule", cycle_id=created.pk)
