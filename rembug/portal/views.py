"""The public portal: what was proposed in an area, what became of it, who took part (as counts), open data.

No login. Pages are small, cached by browsers and proxies for a few minutes, and each reads a fixed number of
queries whatever the data size (aggregation is done by the database).
"""

from __future__ import annotations

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.http import json_with_etag
from rembug.proposals.choices import Field
from rembug.proposals.lifecycle import Status
from rembug.proposals.public import public_proposals
from rembug.regions.geometry import simplify_geometry
from rembug.regions.models import CITY_LEVELS, Level, Region

from . import selectors
from .charts import bar_chart, plain, short_rupiah
from .opendata import DATASETS, FORMATS, export_response, parse_year

# A phone page, not a scroll of thousands of pixels: every list on an area page is bounded and paged.
PAGE_SIZE = 10
REPEATED_SHOWN = 10
MAX_PAGE = 1000  # ?berulang=10**9 would make the database skip that many rows
FORUMS_SHOWN = 10
POINTS_LIMIT = 2000


def public_cache(max_age: int):
    """Cache-Control for public pages: `public, max-age` for visitors; `private, no-cache` once signed in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            # Each directive is passed only when it holds: `public=False` would be written out as "public=False".
            if request.user.is_authenticated:  # the page names who is signed in: their browser alone, revalidated
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=max_age)
            return response

        return wrapped

    return decorator


def _page_number(value: str | None) -> int:
    """A page number from the query string: 1 unless it is a whole number from 1 to MAX_PAGE."""
    return int(value) if value and value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE else 1


def _area_or_404(code: str) -> Region:
    region = selectors.area_of(code)
    if region is None:
        raise Http404
    return region


@public_cache(3600)
def index(request: HttpRequest) -> HttpResponse:
    """The cities with a planning year; with one city (the usual install) its page directly."""
    cities = list(
        Region.objects.filter(pk__in=PlanningCycle.objects.values("city"), level__in=CITY_LEVELS).order_by("code")
    )
    if len(cities) == 1:
        return redirect("portal:area", code=cities[0].code)
    return render(request, "portal/index.html", {"cities": cities})


def _series() -> list[str]:
    return [_("Diusulkan"), _("Diakomodasi"), _("Selesai dibangun")]


def _charts(tallies, *, cost: bool) -> dict:
    rows = [
        (
            t.label,
            [t.proposed_cost, t.accommodated_cost, t.built_cost] if cost else [t.proposed, t.accommodated, t.built],
        )
        for t in tallies
    ]
    return bar_chart(rows, _series(), short_rupiah if cost else plain)


@public_cache(300)
def area(request: HttpRequest, code: str) -> HttpResponse:
    region = _area_or_404(code)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        exact = public_proposals().filter(number=query).values_list("number", flat=True).first()
        if exact:
            return redirect("public:proposal", number=exact)
    years = selectors.years_of(region)
    year = parse_year(request.GET.get("year"))
    year = year if year in years else None
    status = request.GET.get("status", "")
    status = status if status in dict(selectors.PUBLIC_STATUSES) else ""
    field = request.GET.get("field", "")
    field = field if field in Field.values else ""
    page = Paginator(
        selectors.portal_proposals(region, year=year, status=status, field=field, q=query), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    chart_year = year or (years[0] if years else None)
    by_year = selectors.tally_by_year(region)
    by_field = selectors.tally_by_field(region, chart_year) if chart_year else []
    above_kelurahan = region.level in (*CITY_LEVELS, Level.KECAMATAN)
    by_kelurahan = selectors.tally_by_kelurahan(region, chart_year) if chart_year and above_kelurahan else []
    repeated_page = _page_number(request.GET.get("berulang"))
    repeated = list(
        selectors.repeated_proposals(region, offset=(repeated_page - 1) * REPEATED_SHOWN, limit=REPEATED_SHOWN + 1)
    )  # one more than shown tells whether there is a next page, without counting them all
    keep_repeated = request.GET.copy()
    keep_repeated.pop("berulang", None)
    forums = list(selectors.public_forums(region, year=year, current=True).order_by("-held_on", "-pk")[:FORUMS_SHOWN])
    context = {
        "region": region,
        "breadcrumbs": selectors.breadcrumbs(region),
        "sub_areas": selectors.sub_areas(region),
        "years": years,
        "year": year,
        "status": status,
        "field": field,
        "query": query,
        "statuses": selectors.PUBLIC_STATUSES,
        "fields": Field.choices,
        "page": page,
        "querystring": keep.urlencode(),
        "chart_year": chart_year,
        "by_year": by_year,
        "by_field": by_field,
        "by_kelurahan": by_kelurahan,
        "chart_year_counts": _charts(by_year, cost=False),
        "chart_year_costs": _charts(by_year, cost=True),
        "chart_field": _charts(by_field, cost=False),
        "chart_kelurahan": _charts(by_kelurahan, cost=False),
        "repeated": repeated[:REPEATED_SHOWN],
        "repeated_page": repeated_page,
        "repeated_more": len(repeated) > REPEATED_SHOWN,
        "repeated_querystring": keep_repeated.urlencode(),
        "repeated_from": selectors.REPEATED_FROM,
        "forums": [(f, selectors.group_counts(f)) for f in forums],
        "forums_shown": FORUMS_SHOWN,
        "datasets": DATASETS.values(),
        "formats": FORMATS,
    }
    return render(request, "portal/area.html", context)


@public_cache(600)
def area_points(request: HttpRequest, code: str) -> HttpResponse:
    """The area's public proposals that have a map point, as GeoJSON (at most POINTS_LIMIT, newest first)."""
    region = _area_or_404(code)
    year = parse_year(request.GET.get("year"))
    queryset = public_proposals().filter(
        selectors.proposals_in(region), latitude__isnull=False, longitude__isnull=False
    )
    if year:
        queryset = queryset.filter(cycle__year=year)
    rows = queryset.order_by("-cycle__year", "number").values(
        "number", "title", "status", "latitude", "longitude", "cycle__year"
    )[:POINTS_LIMIT]
    labels = dict(Status.choices)
    accommodated = {str(s) for s in selectors.ACCOMMODATED}
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
            "properties": {
                "number": r["number"],
                "title": r["title"],
                "year": r["cycle__year"],
                "status": str(labels.get(r["status"], r["status"])),
                "group": "accommodated"
                if r["status"] in accommodated
                else "refused"
                if r["status"] == "not_accommodated"
                else "open",
                "url": f"/cari/{r['number']}/",
            },
        }
        for r in rows
    ]
    return json_with_etag(request, {"type": "FeatureCollection", "features": features})


