"""Budget pages for Bappeda: the year's ceilings (pagu indikatif), a run of the fit beside the greedy rule, hand
adjustments, and publishing. Anyone but Bappeda of the city gets 404: the draft fit is not public yet.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.selectors import current_cycle_for, schedule_history
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, StageClosed
from rembug.proposals.lifecycle import Status
from rembug.proposals.selectors import unsettled_in
from rembug.webforms import add_domain_error

from . import services
from .forms import CeilingForm, PublishForm, clean_rupiah
from .models import Ceiling, FitRun, FitStatus, ValueBasis
from .selectors import ceiling_history, ceilings_with_demand, fit_runs_of, fit_summary, unverified_count, unverified_of


def _cycle(request: HttpRequest, cycle_id: int) -> PlanningCycle:
    cycle = get_object_or_404(PlanningCycle.objects.select_related("city").prefetch_related("stages"), pk=cycle_id)
    if not request.user.has_perm("budget.manage_budget", cycle):
        raise Http404
    return cycle


def _run(request: HttpRequest, pk: int) -> FitRun:
    run = get_object_or_404(FitRun.objects.select_related("cycle", "cycle__city", "created_by", "published_by"), pk=pk)
    if not request.user.has_perm("budget.manage_budget", run.cycle):
        raise Http404
    return run


def _stage_problem(cycle: PlanningCycle, action: str = Action.BUDGET_FIT) -> str:
    """Why the fit (or the ceilings) cannot be changed now ("" when the Musrenbang Kota stage is open)."""
    try:
        require_stage_open(cycle, action)
    except StageClosed as error:
        return error.message
    return ""


def _to_ceilings(cycle: PlanningCycle) -> HttpResponse:
    return redirect(reverse("budget:ceilings", kwargs={"cycle_id": cycle.pk}) + "#pagu")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The current year of the planner's city."""
    cycle = current_cycle_for(request)
    if cycle is None or not request.user.has_perm("budget.manage_budget", cycle):
        raise Http404
    return redirect("budget:ceilings", cycle_id=cycle.pk)


@login_required
def ceilings(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    form = CeilingForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            ceiling = services.ceiling_set(
                actor=request.user,
                cycle=cycle,
                kind=form.cleaned_data["kind"],
                amount=form.cleaned_data["amount"],
                **form.target(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Pagu %(label)s tersimpan.") % {"label": ceiling.label})
            return _to_ceilings(cycle)
    rows, data = ceilings_with_demand(cycle)
    return render(
        request,
        "budget/ceilings.html",
        {
            "cycle": cycle,
            "form": form,
            "rows": rows,
            "candidate_count": len(data.items),
            "candidate_cost": sum(item["cost"] for item in data.items),
            "runs": list(fit_runs_of(cycle)[:10]),
            "stage_problem": _stage_problem(cycle),
            "value_bases": ValueBasis.choices,
            "ceiling_problem": _stage_problem(cycle, Action.CEILING_EDIT),
        },
    )


@login_required
@require_POST
def ceiling_update(request: HttpRequest, cycle_id: int, pk: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    ceiling = get_object_or_404(Ceiling.objects.select_related("cycle", "region", "agency"), pk=pk, cycle=cycle)
    try:
        amount = clean_rupiah(request.POST.get("amount"))
        version = int(request.POST.get("version", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_ceilings(cycle)
    except ValueError:
        messages.error(request, _("Permintaan tidak lengkap."))
        return _to_ceilings(cycle)
    try:
        services.ceiling_set(
            actor=request.user,
            cycle=cycle,
            kind=ceiling.kind,
            amount=amount,
            region=ceiling.region,
            agency=ceiling.agency,
            source=ceiling.source,
            version=version,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pagu %(label)s tersimpan.") % {"label": ceiling.label})
    return _to_ceilings(cycle)


@login_required
@require_POST
def ceiling_remove(request: HttpRequest, cycle_id: int, pk: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    ceiling = get_object_or_404(Ceiling.objects.select_related("cycle", "region", "agency"), pk=pk, cycle=cycle)
    try:
        services.ceiling_remove(actor=request.user, ceiling=ceiling, version=int(request.POST.get("version", "")))
    except DomainError as error:
        messages.error(request, error.message)
    except ValueError:
        messages.error(request, _("Permintaan tidak lengkap."))
    else:
        messages.success(request, _("Pagu %(label)s dihapus.") % {"label": ceiling.label})
    return _to_ceilings(cycle)


@login_required
def history(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Riwayat: every change of the year's ceilings and stage windows — who, when, before and after (read-only)."""
    cycle = _cycle(request, cycle_id)
    return render(
        request,
        "budget/history.html",
        {
            "cycle": cycle,
            "ceilings": ceiling_history(cycle),
            "schedule": schedule_history(cycle),
        },
    )


@login_required
@require_POST
def run_create(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Run the fit (again), with the hand adjustments ticked on the run page."""
    cycle = _cycle(request, cycle_id)
    try:
        run = services.fit_run(
            actor=request.user,
            cycle=cycle,
            value_basis=request.POST.get("value_basis") or ValueBasis.RANK,
            forced_in=request.POST.getlist("forced_in"),
            forced_out=request.POST.getlist("forced_out"),
        )
    except DomainError as error:
        messages.error(request, error.message)
        previous = request.POST.get("run", "")
        if previous.isdigit() and FitRun.objects.filter(pk=previous, cycle=cycle).exists():
            return redirect("budget:run", pk=int(previous))
        return _to_ceilings(cycle)
    return redirect("budget:run", pk=run.pk)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    latest = FitRun.objects.filter(cycle=run.cycle).order_by("-pk").values_list("pk", flat=True).first()
    return render(
        request,
        "budget/run.html",
        {
            "run": run,
            "cycle": run.cycle,
            "summary": fit_summary(run),
            "is_latest": latest == run.pk,
            "can_publish": latest == run.pk and run.status == FitStatus.DRAFT,
            "value_bases": ValueBasis.choices,
        },
    )


#: Rows of the check page (the count says how many in all; the command lists every one).
UNSETTLED_SHOWN = 200


@login_required
def unsettled(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Bappeda's check that the year left nothing hanging: every proposal without a fate, or left out with no reason."""
    cycle = _cycle(request, cycle_id)
    rows = unsettled_in(cycle)
    by_status = {
        Status(status).label: n
        for status, n in rows.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    }
    return render(
        request,
        "budget/unsettled.html",
        {
            "cycle": cycle,
            "rows": list(rows[:UNSETTLED_SHOWN]),
            "by_status": by_status,
            "total": sum(by_status.values()),
        },
    )


#: How many unverified proposals the confirmation lists by name (all of them get their fate; the count says how many).
UNVERIFIED_SHOWN = 500


@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation step: what will change, then "Umumkan"."""
    run = _run(request, pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fit_publish(actor=request.user, run=run)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Hasil penyesuaian pagu diumumkan. Pengusul telah diberi tahu."))
            return redirect("budget:run", pk=run.pk)
    summary = fit_summary(run)
    return render(
        request,
        "budget/publish.html",
        {
            "run": run,
            "cycle": run.cycle,
            "summary": summary,
            "form": form,
            "left_out": [row for row in summary["items"] if not row["selected"]],
            "unverified": unverified_of(run.cycle, limit=UNVERIFIED_SHOWN),
            "unverified_count": unverified_count(run.cycle),
            "stage_problem": _stage_problem(run.cycle),
        },
    )
