"""Rembug pages: a chair runs the meeting on a phone; kelurahan staff follow it. Thin views over the services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rembug.cycles.selectors import current_cycle_for
from rembug.errors import DomainError
from rembug.proposals.proposers import kelurahan_proposers, proposer_from_key
from rembug.proposals.services import funding_set
from rembug.spreadsheets import SpreadsheetInvalid, upload_size_validator
from rembug.uploads import send
from rembug.webforms import add_domain_error

from . import decisions, services
from .forms import AttendeeForm, CountsForm, DelegatesForm, FinalizeForm, FundingForm, MeetingForm, ReviseForm
from .inclusion import REQUIRED
from .models import (
    REMBUG_KINDS,
    UPPER_KINDS,
    DecisionReason,
    ForumDecision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Stakeholder,
    Theme,
)
from .paper.importer import paper_import
from .paper.template import paper_template_xlsx
from .selectors import (
    current_meeting,
    duplicate_suggestions,
    location_checks,
    meeting_proposal,
    meeting_with_context,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _meeting_for(request: HttpRequest, pk: int, *, hold: bool = False) -> Meeting:
    """The meeting if the person may see it (or, with `hold`, run it); otherwise it does not exist for them."""
    meeting = meeting_with_context(pk)
    if meeting is None:
        raise Http404
    allowed = (
        services.may_hold(request.user, meeting)
        if hold
        else request.user.has_perm("forums.view_meeting", services.holder_of(meeting))
    )
    if not allowed:
        raise Http404
    return meeting


@login_required
def for_holder(request: HttpRequest, holder_key: str) -> HttpResponse:
    """The Rembug its holder (an RT, RW or Pokmas) holds this year: shown if it exists, opened with one button
    otherwise."""
    cycle = current_cycle_for(request)
    holder = proposer_from_key(request.user, holder_key)
    if cycle is None or holder is None:
        raise Http404
    kind = services._kind_for(holder.region, holder.group, "")
    existing = current_meeting(cycle=cycle, holder_region=holder.region, holder_group=holder.group, kind=kind)
    if existing:
        return redirect("forums:detail", pk=existing.pk)
    if request.method == "POST":
        try:
            meeting = services.meeting_open(actor=request.user, cycle=cycle, holder=holder.target)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("forums:detail", pk=meeting.pk)
    return render(request, "forums/open.html", {"holder": holder, "cycle": cycle})


@login_required
def for_region(request: HttpRequest, code: str) -> HttpResponse:
    """The Musrenbang Kelurahan or Kecamatan of the region (or, with ?tema=, a Musrenbang Tematik)."""
    from rembug.regions.models import Region

    cycle = current_cycle_for(request)
    region = get_object_or_404(Region, code=code, level__in=("kelurahan", "desa", "kecamatan"))
    theme = request.GET.get("tema", "") if region.level != "kecamatan" else ""
    if theme and theme not in Theme.values:
        raise Http404
    kind = services._kind_for(region, None, theme)
    if cycle is None or not request.user.has_perm(services.HOLD_PERM[kind], region):
        raise Http404
    existing = current_meeting(cycle=cycle, holder_region=region, holder_group=None, kind=kind, theme=theme)
    if existing:
        return redirect("forums:detail", pk=existing.pk)
    if request.method == "POST":
        try:
            meeting = services.meeting_open(actor=request.user, cycle=cycle, holder=region, theme=theme)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("forums:detail", pk=meeting.pk)
    label = MeetingKind(kind).label + (f" — {Theme(theme).label}" if theme else "")
    return render(
        request,
        "forums/open_forum.html",
        {
            "region": region,
            "cycle": cycle,
            "label": label,
            "themes": Theme.choices if region.level != "kecamatan" else [],
            "theme": theme,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, hold=True)
    try:
        decisions.item_decide(
            actor=request.user,
            meeting=meeting,
            proposal_id=int(request.POST["proposal"]),
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
            reason_text=request.POST.get("reason_text", ""),
            version=int(request.POST["version"]),
        )
    except (DomainError, KeyError, ValueError) as error:
        messages.error(request, getattr(error, "message", _("Permintaan tidak lengkap.")))
    return redirect(reverse("forums:detail", kwargs={"pk": meeting.pk}) + "#urutan")


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, hold=True)
    try:
        chosen = [int(v) for v in request.POST.getlist("proposals")]
        keep = int(request.POST.get("keep") or (chosen[0] if chosen else 0))
        merged = decisions.items_merge(
            actor=request.user,
            meeting=meeting,
            keep_id=keep,
            merge_ids=chosen,
            version=int(request.POST["version"]),
            title=request.POST.get("title", ""),
            volume=request.POST.get("volume") or None,
        )
    except (DomainError, KeyError, ValueError) as error:
        messages.error(request, getattr(error, "message", _("Pilih usulan yang akan digabung.")))
    else:
        messages.success(request, _("Usulan digabung menjadi %(number)s.") % {"number": merged.number})
    return redirect(reverse("forums:detail", kwargs={"pk": meeting.pk}) + "#urutan")


def _inclusion_rows(meeting: Meeting):
    summary = services.inclusion_of(meeting)
    rows = [(Stakeholder(g).label, summary.by_group.get(g, 0), g in summary.missing) for g in REQUIRED]
    return summary, rows


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    can_hold = not meeting.is_frozen and services.may_hold(request.user, meeting)
    form = None
    if can_hold:
        initial = {
            "held_on": meeting.held_on,
            "starts_at": meeting.starts_at,
            "number": meeting.number,
            "place": meeting.place,
            "chair_name": meeting.chair_name,
            "agenda": meeting.agenda,
            "order_method": meeting.order_method,
            "version": meeting.version,
        }
        form = MeetingForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.meeting_update(actor=request.user, meeting=meeting, **data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Data Rembug tersimpan."))
                return redirect("forums:detail", pk=meeting.pk)
    items = list(
        meeting.items.select_related("proposal", "proposal__proposer_region", "proposal__proposer_group")
        .prefetch_related("proposal__funding")
        .order_by("rank")
    )
    for item in items:
        item.funded = sum(f.amount for f in item.proposal.funding.all()) == item.proposal.estimated_cost
    summary, inclusion_rows = _inclusion_rows(meeting)
    upper = meeting.kind in UPPER_KINDS
    return render(
        request,
        "forums/detail.html",
        {
            "meeting": meeting,
            "form": form,
            "can_hold": can_hold,
            "items": items,
            "upper": upper,
            "decisions": [
                (d.value, d.label) for d in ForumDecision if (meeting.kind, d.value) in decisions.DECISION_TARGET
            ]
            if upper
            else [],
            "reasons": DecisionReason.choices,
            "duplicates": duplicate_suggestions(meeting) if upper and can_hold else [],
            "location_checks": location_checks(meeting) if upper and can_hold else [],
            "quota": meeting.cycle.priority_quota,
            "summary": summary,
            "inclusion_rows": inclusion_rows,
            "attendee_count": meeting.attendees.count(),
            "delegates": list(meeting.delegates.select_related("attendee")),
            "problems": decisions.finalize_problems(meeting) if can_hold else [],
            "finalize_form": FinalizeForm(initial={"version": meeting.version}) if can_hold else None,
            "can_revise": meeting.status == MeetingStatus.FINALIZED
            and meeting.kind in REMBUG_KINDS
            and services.may_hold(request.user, meeting),
            "revise_form": ReviseForm(),
        },
    )


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an item one place and come back to the same button (#fokus-naik-<id>), saying where the item
    now stands: focus is not lost and a screen reader hears the result (feedback.js, decision 0033)."""
    meeting = _meeting_for(request, pk, hold=True)
    direction = "down" if request.POST.get("direction") == "down" else "up"
    anchor = "#urutan"
    try:
        proposal_id = int(request.POST["proposal"])
        services.meeting_move_item(
            actor=request.user,
            meeting=meeting,
            proposal_id=proposal_id,
            direction=direction,
            version=int(request.POST["version"]),
        )
    except (DomainError, KeyError, ValueError) as error:
        messages.error(request, getattr(error, "message", _("Permintaan tidak lengkap.")))
    else:
        moved = meeting.items.select_related("proposal").get(proposal_id=proposal_id)
        messages.success(
            request,
            _("%(title)s kini di urutan %(rank)s.") % {"title": moved.proposal.title, "rank": moved.rank},
        )
        anchor = f"#fokus-{'turun' if direction == 'down' else 'naik'}-{proposal_id}"
    return redirect(reverse("forums:detail", kwargs={"pk": meeting.pk}) + anchor)


