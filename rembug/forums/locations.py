"""Location checks for a Musrenbang: a proposal's map point must exist and lie inside its kelurahan.

Pure Python (ray casting on the GeoJSON boundary), so it is tested alone. The shipped boundaries are
simplified (see regions/data/SOURCES.md): a point a few metres outside is flagged for a look, not refused.
"""

from __future__ import annotations

from collections.abc import Sequence


def _in_ring(lng: float, lat: float, ring: Sequence[Sequence[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_boundary(lat: float, lng: float, geometry: dict) -> bool:
    """True when (lat, lng) lies inside a GeoJSON Polygon or MultiPolygon (holes excluded)."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        if polygon and _in_ring(lng, lat, polygon[0]) and not any(_in_ring(lng, lat, hole) for hole in polygon[1:]):
            return True
    return False


def location_problem(lat: float | None, lng: float | None, boundary: dict | None) -> str | None:
    """ "no_point", "outside" or None (fine, or no boundary to check against)."""
    if lat is None or lng is None:
        return "no_point"
    if boundary and not point_in_boundary(lat, lng, boundary):
        return "outside"
    return None
