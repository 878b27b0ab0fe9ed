"""The proposal dictionary (kamus usulan) pages: everyone signed in reads it; the city's planners keep it in Excel."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from rembug.accounts.rules import is_city_planner_of
from rembug.accounts.scopes import current_city
from rembug.errors import DomainError
from rembug.regions.models import Region
from rembug.spreadsheets import SpreadsheetInvalid, upload_size_validator

from .dictionary import dictionary_export_xlsx, dictionary_import_file
from .models import DictionaryItem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas kamus usulan (.xlsx, .csv, atau .json ekspor kamus SIPD)"),
        validators=[upload_size_validator],
    )


def _city(request: HttpRequest) -> Region:
    city = current_city(request)
    if city is None:
        raise Http404
    return city


@login_required
def dictionary_list(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    query = request.GET.get("q", "").strip()
    items = DictionaryItem.objects.filter(city=city).select_related("agency").order_by("field", "category", "name")
    if query:
        items = items.filter(Q(name__icontains=query) | Q(code__icontains=query))
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    can_import = is_city_planner_of(request.user, city) or request.user.is_superuser
    form = ImportForm(request.POST or None, request.FILES or None) if can_import else None
    errors: list[str] = []
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            result = dictionary_import_file(actor=request.user, city=city, file=upload, filename=upload.name)
        except SpreadsheetInvalid as error:
            errors = error.lines()
            form.add_error("file", error.message)
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, result.message)
            return redirect("dictionary:list")
    return render(
        request,
        "proposals/dictionary.html",
        {"page": page, "query": query, "form": form, "errors": errors, "city": city},
    )


@login_required
def dictionary_download(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    response = HttpResponse(dictionary_export_xlsx(city=city), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kamus-usulan-{city.code}.xlsx"'
    return response