@login_required
@require_POST
def sync_items(request: HttpRequest, pk: int) -> HttpResponse:
    """Bring proposals written after the Rembug was opened onto its list (at the bottom)."""
    meeting = _meeting_for(request, pk, hold=True)
    try:
        services.meeting_sync_items(actor=request.user, meeting=meeting)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("forums:detail", kwargs={"pk": meeting.pk}) + "#urutan")


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, hold=True)
    posted = request.POST.get("form")
    form = AttendeeForm(request.POST if posted == "attendee" else None, guide_city=meeting.city_id)
    counts_initial = dict(meeting.counts.values_list("group", "count"))
    counts_form = CountsForm(request.POST if posted == "counts" else None, initial=counts_initial)
    if request.method == "POST":
        try:
            if posted == "attendee" and form.is_valid():
                services.attendee_add(actor=request.user, meeting=meeting, **form.cleaned_data)
                messages.success(request, _("%(name)s tercatat hadir.") % {"name": form.cleaned_data["name"]})
                # Back in the name field, ready for the next person; feedback.js focuses it and announces.
                return redirect(reverse("forums:attendance", kwargs={"pk": meeting.pk}) + "#id_name")
            if posted == "counts" and counts_form.is_valid():
                services.attendance_counts_set(actor=request.user, meeting=meeting, counts=counts_form.cleaned_data)
                messages.success(request, _("Jumlah peserta tanpa nama tersimpan."))
                return redirect("forums:attendance", pk=meeting.pk)
            if posted == "remove":
                attendee = get_object_or_404(meeting.attendees, pk=request.POST.get("attendee"))
                services.attendee_remove(actor=request.user, attendee=attendee)
                return redirect("forums:attendance", pk=meeting.pk)
        except DomainError as error:
            add_domain_error(form if posted == "attendee" else counts_form, error)
    summary, inclusion_rows = _inclusion_rows(meeting)
    return render(
        request,
        "forums/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "counts_form": counts_form,
            "attendees": list(meeting.attendees.all()),
            "summary": summary,
            "inclusion_rows": inclusion_rows,
        },
    )


