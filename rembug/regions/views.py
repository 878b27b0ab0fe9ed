"""Public region data for maps."""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control

from .geometry import simplify_geometry
from .models import Region


@cache_control(public=True, max_age=86400)
def boundary(request: HttpRequest, code: str) -> JsonResponse:
    """A kelurahan's boundary as a GeoJSON Feature (public fact, cached a day), simplified for a phone."""
    region = Region.objects.filter(code=code).only("code", "name", "level", "boundary", "latitude", "longitude").first()
    if region is None or region.boundary is None:
        raise Http404
    return JsonResponse(
        {
            "type": "Feature",
            "geometry": simplify_geometry(region.boundary),
            "properties": {"code": region.code, "name": region.label, "center": [region.latitude, region.longitude]},
        }
    )
