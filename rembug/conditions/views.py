"""Condition pages: the survey of an RT/RW on a phone, the XLSX import, the gap table, the choropleth map, the
city priorities. Thin views over services.py and selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rembug.accounts.roles import KELURAHAN_STAFF, Role
from rembug.accounts.scopes import assignments_of, current_city_id
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.selectors import current_cycle_for
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, StageClosed
from rembug.http import json_with_etag
from rembug.proposals.choices import Field
from rembug.regions.models import VILLAGE_LEVELS, Level, Region
from rembug.spreadsheets import XLSX_CONTENT_TYPE, SpreadsheetInvalid
from rembug.uploads import requester, send, wants_thumbnail
from rembug.webforms import add_domain_error

from . import selectors, services, xlsx
from .forms import ImportForm, PriorityForm, PriorityFormSet, SurveyForm

COLUMNS = (
    ("area", gettext_lazy("Wilayah")),
    ("field", gettext_lazy("Bidang")),
    ("need", gettext_lazy("Kebutuhan")),
    ("priority", gettext_lazy("Prioritas kota")),
    ("gap", gettext_lazy("Kesenjangan")),
    ("proposed", gettext_lazy("Porsi biaya usulan")),
    ("funded", gettext_lazy("Terdanai")),
    ("repeat", gettext_lazy("Usulan berulang tak terdanai")),
)


def _cycle(request: HttpRequest) -> PlanningCycle:
    cycle = current_cycle_for(request)
    if cycle is None:
        raise Http404
    return cycle


def _staff_kelurahan(user) -> list[Region]:
    return [a.region for a in assignments_of(user) if a.role in KELURAHAN_STAFF and a.region.level in VILLAGE_LEVELS]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where each person starts: the RT/RW they survey, the gap analysis, the map, the city priorities."""
    cycle = _cycle(request)
    regions = [
        a.region
        for a in assignments_of(request.user)
        if a.role in (Role.KETUA_RT, Role.KETUA_RW) and a.region.city_id == cycle.city_id
    ]
    staff = _staff_kelurahan(request.user)
    for kelurahan in staff:
        regions.extend(xlsx.rt_rw_of(kelurahan))
    answered = selectors.answered_counts(cycle, regions)
    total = len(selectors.indicators_of(cycle))
    rows = [(u, answered.get(u.pk, 0)) for u in regions]
    return render(
        request,
        "conditions/home.html",
        {
            "cycle": cycle,
            "rows": rows,
            "total": total,
            "staff": staff,
            "can_view_gap": request.user.has_perm("conditions.view_gap", cycle),
            "can_manage": request.user.has_perm("conditions.manage_priorities", cycle),
        },
    )


@login_required
def survey(request: HttpRequest, code: str) -> HttpResponse:
    """One screen: every indicator with its five answers, a note and a photo; saved together."""
    cycle = _cycle(request)
    region = selectors.surveyed_region(cycle, code)
    if region is None:
        raise Http404
    if not request.user.has_perm("conditions.enter_survey", region):
        raise Http404
    indicators = selectors.indicators_of(cycle)
    try:
        require_stage_open(cycle, Action.CONDITION_SURVEY)
        closed = ""
    except StageClosed as error:
        closed = error.message
    responses = selectors.responses_of(cycle, region)
    bound = request.method == "POST" and not closed
    form = SurveyForm(
        request.POST if bound else None, request.FILES if bound else None, indicators=indicators, responses=responses
    )
    if bound and form.is_valid():
        try:
            saved = services.survey_submit(actor=request.user, cycle=cycle, region=region, answers=form.answers())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(n)s jawaban survei kondisi tersimpan.") % {"n": len(saved)})
            return redirect("conditions:survey", code=region.code)
    return render(
        request,
        "conditions/survey.html",
        {
            "cycle": cycle,
            "region": region,
            "form": form,
            "closed": closed,
            "responses": responses,
            "field_labels": dict(Field.choices),
        },
    )


