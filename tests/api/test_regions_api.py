"""GET /api/v1/regions?parent=<code>: a region's children, paginated, in a bounded number of queries."""

import pytest

pytestmark = pytest.mark.django_db


def test_kota_malang_has_five_kecamatan(client):
    response = client.get("/api/v1/regions", {"parent": "35.73"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert [r["name"] for r in body["results"]] == ["Blimbing", "Klojen", "Kedungkandang", "Sukun", "Lowokwaru"]
    assert body["results"][0] == {"code": "35.73.01", "name": "Blimbing", "level": "kecamatan"}


def test_blimbing_has_eleven_kelurahan(client):
    body = client.get("/api/v1/regions", {"parent": "35.73.01"}).json()
    assert body["count"] == 11
    assert {r["level"] for r in body["results"]} == {"kelurahan"}


def test_without_parent_the_provinces_are_listed(client):
    body = client.get("/api/v1/regions").json()
    assert [r["code"] for r in body["results"]] == ["35"]


def test_an_unknown_parent_is_a_404_naming_the_code(client):
    response = client.get("/api/v1/regions", {"parent": "99.99"})
    assert response.status_code == 404
    assert "99.99" in response.json()["detail"]


def test_long_lists_are_paginated(client):
    body = client.get("/api/v1/regions", {"parent": "35.73.05.1011.03", "page_size": 2}).json()
    # Lowokwaru: 104 RT over 15 RW, spread evenly → RW 03 has 7.
    assert body["count"] == 7 and len(body["results"]) == 2 and body["next"]


def test_the_query_count_does_not_grow_with_the_list(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/api/v1/regions", {"parent": "35.73.05", "page_size": 200})
