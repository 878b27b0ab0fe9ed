"""Every main page, as the person who uses it, on a 360-px phone: no axe-core violation, nothing wider than
the screen, no console error (which would include a Content-Security-Policy violation)."""

import pytest

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    None: ["/", "/cari/?q=saluran", "/masuk/"],
    "rt.lowokwaru": [
        "/dasbor/",
        "/usulan/",
        "/kamus/",
        "/kotak-masuk/",
        "/kondisi/",
        "/kondisi/survei/35.73.05.1011.03.001/",
    ],
    "kel.lowokwaru": ["/dasbor/", "/usulan/", "/rembug/kertas/", "/rembug/forum/35.73.05.1011/"],
    "opd.pupr": ["/verifikasi/"],
    "bappeda": [
        "/pemeringkatan/kriteria/",
        "/kamus/",
        "/kondisi/kesenjangan/",
        "/kondisi/peta/",
        "/pagu/",
        "/panduan/",
    ],
}


@pytest.mark.parametrize("who", list(PAGES))
def test_main_pages_are_accessible_on_a_phone(phone, demo, who):
    if who:
        login(phone, who)
    problems = []
    for path in PAGES[who]:
        phone.goto(path)
        for violation in axe_violations(phone):
            problems.append(f"{path}: {violation}")
        if phone.evaluate("document.documentElement.scrollWidth") > 360:
            problems.append(f"{path}: wider than the screen")
    assert problems == []
    assert phone.console_errors == []
