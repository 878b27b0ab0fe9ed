"""Public pages: any resident finds a proposal by its number or words and sees what became of it.

Drafts stay with their proposer until the Rembug agrees them. Nothing personal is shown: no attendee, no account
name; the history says when, what and why.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .lifecycle import Status
from .models import EVENT_LABELS, Proposal

HIDDEN = (Status.DRAFT, Status.WITHDRAWN)


def public_proposals():
    return Proposal.objects.exclude(status__in=HIDDEN).select_related(
        "proposer_region", "proposer_group", "kelurahan", "kelurahan__parent", "item", "item__agency"
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = []
    if query:
        exact = public_proposals().filter(number=query).first()
        if exact:
            return redirect("public:proposal", number=exact.number)
        words = [w for w in query.split() if len(w) > 1][:5]
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(number__icontains=word)
        results = list(public_proposals().filter(condition).order_by("-cycle__year", "number")[:50]) if words else []
    return render(request, "proposals/public_search.html", {"query": query, "results": results})


def proposal(request: HttpRequest, number: str) -> HttpResponse:
    found = public_proposals().select_related("cycle", "previous").filter(number=number).first()
    if found is None:
        raise Http404
    events = list(
        found.events.filter(kind__in=("created", "transition", "imported"))
        .order_by("at", "pk")
        .values("at", "kind", "to_status", "reason")
    )
    for event in events:
        event["label"] = Status(event["to_status"]).label if event["to_status"] in Status.values else ""
        if event["kind"] == "imported":  # a past year loaded from SIPD: say so, with the status it came with
            event["label"] = (
                f"{EVENT_LABELS['imported']}: {event['label']}" if event["label"] else EVENT_LABELS["imported"]
            )
    return render(request, "proposals/public_detail.html", {"proposal": found, "events": events})
