"""The guide pages: all of a person's current guides, and any role's guide for any stage."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rembug.accounts.roles import Role
from rembug.cycles.phases import StageKind

from .selectors import guide_catalogue, guide_checklist, guide_page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guide/index.html",
        {
            "guides": guide_checklist(request.user),
            "catalogue": [
                (Role(r).label, StageKind(s).label, r, s, own) for r, s, own in guide_catalogue(request.user)
            ],
        },
    )


@login_required
def page(request: HttpRequest, role: str, stage: str) -> HttpResponse:
    if role not in Role.values or stage not in StageKind.values:
        raise Http404
    return render(
        request,
        "guide/page.html",
        {
            "guide": guide_page(request.user, role, stage),
            "role_label": Role(role).label,
            "stage_label": StageKind(stage).label,
        },
    )
