"""The public front page and each person's dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import dashboard_cards


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/dashboard.html", {"cards": dashboard_cards(request.user)})
