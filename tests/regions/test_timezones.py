"""Every region's time zone follows from its province code: WIB, WITA or WIT (UU 1987 / Keppres 41/1987)."""

import datetime

import pytest

from rembug.regions.timezones import zone_of


@pytest.mark.parametrize(
    ("code", "abbreviation", "zone"),
    [
        ("35.73", "WIB", "Asia/Jakarta"),  # Kota Malang, Jawa Timur
        ("35.73.05.1011.03.001", "WIB", "Asia/Jakarta"),  # any code below a city
        ("11.71", "WIB", "Asia/Jakarta"),  # Banda Aceh
        ("61.71", "WIB", "Asia/Jakarta"),  # Pontianak, Kalimantan Barat
        ("62.71", "WIB", "Asia/Jakarta"),  # Palangka Raya, Kalimantan Tengah
        ("51.71", "WITA", "Asia/Makassar"),  # Denpasar, Bali
        ("52.71", "WITA", "Asia/Makassar"),  # Mataram, NTB
        ("53.71", "WITA", "Asia/Makassar"),  # Kupang, NTT
        ("63.71", "WITA", "Asia/Makassar"),  # Banjarmasin, Kalimantan Selatan
        ("64.72", "WITA", "Asia/Makassar"),  # Samarinda, Kalimantan Timur
        ("65.71", "WITA", "Asia/Makassar"),  # Tarakan, Kalimantan Utara
        ("73.71", "WITA", "Asia/Makassar"),  # Makassar, Sulawesi Selatan
        ("75.71", "WITA", "Asia/Makassar"),  # Gorontalo
        ("76.01", "WITA", "Asia/Makassar"),  # Sulawesi Barat
        ("81.71", "WIT", "Asia/Jayapura"),  # Ambon, Maluku
        ("82.71", "WIT", "Asia/Jayapura"),  # Ternate, Maluku Utara
        ("91.71", "WIT", "Asia/Jayapura"),  # Jayapura, Papua
        ("96.71", "WIT", "Asia/Jayapura"),  # Sorong, Papua Barat Daya
    ],
)
def test_the_zone_of_a_region_follows_its_province(code, abbreviation, zone):
    found = zone_of(code)
    assert (found.abbreviation, found.key) == (abbreviation, zone)


def test_the_three_zones_are_seven_eight_and_nine_hours_ahead_of_utc():
    noon = datetime.datetime(2027, 1, 1, 12, tzinfo=datetime.UTC)
    assert [noon.astimezone(zone_of(c).info).hour for c in ("35.73", "51.71", "91.71")] == [19, 20, 21]
