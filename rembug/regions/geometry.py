"""Boundaries light enough for a phone: Douglas-Peucker simplification and rounded coordinates, in pure Python.

The stored boundaries keep every vertex of their source (17 significant digits, sub-millimetre); a city map
on a phone needs neither. At the default tolerance (about 3 m) and 5 decimals (about 1 m) Kota Malang's 57
kelurahan fall from 144 KB to about a third of it, with no visible change at street zoom. No Django here.
"""

from __future__ import annotations

from typing import Any

Point = list[float]
Ring = list[Point]

#: About 3 m at Indonesia's latitudes: well under a screen pixel at the zoom levels of a kelurahan map.
TOLERANCE = 0.00003
#: About 1 m; more digits only describe the survey's noise.
DIGITS = 5


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """Distance (in degrees, planar: fine over a city) from p to the segment a-b."""
    (px, py), (ax, ay), (bx, by) = p[:2], a[:2], b[:2]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def simplify_line(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest points of the line that stay within tolerance of every dropped one."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:  # iterative: a long ring would pass Python's recursion limit
        first, last = stack.pop()
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Ring, tolerance: float = TOLERANCE) -> Ring:
    """A closed ring simplified, still closed, with at least three corners (else the ring as it was)."""
    if len(ring) <= 4:
        return list(ring)
    closed = ring[0] == ring[-1]
    body = ring[:-1] if closed else list(ring)
    # A closed ring has no baseline (its ends coincide): split it at the point farthest from its start.
    far = max(range(len(body)), key=lambda i: (body[i][0] - body[0][0]) ** 2 + (body[i][1] - body[0][1]) ** 2)
    first = simplify_line(body[: far + 1], tolerance)
    second = simplify_line([*body[far:], body[0]], tolerance)
    result = first[:-1] + second
    if len(result) < 4:
        return list(ring) if closed else [*ring, ring[0]]
    return result


def _round(ring: Ring, digits: int) -> Ring:
    rounded: Ring = []
    for x, y, *_ in ring:
        point = [round(x, digits), round(y, digits)]
        if not rounded or rounded[-1] != point:  # rounding may merge neighbours
            rounded.append(point)
    return rounded


def simplify_geometry(geometry: dict[str, Any] | None, tolerance: float = TOLERANCE, digits: int = DIGITS):
    """A GeoJSON Polygon or MultiPolygon with every ring simplified and its coordinates rounded; others as given."""
    if not geometry:
        return geometry

    def polygon(rings: list[Ring]) -> list[Ring]:
        return [simplify_ring(_round(ring, digits), tolerance) for ring in rings]

    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [polygon(rings) for rings in geometry["coordinates"]]}
    return geometry