@public_cache(86400)
def area_boundaries(request: HttpRequest, code: str) -> HttpResponse:
    """The kelurahan boundaries of the area (an RW shows its kelurahan), as one GeoJSON FeatureCollection."""
    region = _area_or_404(code)
    village = region.parent if region.level == Level.RW else region
    queryset = Region.objects.filter(boundary__isnull=False, level__in=(Level.KELURAHAN, Level.DESA))
    queryset = (
        queryset.filter(code=village.code)
        if village.level in (Level.KELURAHAN, Level.DESA)
        else queryset.filter(code__startswith=f"{village.code}.")
    )
    features = [
        {
            "type": "Feature",
            "geometry": simplify_geometry(r["boundary"]),
            "properties": {"code": r["code"], "name": r["name"], "url": f"/portal/{r['code']}/"},
        }
        for r in queryset.order_by("code").values("code", "name", "boundary")
    ]
    return json_with_etag(request, {"type": "FeatureCollection", "features": features})


@public_cache(300)
def forum(request: HttpRequest, pk: int) -> HttpResponse:
    """A finalized forum as the public may see it: no attendee, no delegate, no chair's name."""
    from rembug.scoring.selectors import meeting_ranking_summary

    meeting = selectors.forum_detail(pk)
    if meeting is None:
        raise Http404
    items = selectors.forum_items(meeting)
    summary = meeting_ranking_summary(meeting)
    titles = {i.proposal_id: i.proposal.title for i in items}
    tally = None
    if summary.tally is not None:
        tally = {
            "kind": summary.tally.kind,
            "ballots": summary.tally.ballot_count,
            "points": [(titles.get(pid, pid), points) for pid, points in summary.tally.results()],
            "tops": [
                (g.label, titles.get(g.top, "") if g.top is not None else "", g.ballot_count)
                for key, g in summary.tally.groups.items()
                if key in selectors.GROUPS
            ],
        }
    suggestion = None
    if summary.suggestion is not None:
        s = summary.suggestion
        suggestion = {
            "method": s.method.upper(),
            "criteria": [(c["name"], round(c["weight"] * 100, 1)) for c in s.criteria],
            "order": [titles.get(int(pid), pid) for pid in s.order],
        }
    context = {
        "meeting": meeting,
        "groups": selectors.group_counts(meeting),
        "items": items,
        "tally": tally,
        "suggestion": suggestion,
        "region": meeting.kelurahan or meeting.holder_region,
    }
    return render(request, "portal/forum.html", context)


@public_cache(3600)
def data_index(request: HttpRequest) -> HttpResponse:
    from rembug.forums.models import MeetingKind

    return render(
        request,
        "portal/data.html",
        {
            "datasets": DATASETS.values(),
            "formats": FORMATS,
            "statuses": selectors.PUBLIC_STATUSES,
            "kinds": MeetingKind.choices,
        },
    )


def data_file(request: HttpRequest, dataset: str, fmt: str):
    return export_response(
        dataset, fmt, region_code=request.GET.get("region", ""), year=parse_year(request.GET.get("year"))
    )
