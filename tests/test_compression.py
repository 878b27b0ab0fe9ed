"""Text answers travel gzipped to a browser that accepts it; one-time secrets and binary files do not (issue 13
point 9; BREACH reasoning in docs/decisions/0025)."""

from __future__ import annotations

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_portal_page_is_sent_gzipped_to_a_browser_that_accepts_it(client, cycle):
    response = client.get("/portal/35.73.05.1011/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Lowokwaru" in gzip.decompress(response.content).decode()


def test_map_geojson_is_gzipped_and_much_smaller(client, cycle):
    plain = client.get("/portal/35.73/batas.geojson")
    packed = client.get("/portal/35.73/batas.geojson", **GZIP)
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert len(plain.json()["features"]) == 57
    assert len(packed.content) < 0.3 * len(plain.content)  # about 86 KB → 17 KB


def test_the_sign_in_page_with_its_secrets_is_never_compressed(client):
    response = client.get("/masuk/", **GZIP)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Content-Encoding" not in response


def test_a_spreadsheet_is_not_compressed_again(client, cycle):
    xlsx = client.get("/portal/data/usulan.xlsx", **GZIP)
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Content-Encoding" not in xlsx  # a zip already


def test_the_authenticator_key_page_is_never_compressed(client, person):
    client.force_login(person("bappeda", "35.73"))
    response = client.get("/akun/dua-langkah/", **GZIP)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Content-Encoding" not in response
    assert "Kunci (jika tidak bisa memindai)" in response.text  # the secret is on this page