@login_required
def funding(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    meeting = _meeting_for(request, pk, hold=True)
    proposal = meeting_proposal(meeting, number)
    if proposal is None:
        raise Http404
    current = {f.source: f.amount for f in proposal.funding.all()}
    form = FundingForm(request.POST or None, initial={"version": proposal.version, **current})
    if request.method == "POST" and form.is_valid():
        try:
            funding_set(
                actor=request.user, proposal=proposal, shares=form.shares(), version=form.cleaned_data["version"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Rencana pendanaan %(number)s tersimpan.") % {"number": proposal.number})
            return redirect("forums:detail", pk=meeting.pk)
    return render(request, "forums/funding.html", {"meeting": meeting, "proposal": proposal, "form": form})


@login_required
def delegates(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, hold=True)
    attendees = list(meeting.attendees.all())
    current = list(meeting.delegates.values_list("attendee_id", flat=True))
    form = DelegatesForm(request.POST or None, attendees=attendees, initial={"attendees": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_set(
                actor=request.user,
                meeting=meeting,
                attendee_ids=[int(a) for a in form.cleaned_data["attendees"]],
                mandate=form.cleaned_data["mandate"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Delegasi tersimpan."))
            return redirect("forums:detail", pk=meeting.pk)
    return render(request, "forums/delegates.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def finalize(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, hold=True)
    form = FinalizeForm(request.POST)
    if form.is_valid():
        try:
            decisions.meeting_finalize(
                actor=request.user,
                meeting=meeting,
                version=form.cleaned_data["version"],
                accept_inclusion_gaps=form.cleaned_data["accept_inclusion_gaps"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Rembug ditetapkan. Daftar usulan sudah diserahkan ke kelurahan."))
    return redirect("forums:detail", pk=meeting.pk)


@login_required
@require_POST
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, hold=True)
    form = ReviseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Sebutkan alasan koreksi."))
        return redirect("forums:detail", pk=meeting.pk)
    try:
        revision = decisions.meeting_revise(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("forums:detail", pk=meeting.pk)
    return redirect("forums:detail", pk=revision.pk)


@login_required
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The stored Berita Acara (PDF) or list (XLSX) of a finalized meeting, exactly as finalized."""
    meeting = _meeting_for(request, pk)
    stored = meeting.minutes_pdf if kind == "pdf" else meeting.list_xlsx
    if meeting.status == MeetingStatus.DRAFT or not stored:
        raise Http404
    # The PDF opens in the browser to be read; the list is a download (rembug.uploads.send, decision 0024).
    return send(request, stored, disposition="inline" if kind == "pdf" else "")


class PaperForm(forms.Form):
    holder = forms.ChoiceField(label=gettext_lazy("Pengusul (RW/RT)"))
    file = forms.FileField(
        label=gettext_lazy("Berkas Excel hasil Rembug (.xlsx)"), required=False, validators=[upload_size_validator]
    )
    finalize = forms.BooleanField(label=gettext_lazy("Langsung tetapkan Rembug ini"), required=False)
    accept_inclusion_gaps = forms.BooleanField(
        label=gettext_lazy("Tetap tetapkan walau ada kelompok yang belum hadir atau kurang terwakili"), required=False
    )

    def __init__(self, *args, holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [
            (r.code, f"{r.label} / {r.parent.label}" if r.level == "rt" else r.label) for r in holders
        ]


@login_required
def paper(request: HttpRequest) -> HttpResponse:
    """Kelurahan staff: download a holder's template, then upload the filled file; every bad cell is listed."""
    cycle = current_cycle_for(request)
    holders = kelurahan_proposers(request.user) if cycle else []
    if not holders:
        raise Http404
    form = PaperForm(request.POST or request.GET or None, request.FILES or None, holders=holders)
    errors: list[str] = []
    if form.is_bound and form.is_valid():
        holder = proposer_from_key(request.user, form.cleaned_data["holder"])
        if holder is None:
            raise Http404
        if request.method == "GET":
            response = HttpResponse(paper_template_xlsx(cycle=cycle, holder=holder.target), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="rembug-{holder.region.code}-{cycle.year}.xlsx"'
            return response
        if not form.cleaned_data["file"]:
            form.add_error("file", _("Pilih berkas Excel yang sudah diisi."))
        else:
            try:
                result = paper_import(
                    actor=request.user,
                    cycle=cycle,
                    holder=holder.target,
                    file=form.cleaned_data["file"],
                    finalize=form.cleaned_data["finalize"],
                    accept_inclusion_gaps=form.cleaned_data["accept_inclusion_gaps"],
                )
            except SpreadsheetInvalid as error:
                errors = error.lines()
                form.add_error("file", error.message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, result.message)
                return redirect("forums:detail", pk=result.meeting_id)
    return render(request, "forums/paper.html", {"form": form, "errors": errors, "cycle": cycle})
