"""Boundaries are simplified for the map: every ring stays closed, every kelurahan keeps its centre inside, and
the city's GeoJSON gets much lighter (issue 13 point 9)."""

from __future__ import annotations

import itertools
import json

import pytest

from rembug.regions.geometry import simplify_geometry, simplify_line, simplify_ring
from rembug.regions.models import Level, Region


def _inside(x: float, y: float, ring: list) -> bool:
    """Ray casting: is the point inside the ring?"""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def test_a_bump_within_the_tolerance_is_dropped_and_a_corner_beyond_it_is_kept():
    line = [[0, 0], [1, 0.00001], [2, 0], [3, 1], [4, 0]]
    assert simplify_line(line, 0.0001) == [[0, 0], [2, 0], [3, 1], [4, 0]]


def test_a_square_ring_with_points_along_its_sides_keeps_its_four_corners_and_stays_closed():
    ring = [[0, 0], [0.5, 0], [1, 0], [1, 0.5], [1, 1], [0.5, 1], [0, 1], [0, 0.5], [0, 0]]
    assert simplify_ring(ring, 0.01) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def test_a_triangle_is_never_simplified_away():
    ring = [[0, 0], [1, 0], [0, 1], [0, 0]]
    assert simplify_ring(ring, 10) == ring


@pytest.mark.django_db
def test_every_malang_kelurahan_stays_closed_keeps_its_centre_and_gets_lighter():
    villages = list(Region.objects.filter(code__startswith="35.73.", level=Level.KELURAHAN, boundary__isnull=False))
    assert len(villages) == 57
    before = after = centres = 0
    for village in villages:
        simple = simplify_geometry(village.boundary)
        before += len(json.dumps(village.boundary))
        after += len(json.dumps(simple))
        for rings in _polygons(simple):
            for ring in rings:
                assert ring[0] == ring[-1] and len(ring) >= 4, village.name
        if village.latitude is None:
            continue
        was_inside = any(_inside(village.longitude, village.latitude, p[0]) for p in _polygons(village.boundary))
        is_inside = any(_inside(village.longitude, village.latitude, p[0]) for p in _polygons(simple))
        assert is_inside == was_inside, village.name
        centres += is_inside
    assert centres >= 50  # the proof holds for (nearly) every kelurahan, not for none
    assert after < 0.6 * before  # 144 KB of coordinates become about 84 KB
