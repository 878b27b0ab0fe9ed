"""Ranking pages: Bappeda's criteria sets, and beside each forum's list a suggested order and a participant vote.

The suggestion and the vote inform the forum; the agreed order stays the forum's own decision (forums pages).
"""

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

from rembug.cycles.models import PlanningCycle
from rembug.cycles.selectors import current_cycle_for
from rembug.errors import DomainError
from rembug.forums import services as forum_services
from rembug.forums.models import Meeting
from rembug.forums.selectors import meeting_with_context

from . import criteria as criteria_services
from . import services
from .models import CriteriaSet, CriterionKind, CriterionSource, Method, VoteKind, WeightSource
from .saaty import format_saaty_value, parse_saaty_matrix
from .selectors import (
    criteria_sets_of,
    default_criteria_set,
    latest_closed_vote,
    meeting_forum_scores,
    meeting_suggestions,
    meeting_votes,
    open_vote_of,
    vote_tally,
)

ROWS = 8


def _meeting(request: HttpRequest, pk: int, *, hold: bool = False) -> Meeting:
    meeting = meeting_with_context(pk)
    if meeting is None:
        raise Http404
    holder = forum_services.holder_of(meeting)
    allowed = (
        forum_services.may_hold(request.user, meeting) if hold else request.user.has_perm("forums.view_meeting", holder)
    )
    if not allowed:
        raise Http404
    return meeting


def _back(meeting: Meeting) -> HttpResponse:
    return redirect(reverse("scoring:meeting", kwargs={"pk": meeting.pk}))


@login_required
def meeting_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    can_hold = not meeting.is_frozen and forum_services.may_hold(request.user, meeting)
    items = list(meeting.items.select_related("proposal").order_by("rank"))
    titles = {i.proposal_id: i.proposal.title for i in items}
    agreed_rank = {i.proposal_id: i.rank for i in items}
    criteria_set = default_criteria_set(meeting.cycle)
    forum_criteria = (
        [c for c in criteria_set.criteria.all() if c.source == CriterionSource.FORUM] if criteria_set else []
    )
    scores = meeting_forum_scores(meeting)
    score_rows = [(i, [(c, scores.get(i.proposal_id, {}).get(c.pk)) for c in forum_criteria]) for i in items]
    suggestion = meeting_suggestions(meeting).first()
    suggested = []
    if suggestion:
        suggested = [
            (rank, pid, titles.get(pid, pid), suggestion.scores.get(str(pid)), agreed_rank.get(pid))
            for rank, pid in enumerate(suggestion.order, start=1)
        ]
    open_vote = open_vote_of(meeting)
    closed = latest_closed_vote(meeting)
    tally = vote_tally(closed) if closed else None
    tally_rows = []
    if tally:
        groups = tally.voted_groups()
        tally_rows = [(titles.get(pid, pid), [g.points.get(pid, 0) for g in groups]) for pid in tally.order]
    attendees = list(meeting.attendees.all()) if open_vote and can_hold else []
    ballots = {b.attendee_id: b for b in open_vote.ballots.all()} if open_vote else {}
    from rembug.conditions.selectors import gap_panel  # the neighbourhood's needs beside the ranking

    return render(
        request,
        "scoring/meeting.html",
        {
            **gap_panel(meeting.holder_region, meeting.cycle),
            "meeting": meeting,
            "can_hold": can_hold,
            "criteria_set": criteria_set,
            "forum_criteria": forum_criteria,
            "score_rows": score_rows,
            "suggestion": suggestion,
            "suggested": suggested,
            "open_vote": open_vote,
            "tally": tally,
            "tally_rows": tally_rows,
            "attendees": attendees,
            "ballots": ballots,
            "items": items,
            "score_choices": range(1, 6),
            "vote_kinds": VoteKind.choices,
            "methods": Method.choices,
        },
    )


@login_required
@require_POST
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, hold=True)
    given: dict[int, dict[int, int | None]] = {}
    for key, value in request.POST.items():
        if key.startswith("score_"):
            _prefix, proposal_id, criterion_id = key.split("_")
            given.setdefault(int(proposal_id), {})[int(criterion_id)] = int(value) if value else None
    try:
        services.forum_scores_set(actor=request.user, meeting=meeting, scores=given)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Nilai forum tersimpan."))
    return _back(meeting)


@login_required
@require_POST
def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, hold=True)
    try:
        services.suggestion_compute(actor=request.user, meeting=meeting, method=request.POST.get("method") or None)
    except DomainError as error:
        messages.error(request, error.message)
    return _back(meeting)


@login_required
@require_POST
def apply_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, hold=True)
    suggestion = get_object_or_404(meeting_suggestions(meeting), pk=request.POST.get("suggestion"))
    try:
        services.suggestion_apply(
            actor=request.user, meeting=meeting, suggestion=suggestion, version=int(request.POST.get("version", 0))
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Urutan diganti dengan saran. Forum tetap dapat mengubahnya."))
    return redirect("forums:detail", pk=meeting.pk)


@login_required
@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, hold=True)
    try:
        services.vote_open(actor=request.user, meeting=meeting, kind=request.POST.get("kind", ""))
    except DomainError as error:
        messages.error(request, error.message)
    return _back(meeting)


