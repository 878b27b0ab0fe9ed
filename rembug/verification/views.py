"""Pages of the Forum Perangkat Daerah for agency verifiers: the queue and the review of one proposal.

Thin views: a proposal outside the verifier's agencies does not exist for them (404); the services decide the rest.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembug.cycles.phases import Action
from rembug.cycles.selectors import current_cycle_for
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, StageClosed
from rembug.proposals.costs import koefisien, proposal_deviation
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import AttachmentKind, Proposal
from rembug.proposals.selectors import first_photos
from rembug.regions.models import Level, Region
from rembug.webforms import add_domain_error

from . import services
from .forms import AcceptForm, QueueFilterForm, RejectForm, RerouteForm
from .selectors import agency_proposal, agency_queue, recommendations_of, verifier_agencies, verifier_cities

PAGE_SIZE = 25


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not verifier_agencies(request.user):
        raise Http404
    cycle = current_cycle_for(request, among=verifier_cities(request.user))
    kecamatan = Region.objects.filter(city_id=cycle.city_id if cycle else None, level=Level.KECAMATAN)
    choices = [(k.code, k.name) for k in kecamatan.order_by("code")]
    form = QueueFilterForm(request.GET or None, kecamatan_choices=choices)
    status, kecamatan_code = Status.FORWARDED_OPD, ""
    if form.is_valid():
        status = form.cleaned_data["status"] or Status.FORWARDED_OPD
        kecamatan_code = form.cleaned_data["kecamatan"]
    proposals = agency_queue(request.user, cycle=cycle, status=status, kecamatan=kecamatan_code)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    photos = first_photos([p.pk for p in page.object_list])
    for proposal in page.object_list:
        proposal.first_photo = photos.get(proposal.pk)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "verification/queue.html",
        {
            "cycle": cycle,
            "form": form,
            "page": page,
            "filters": filters.urlencode(),
        },
    )


def _proposal_for(request: HttpRequest, number: str) -> Proposal:
    proposal = agency_proposal(request.user, number)
    if proposal is None:
        raise Http404
    return proposal


def _review(request: HttpRequest, proposal: Proposal, bound: forms.Form | None = None) -> HttpResponse:
    """The review page; `bound` is a form sent back with its errors, shown in place of the fresh one."""
    can_decide = proposal.status == Status.FORWARDED_OPD and request.user.has_perm(
        "proposals.verify_proposal", proposal
    )
    stage_closed = ""
    if can_decide:
        try:
            require_stage_open(proposal.cycle, Action.VERIFY)
        except StageClosed as error:
            stage_closed = error.message
    decision_forms = {}
    if can_decide and not stage_closed:
        initial = {"version": proposal.version}
        decision_forms = {
            "accept": AcceptForm(prefix="accept", initial=initial),
            "reject": RejectForm(prefix="reject", initial=initial),
            "reroute": RerouteForm(prefix="reroute", initial=initial, proposal=proposal),
        }
    if bound is not None:
        decision_forms[bound.prefix] = bound
    attachments = list(proposal.attachments.all())
    events = list(proposal.events.all())
    return render(
        request,
        "verification/review.html",
        {
            "proposal": proposal,
            "koefisien": koefisien(proposal.volume, proposal.unit),
            "deviation": proposal_deviation(proposal),
            "photos": [a for a in attachments if a.kind == AttachmentKind.PHOTO],
            "documents": [a for a in attachments if a.kind != AttachmentKind.PHOTO],
            "events": events,
            "recommendations": recommendations_of(proposal),
            "stage_closed": stage_closed,
            "forms": decision_forms,
        },
    )


@login_required
def review(request: HttpRequest, number: str) -> HttpResponse:
    return _review(request, _proposal_for(request, number))


def _decide(request: HttpRequest, number: str, make_form, decide) -> HttpResponse:
    """Parse the posted decision, call its service, or show the review page again with the refusal."""
    proposal = _proposal_for(request, number)
    form = make_form(proposal)
    if form.is_valid():
        try:
            decided = decide(proposal, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return decided
    return _review(request, proposal, bound=form)


@login_required
@require_POST
def accept(request: HttpRequest, number: str) -> HttpResponse:
    def decide(proposal: Proposal, data: dict) -> HttpResponse:
        services.verify_accept(
            actor=request.user,
            proposal=proposal,
            version=data["version"],
            volume=data["volume"],
            cost=data["cost"],
            note=data["note"],
        )
        messages.success(request, _("Usulan %(number)s diterima.") % {"number": proposal.number})
        return redirect("verification:queue")

    return _decide(request, number, lambda p: AcceptForm(request.POST, prefix="accept"), decide)


@login_required
@require_POST
def reject(request: HttpRequest, number: str) -> HttpResponse:
    def decide(proposal: Proposal, data: dict) -> HttpResponse:
        services.verify_reject(
            actor=request.user,
            proposal=proposal,
            version=data["version"],
            reason=data["reason"],
            reason_text=data["reason_text"],
        )
        messages.success(
            request, _("Usulan %(number)s tidak diakomodasi; alasannya tercatat.") % {"number": proposal.number}
        )
        return redirect("verification:queue")

    return _decide(request, number, lambda p: RejectForm(request.POST, prefix="reject"), decide)


@login_required
@require_POST
def reroute(request: HttpRequest, number: str) -> HttpResponse:
    def decide(proposal: Proposal, data: dict) -> HttpResponse:
        services.verify_reroute(
            actor=request.user,
            proposal=proposal,
            version=data["version"],
            to_agency=data["to_agency"],
            reason_text=data["reason_text"],
        )
        messages.success(
            request,
            _("Usulan %(number)s dialihkan ke %(agency)s.")
            % {"number": proposal.number, "agency": data["to_agency"].short_name},
        )
        return redirect("verification:queue")

    return _decide(request, number, lambda p: RerouteForm(request.POST, prefix="reroute", proposal=p), decide)
