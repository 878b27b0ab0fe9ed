"""Proposal pages for the chairs of proposers and kelurahan staff: thin views over the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembug.cycles.selectors import current_cycle_for
from rembug.errors import DomainError
from rembug.uploads import requester, send, wants_thumbnail
from rembug.webforms import add_domain_error, body_was_cut, form_errors_json, wants_json

from .attachments import attachment_add
from .costs import follows_dictionary, koefisien, proposal_deviation
from .forms import AttachmentForm, PhotoUploadForm, ProposalCreateForm, ProposalEditForm
from .lifecycle import EDITABLE
from .models import Attachment, Proposal
from .proposers import chaired_proposers, direct_proposers, fill_proposers, kelurahan_proposers, proposer_from_key
from .selectors import first_photos
from .services import EDITABLE_FIELDS, proposal_carry_over, proposal_create, proposal_update


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    cycle = current_cycle_for(request)
    proposers = (
        fill_proposers([*chaired_proposers(request.user), *direct_proposers(request.user)], cycle) if cycle else []
    )
    photos = first_photos([p.pk for proposer in proposers for p in proposer.proposals])
    for proposer in proposers:
        for proposal in proposer.proposals:
            proposal.first_photo = photos.get(proposal.pk)
    return render(
        request,
        "proposals/list.html",
        {
            "cycle": cycle,
            "proposers": proposers,
            "paper_proposers": kelurahan_proposers(request.user) if cycle else [],
        },
    )


def _proposal_for(request: HttpRequest, number: str, perm: str = "proposals.view_proposal") -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "cycle",
            "item",
            "item__agency",
            "proposer_region",
            "proposer_region__parent",
            "proposer_group",
            "kelurahan",
            "previous",
        ),
        number=number,
    )
    if not request.user.has_perm(perm, proposal):
        raise Http404
    return proposal


@login_required
def proposal_create_pick(request: HttpRequest) -> HttpResponse:
    """Kelurahan staff pick the RT/RW whose paper results they enter."""
    proposer = proposer_from_key(request.user, request.GET.get("proposer", ""))
    if proposer is None:
        raise Http404
    return redirect("proposals:create", proposer_key=proposer.key)


@login_required
def proposal_create_view(request: HttpRequest, proposer_key: str) -> HttpResponse:
    cycle = current_cycle_for(request)
    proposer = proposer_from_key(request.user, proposer_key)
    if cycle is None or proposer is None:
        raise Http404
    form = ProposalCreateForm(request.POST or None, request.FILES or None, city=cycle.city, year=cycle.year)
    if request.method == "POST" and body_was_cut(request):
        # The connection dropped while the photos were sent: nothing is created from half a form (issue 13).
        form.add_error(
            None, _("Kiriman terputus sebelum selesai, jadi usulan belum disimpan. Kirim ulang formulirnya.")
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                proposal = proposal_create(
                    actor=request.user,
                    cycle=cycle,
                    proposer=proposer.target,
                    proposer_kind=proposer.kind.code if proposer.kind else "",
                    client_token=data["client_token"],
                    **{k: data[k] for k in EDITABLE_FIELDS if k in data},
                )
                if not proposal.attachments.exists():
                    for upload in data["photos"]:
                        attachment_add(actor=request.user, proposal=proposal, upload=upload)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Usulan %(number)s tersimpan.") % {"number": proposal.number})
            if wants_json(request):
                return JsonResponse(_created_json(proposal), status=201)
            return redirect("proposals:detail", number=proposal.number)
    if request.method == "POST" and wants_json(request):
        return JsonResponse(form_errors_json(form), status=400)
    return render(
        request,
        "proposals/form.html",
        {"form": form, "proposer": proposer, "cycle": cycle, "boundary_code": proposer.region.village_code},
    )


def _created_json(proposal: Proposal) -> dict:
    """What the phone needs after a proposal is saved: where to send its photos and where to go next."""
    return {
        "ok": True,
        "number": proposal.number,
        "url": reverse("proposals:detail", kwargs={"number": proposal.number}),
        "upload_url": reverse("proposals:photo_upload", kwargs={"number": proposal.number}),
        "message": _("Usulan %(number)s tersimpan.") % {"number": proposal.number},
    }


@login_required
def proposal_detail(request: HttpRequest, number: str) -> HttpResponse:
    proposal = _proposal_for(request, number)
    can_edit = proposal.status in EDITABLE and request.user.has_perm("proposals.change_proposal", proposal)
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "can_edit": can_edit,
            "deviation": proposal_deviation(proposal),
            "koefisien": koefisien(proposal.volume, proposal.unit),
            "funding": list(proposal.funding.all()),
            "attachments": list(proposal.attachments.all()),
            "events": list(proposal.events.select_related("actor").order_by("at", "pk")),
            "attachment_form": AttachmentForm() if can_edit else None,
        },
    )


@login_required
def proposal_edit(request: HttpRequest, number: str) -> HttpResponse:
    proposal = _proposal_for(request, number, "proposals.change_proposal")
    initial = {name: getattr(proposal, name) for name in EDITABLE_FIELDS} | {"version": proposal.version}
    if follows_dictionary(proposal):
        initial["estimated_cost"] = None  # empty: it keeps following volume × the dictionary's price
    form = ProposalEditForm(request.POST or None, initial=initial, city=proposal.cycle.city, year=proposal.cycle.year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal_update(
                actor=request.user,
                proposal=proposal,
                version=data["version"],
                **{
                    k: data[k]
                    for k in EDITABLE_FIELDS
                    if k in data and k not in ("funding_source", "community_contribution", "unit")
                },
                **({"unit": data["unit"]} if data.get("unit") else {}),  # empty: the unit stays
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Perubahan usulan tersimpan."))
            return redirect("proposals:detail", number=proposal.number)
    return render(
        request,
        "proposals/form.html",
        {"form": form, "proposal": proposal, "cycle": proposal.cycle, "boundary_code": proposal.kelurahan.code},
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, number: str) -> HttpResponse:
    proposal = _proposal_for(request, number, "proposals.change_proposal")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                for upload in form.cleaned_data["photos"]:
                    attachment_add(actor=request.user, proposal=proposal, upload=upload)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Lampiran tersimpan."))
    else:
        messages.error(request, _("Pilih berkas yang akan diunggah."))
    return redirect("proposals:detail", number=proposal.number)


@login_required
@require_POST
def photo_upload(request: HttpRequest, number: str) -> JsonResponse:
    """One photo or document for a proposal, sent by the phone's script on its own after shrinking it (with
    progress and retries, decision 0032). The same `client_upload` sent twice stores the file once."""
    proposal = _proposal_for(request, number, "proposals.change_proposal")
    form = PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form_errors_json(form), status=400)
    try:
        attachment = attachment_add(
            actor=request.user,
            proposal=proposal,
            upload=form.cleaned_data["file"],
            client_upload=form.cleaned_data["client_upload"],
        )
    except DomainError as error:
        return JsonResponse({"ok": False, "error": error.message}, status=error.status_code)
    return JsonResponse(
        {
            "ok": True,
            "id": attachment.pk,
            "kind": attachment.kind,
            "url": attachment.file_url,
            "thumb_url": attachment.thumb_url if attachment.kind == "photo" else "",
        },
        status=201,
    )


@login_required
@require_POST
def carry_over(request: HttpRequest, number: str) -> HttpResponse:
    previous = _proposal_for(request, number, "proposals.carry_over_proposal")
    cycle = current_cycle_for(request)
    try:
        proposal = proposal_carry_over(actor=request.user, previous=previous, cycle=cycle)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("proposals:list")
    messages.success(
        request,
        _("Usulan %(old)s diusulkan kembali sebagai %(new)s (usulan ke-%(n)s).")
        % {"old": previous.number, "new": proposal.number, "n": proposal.times_proposed},
    )
    return redirect("proposals:detail", number=proposal.number)


def attachment_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal's photo or document (`?size=thumb`: a photo's thumbnail), by id, to those who may see the
    proposal. Residents' photos show houses and people, so they are not public (decision 0024)."""
    user = requester(request)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(
        Attachment.objects.select_related(
            "proposal", "proposal__item", "proposal__proposer_region", "proposal__proposer_group"
        ),
        pk=pk,
    )
    if not user.has_perm("proposals.view_proposal", attachment.proposal):
        raise Http404
    return send(request, attachment.file, thumb=wants_thumbnail(request))