@login_required
@require_POST
def ballot(request: HttpRequest, pk: int, vote_id: int) -> HttpResponse:
    meeting = _meeting(request, pk, hold=True)
    vote = get_object_or_404(meeting_votes(meeting), pk=vote_id)
    attendee = get_object_or_404(meeting.attendees, pk=request.POST.get("attendee"))
    try:
        if vote.kind == VoteKind.BORDA:
            ranked = sorted(
                ((int(v), int(k.split("_")[1])) for k, v in request.POST.items() if k.startswith("rank_") and v),
                key=lambda pair: pair[0],
            )
            services.ballot_cast(actor=request.user, vote=vote, attendee=attendee, ranking=[p for _rank, p in ranked])
        else:
            services.ballot_cast(
                actor=request.user,
                vote=vote,
                attendee=attendee,
                approved=[int(p) for p in request.POST.getlist("approved")],
            )
    except (DomainError, ValueError) as error:
        messages.error(request, getattr(error, "message", _("Suara tidak terbaca.")))
    else:
        messages.success(request, _("Suara %(name)s tercatat.") % {"name": attendee.name})
    return _back(meeting)


@login_required
@require_POST
def vote_close(request: HttpRequest, pk: int, vote_id: int) -> HttpResponse:
    meeting = _meeting(request, pk, hold=True)
    vote = get_object_or_404(meeting_votes(meeting), pk=vote_id)
    try:
        services.vote_close(actor=request.user, vote=vote)
    except DomainError as error:
        messages.error(request, error.message)
    return _back(meeting)


class CriteriaSetForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama kumpulan kriteria"), max_length=120)
    method = forms.ChoiceField(label=gettext_lazy("Metode"), choices=Method.choices)
    weight_source = forms.ChoiceField(
        label=gettext_lazy("Bobot"), choices=WeightSource.choices, widget=forms.RadioSelect
    )
    ahp_matrix = forms.CharField(
        label=gettext_lazy("Matriks perbandingan berpasangan (AHP)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Satu baris per kriteria, angka dipisah spasi; pecahan boleh ditulis 1/3."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(ROWS):
            self.fields[f"c{n}_name"] = forms.CharField(
                label=gettext_lazy("Kriteria %(n)s") % {"n": n + 1}, required=False, max_length=120
            )
            self.fields[f"c{n}_source"] = forms.ChoiceField(
                label=gettext_lazy("Sumber nilai"), required=False, choices=[("", "—"), *CriterionSource.choices]
            )
            self.fields[f"c{n}_kind"] = forms.ChoiceField(
                label=gettext_lazy("Jenis"), required=False, choices=[("", "—"), *CriterionKind.choices]
            )
            self.fields[f"c{n}_weight"] = forms.FloatField(
                label=gettext_lazy("Bobot langsung"), required=False, min_value=0
            )

    def rows(self):
        return [
            (self[f"c{n}_name"], self[f"c{n}_source"], self[f"c{n}_kind"], self[f"c{n}_weight"]) for n in range(ROWS)
        ]

    def criteria(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "name": data[f"c{n}_name"],
                "source": data[f"c{n}_source"],
                "kind": data[f"c{n}_kind"] or None,
                "weight": data[f"c{n}_weight"] or 0,
            }
            for n in range(ROWS)
            if data.get(f"c{n}_name")
        ]

    def matrix(self) -> list[list[float]] | None:
        text = self.cleaned_data.get("ahp_matrix", "").strip()
        if not text:
            return None
        try:
            return parse_saaty_matrix(text)
        except ValueError:
            raise DomainError(
                _("Matriks AHP hanya boleh berisi angka atau pecahan seperti 1/3."), field="ahp_matrix"
            ) from None


def _initial(criteria_set: CriteriaSet | None) -> dict:
    if criteria_set is None:
        return {"method": Method.SAW, "weight_source": WeightSource.DIRECT}
    initial = {
        "name": criteria_set.name,
        "method": criteria_set.method,
        "weight_source": criteria_set.weight_source,
        "version": criteria_set.version,
    }
    if criteria_set.ahp_matrix:
        initial["ahp_matrix"] = "\n".join(
            " ".join(format_saaty_value(v) for v in row) for row in criteria_set.ahp_matrix
        )
    for n, c in enumerate(criteria_set.criteria.all()[:ROWS]):
        initial.update(
            {f"c{n}_name": c.name, f"c{n}_source": c.source, f"c{n}_kind": c.kind, f"c{n}_weight": round(c.weight, 4)}
        )
    return initial


@login_required
def criteria(request: HttpRequest) -> HttpResponse:
    cycle: PlanningCycle | None = current_cycle_for(request)
    if cycle is None or not request.user.has_perm("scoring.manage_criteria", cycle):
        raise Http404
    sets = list(criteria_sets_of(cycle))
    editing = next((s for s in sets if str(s.pk) == request.GET.get("set", "")), sets[0] if sets else None)
    form = CriteriaSetForm(request.POST or None, initial=_initial(editing))
    if request.method == "POST" and form.is_valid():
        try:
            saved = criteria_services.criteria_set_save(
                actor=request.user,
                cycle=cycle,
                name=form.cleaned_data["name"],
                method=form.cleaned_data["method"],
                criteria=form.criteria(),
                weight_source=form.cleaned_data["weight_source"],
                ahp_matrix=form.matrix(),
                version=form.cleaned_data.get("version"),
                criteria_set=editing if request.POST.get("mode") != "new" else None,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Kriteria %(name)s tersimpan.") % {"name": saved.name})
            return redirect(f"{reverse('scoring:criteria')}?set={saved.pk}")
    return render(request, "scoring/criteria.html", {"cycle": cycle, "sets": sets, "editing": editing, "form": form})
