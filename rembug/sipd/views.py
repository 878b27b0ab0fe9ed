"""SIPD pages: a kelurahan's, kecamatan's or the city's list downloaded in SIPD's 26 columns, and SIPD's list
uploaded by Bappeda or kelurahan staff (all or nothing, every bad cell listed). Thin: selectors and services decide.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from rembug.accounts.scopes import assignments_of, current_city
from rembug.cycles.models import PlanningCycle
from rembug.errors import DomainError
from rembug.regions.models import Region
from rembug.spreadsheets import XLSX_CONTENT_TYPE, SpreadsheetInvalid, upload_size_validator
from rembug.webforms import add_domain_error

from .export import sipd_export, sipd_filename
from .selectors import EXPORTERS, IMPORTERS, sipd_regions
from .services import sipd_import


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas Excel daftar usulan SIPD (.xlsx)"), validators=[upload_size_validator]
    )
    year = forms.IntegerField(label=gettext_lazy("Tahun perencanaan"), min_value=2000, max_value=2100)
    dry_run = forms.BooleanField(label=gettext_lazy("Uji coba saja (periksa tanpa menyimpan)"), required=False)


def _city(request: HttpRequest) -> Region:
    """The city the person works in, among those where they export SIPD lists; 404 for anyone else."""
    among = {a.city_id for a in assignments_of(request.user) if a.role in EXPORTERS}
    city = current_city(request, among=among) if among else None
    if city is None:
        raise Http404
    return city


@login_required
def home(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    regions = sipd_regions(request.user, city)
    if not regions:
        raise Http404
    may_import = bool(sipd_regions(request.user, city, IMPORTERS))
    form = ImportForm(request.POST or None, request.FILES or None) if may_import else None
    errors: list[str] = []
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                result = sipd_import(
                    actor=request.user,
                    city=city,
                    year=form.cleaned_data["year"],
                    file=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except SpreadsheetInvalid as error:
                errors = error.lines()
                form.add_error("file", error.message)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, result.message)
                return redirect("sipd:home")
    years = list(PlanningCycle.objects.filter(city=city).order_by("-year").values_list("year", flat=True))
    return render(
        request,
        "sipd/home.html",
        {"city": city, "regions": regions, "years": years, "form": form, "errors": errors},
    )


@login_required
def export(request: HttpRequest, year: int) -> HttpResponse:
    city = _city(request)
    regions = sipd_regions(request.user, city)
    if not regions:
        raise Http404
    response = HttpResponse(sipd_export(city=city, year=year, regions=regions), content_type=XLSX_CONTENT_TYPE)
    where = regions[0] if len(regions) == 1 else city
    response["Content-Disposition"] = f'attachment; filename="{sipd_filename(year=year, region=where)}"'
    return response
