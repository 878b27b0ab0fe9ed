"""The Musrenbang checks locations: a point is needed, and it must lie inside its kelurahan."""

import json
from importlib import resources

from rembug.forums.locations import location_problem, point_in_boundary

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]],
}


def test_a_point_inside_the_ring_but_in_a_hole_is_outside():
    assert point_in_boundary(2, 2, SQUARE)  # (lat, lng) = (2, 2)
    assert not point_in_boundary(5, 5, SQUARE)  # in the hole
    assert not point_in_boundary(11, 5, SQUARE)


def test_each_kelurahan_centroid_lies_in_its_own_boundary_and_not_in_a_neighbours():
    data = json.loads(resources.files("rembug.regions").joinpath("data", "malang-kelurahan.geojson").read_text())
    features = {f["properties"]["code"]: f["geometry"] for f in data["features"]}
    dinoyo, tlogomas = features["35.73.05.1004"], features["35.73.05.1003"]
    import csv

    rows = {
        r["code"]: r
        for r in csv.DictReader(
            resources.files("rembug.regions").joinpath("data", "malang-wilayah.csv").open(encoding="utf-8")
        )
    }
    lat, lng = float(rows["35.73.05.1004"]["lat"]), float(rows["35.73.05.1004"]["lng"])
    assert point_in_boundary(lat, lng, dinoyo) and not point_in_boundary(lat, lng, tlogomas)


def test_a_missing_point_or_one_outside_is_named():
    assert location_problem(None, None, SQUARE) == "no_point"
    assert location_problem(11, 5, SQUARE) == "outside"
    assert location_problem(2, 2, SQUARE) is None
    assert location_problem(2, 2, None) is None