@login_required
def survey_upload(request: HttpRequest) -> HttpResponse:
    """Kelurahan staff: download the template of their RW/RT, upload it filled; every bad cell is listed."""
    cycle = _cycle(request)
    staff = _staff_kelurahan(request.user)
    if not staff:
        raise Http404
    kelurahan = next(
        (k for k in staff if k.code == request.GET.get("kelurahan", request.POST.get("kelurahan"))), staff[0]
    )
    indicators = selectors.indicators_of(cycle)
    if request.GET.get("unduh"):
        data = xlsx.survey_template_xlsx(cycle=cycle, kelurahan=kelurahan, indicators=indicators)
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="survei-kondisi-{kelurahan.code}-{cycle.year}.xlsx"'
        return response
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = xlsx.survey_import(
                actor=request.user,
                cycle=cycle,
                kelurahan=kelurahan,
                indicators=indicators,
                file=form.cleaned_data["file"],
            )
        except SpreadsheetInvalid as error:
            errors = error.lines()
            form.add_error("file", error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(n)s jawaban survei kondisi tersimpan dari berkas.") % {"n": count})
            return redirect("conditions:home")
    return render(
        request,
        "conditions/import.html",
        {"cycle": cycle, "form": form, "errors": errors, "staff": staff, "kelurahan": kelurahan},
    )


def _gap_cycle(request: HttpRequest) -> PlanningCycle:
    cycle = _cycle(request)
    if not request.user.has_perm("conditions.view_gap", cycle):
        raise Http404
    return cycle


@login_required
def gap_page(request: HttpRequest) -> HttpResponse:
    """Every area × field, sortable by its column headers (plain links: no script needed), or as XLSX."""
    cycle = _gap_cycle(request)
    level = request.GET.get("level", "kelurahan")
    level = level if level in selectors.LEVELS else "kelurahan"
    sort = request.GET.get("sort", "gap")
    sort = sort if sort in selectors.SORT_KEYS else "gap"
    descending = request.GET.get("dir", "desc") != "asc"
    only_field = request.GET.get("bidang", "")
    table = selectors.gap_table(cycle, level=level, sort=sort, descending=descending, only_field=only_field)
    if request.GET.get("unduh") == "xlsx":
        response = HttpResponse(xlsx.gap_xlsx(table), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="kesenjangan-{level}-{cycle.year}.xlsx"'
        return response

    def link(**changes) -> str:
        params = {"level": level, "sort": sort, "dir": "desc" if descending else "asc", "bidang": only_field}
        params.update(changes)
        return "?" + urlencode({k: v for k, v in params.items() if v})

    columns = []
    for key, label in COLUMNS:
        active = key == sort
        # A first click sorts numbers from the largest and names from A; a second click reverses.
        next_dir = ("asc" if descending else "desc") if active else ("asc" if key in ("area", "field") else "desc")
        columns.append(
            {
                "key": key,
                "label": label,
                "url": link(sort=key, dir=next_dir),
                "aria_sort": ("descending" if descending else "ascending") if active else None,
            }
        )
    return render(
        request,
        "conditions/gap.html",
        {
            "cycle": cycle,
            "table": table,
            "level": level,
            "columns": columns,
            "field_labels": dict(Field.choices),
            "fields": Field.choices,
            "only_field": only_field,
            "xlsx_url": link(unduh="xlsx"),
            "level_links": [(lv, link(level=lv)) for lv in selectors.LEVELS],
            "field_links": [("", _("Semua bidang"), link(bidang=""))]
            + [(value, label, link(bidang=value)) for value, label in Field.choices],
        },
    )


@login_required
def area(request: HttpRequest, code: str) -> HttpResponse:
    """One kelurahan's or kecamatan's panel: need beside the city's priority, per field."""
    cycle = _gap_cycle(request)
    region = get_object_or_404(Region, code=code, city_id=cycle.city_id, level__in=(*VILLAGE_LEVELS, Level.KECAMATAN))
    return render(
        request, "conditions/area.html", {"cycle": cycle, "region": region, **selectors.gap_panel(region, cycle)}
    )


@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    cycle = _gap_cycle(request)
    measure = "need" if request.GET.get("ukuran") == "need" else "gap"
    only_field = request.GET.get("bidang", "")
    only_field = only_field if only_field in Field.values else ""
    params = {"bidang": only_field} if only_field else {}
    return render(
        request,
        "conditions/map.html",
        {
            "cycle": cycle,
            "measure": measure,
            "only_field": only_field,
            "legend": selectors.legend(measure),
            "geojson_url": reverse("conditions:map_geojson", kwargs={"year": cycle.year})
            + ("?" + urlencode(params) if params else ""),
            "measure_links": [
                (m, label, "?" + urlencode({"ukuran": m, **params}))
                for m, label in (("gap", _("Kesenjangan")), ("need", _("Kebutuhan")))
            ],
            "field_links": [("", _("Semua bidang"), "?" + urlencode({"ukuran": measure}))]
            + [(v, label, "?" + urlencode({"ukuran": measure, "bidang": v})) for v, label in Field.choices],
        },
    )


@login_required
def map_geojson(request: HttpRequest, year: int) -> HttpResponse:
    """The city's kelurahan boundaries with their need and gap of the planning year (for choropleth.js)."""
    cycle = selectors.cycle_of_year([current_city_id(request)], year)
    if cycle is None or not request.user.has_perm("conditions.view_gap", cycle):
        raise Http404
    only_field = request.GET.get("bidang", "")
    features = selectors.map_features(cycle, only_field=only_field if only_field in Field.values else "")
    # Staff data: kept by this browser only, revalidated each time (a survey saved a minute ago shows at once).
    return json_with_etag(request, features, private=True, no_cache=True)


@login_required
def priorities(request: HttpRequest) -> HttpResponse:
    """Bappeda: the year's city priorities (RPJMD/RKPD themes), their weights and the fields they cover."""
    cycle = _cycle(request)
    if not request.user.has_perm("conditions.manage_priorities", cycle):
        raise Http404
    current = selectors.priorities_of(cycle)
    version = max((p.version for p in current), default=0)
    initial = [
        {
            "theme": p.theme,
            "weight": p.weight,
            "mapped_fields": p.fields,
            "mapped_categories": p.categories,
            "source_note": p.source_note,
        }
        for p in current
    ]
    formset = PriorityFormSet(request.POST or None, initial=initial, prefix="p")
    error = ""
    if request.method == "POST" and formset.is_valid():
        wanted = [p for p in (f.to_input() for f in formset.forms if isinstance(f, PriorityForm)) if p]
        try:
            services.priorities_replace(
                actor=request.user, cycle=cycle, priorities=wanted, version=int(request.POST.get("version") or 0)
            )
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Prioritas kota tersimpan."))
            return redirect("conditions:priorities")
    return render(
        request, "conditions/priorities.html", {"cycle": cycle, "formset": formset, "version": version, "error": error}
    )


def survey_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey answer's photo (`?size=thumb`: its thumbnail), by id, to those who answer that RT/RW's survey (the
    same people who see the answers)."""
    user = requester(request)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    response = selectors.survey_response_by_id(pk)
    if response is None or not user.has_perm("conditions.enter_survey", response.region):
        raise Http404
    return send(request, response.photo, thumb=wants_thumbnail(request))
