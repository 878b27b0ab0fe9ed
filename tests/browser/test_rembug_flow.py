"""End to end on a 360-px phone: an RT chair writes three proposals with photos and a map point, holds the
Rembug, finalizes it and downloads the Berita Acara; the kelurahan operator then sees the list."""

import re

import pytest
from PIL import Image

from .conftest import axe_violations, login, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROPOSALS = [
    ("Paving gang Mawar", "JLN-01", "120"),
    ("Saluran Jl. Flamboyan", "DRN-01", "35"),
    ("Sumur resapan RT 001", "DRN-05", "2"),
]


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "lokasi.jpg"
    Image.new("RGB", (64, 48), (120, 160, 90)).save(path, "JPEG")
    return path


def write_proposal(page, title: str, code: str, volume: str, photo) -> None:
    page.goto("/usulan/")
    page.get_by_role("link", name="Tulis usulan baru").click()
    page.get_by_label("Judul usulan").fill(title)
    page.get_by_label("Masalah").fill("Warga mengeluhkan kondisi ini setiap musim hujan.")
    page.get_by_label("Gagasan").fill("Dikerjakan bersama warga dengan dukungan kota.")
    page.select_option("#id_item", value=_item_value(code))
    page.get_by_label("Volume").fill(volume)
    page.get_by_label("Lokasi / alamat").fill(f"{title}, RT 001 RW 03")
    page.wait_for_selector(".leaflet-interactive")  # the kelurahan boundary is drawn
    page.locator("#map").click()
    assert page.get_by_label("Lintang").input_value() != ""
    page.get_by_label("Foto dan dokumen").set_input_files(str(photo))
    page.get_by_role("button", name="Simpan usulan").click()
    page.wait_for_selector("text=tersimpan")


def _item_value(code: str) -> str:
    """The option value of a dictionary item (the page lists items by name; tests pick by code)."""
    from rembug.proposals.models import DictionaryItem

    return str(DictionaryItem.objects.get(city__code="35.73", code=code).pk)


def test_an_rt_chair_holds_a_rembug_on_a_phone_and_the_kelurahan_sees_it(phone, desk, demo, photo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(phone, "rt.lowokwaru")
    for title, code, volume in PROPOSALS:
        write_proposal(phone, title, code, volume, photo)
    assert phone.locator(".gallery img").count() == 1
    save_screenshot(phone, "proposal-detail-360")

    phone.goto("/usulan/")
    phone.get_by_role("link", name="Rembug dan daftar prioritas").click()
    phone.get_by_role("button", name="Buka Rembug").click()
    phone.get_by_label("Tanggal Rembug").fill("2026-12-01")
    phone.locator("#id_place").fill("Balai RW 03")
    phone.get_by_label("Pimpinan rapat").fill("Bu Siti Aminah")
    phone.get_by_label("Cara menyepakati urutan").fill("Musyawarah mufakat")
    phone.get_by_role("button", name="Simpan data Rembug").click()

    phone.get_by_role("link", name=re.compile(r"^Daftar hadir")).click()
    people = [
        ("Siti Aminah", "Perempuan", "Dewasa", "Tokoh masyarakat"),
        ("Rina", "Perempuan", "Pemuda", None),
        ("Pak Darmo", "Laki-laki", "Lansia", None),
        ("Bu Warsini", "Perempuan", "Dewasa", "Kelompok rentan"),
    ]
    for name, gender, age, group in people:
        phone.locator("#id_name").fill(name)
        phone.get_by_label(gender, exact=True).check()
        phone.select_option(
            "#id_age_group",
            label=next(o for o in phone.locator("#id_age_group option").all_inner_texts() if o.startswith(age)),
        )
        if group:
            phone.get_by_label(group, exact=True).check()
        phone.get_by_role("button", name="Catat hadir").click()
        phone.wait_for_selector(f"text={name} tercatat hadir")
    phone.locator("#id_difabel").fill("2")
    phone.get_by_role("button", name="Simpan jumlah").click()
    assert "Semua kelompok terwakili" in phone.content()
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="← Rembug RT 001").click()
    phone.get_by_role("button", name="Turunkan Paving gang Mawar").click()  # reorder with buttons, no dragging
    first = phone.locator(".order-list li").first.inner_text()
    assert "Saluran Jl. Flamboyan" in first
    for title, _, _ in PROPOSALS:
        phone.goto(phone.url.split("#")[0])
        phone.locator(".order-list li", has_text=title).get_by_role("link", name="Atur pendanaan").click()
        cost = int(phone.locator("text=biaya Rp").inner_text().split("Rp")[1].replace(".", "").replace(",", ""))
        phone.get_by_label("Swadaya (Rp)").fill("1000000")
        phone.get_by_label("APBD Kota (Rp)").fill(str(cost - 1_000_000))
        phone.get_by_role("button", name="Simpan pendanaan").click()
        phone.wait_for_selector("text=tersimpan")
    phone.get_by_role("link", name="Pilih delegasi").click()
    phone.get_by_label("Siti Aminah").check()
    phone.get_by_role("button", name="Simpan delegasi").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone) == []
    save_screenshot(phone, "rembug-360")
    phone.get_by_role("button", name="Tetapkan dan serahkan ke kelurahan").click()
    phone.wait_for_selector("text=Rembug ditetapkan")

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Unduh daftar usulan (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    pdf = phone.request.get(phone.get_by_role("link", name="Unduh Berita Acara (PDF)").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    assert phone.console_errors == []

    login(desk, "kel.lowokwaru")
    received = desk.locator("table", has_text="Pengusul").inner_text()
    assert "RT 001" in received and "RT 002" in received
