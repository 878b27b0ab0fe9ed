"""The pages of the login protection on a phone: enrolling an authenticator, the code step, the locked-out page.

Each must pass axe-core, fit a 360-px screen and run under the strict CSP (the QR code is an image, no script).
"""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _check(page, problems: list[str]) -> None:
    problems += [f"{page.url}: {v}" for v in axe_violations(page)]
    if page.evaluate("document.documentElement.scrollWidth") > 360:
        problems.append(f"{page.url}: wider than the screen")


def test_a_planner_enrols_an_authenticator_and_signs_in_with_a_code(phone, demo):
    problems: list[str] = []
    login(phone, "bappeda")
    phone.goto("/akun/dua-langkah/")
    _check(phone, problems)
    device = TOTPDevice.objects.get(user__username="bappeda")
    phone.get_by_label("Kode dari aplikasi").fill(_code(device))
    phone.get_by_role("button", name="Aktifkan").click()
    phone.wait_for_load_state()
    assert "Verifikasi dua langkah aktif" in phone.content()

    phone.get_by_role("button", name="Keluar").first.click()
    phone.wait_for_url("**/")
    phone.goto("/masuk/")
    phone.get_by_label("Nama pengguna").fill("bappeda")
    phone.get_by_label("Sandi").fill("rembug-demo")
    phone.get_by_role("button", name="Masuk").last.click()
    phone.wait_for_url("**/masuk/kode/**")
    _check(phone, problems)
    phone.get_by_label("Kode verifikasi").fill(_code(device, 1))
    phone.get_by_role("button", name="Lanjut").click()
    phone.wait_for_url("**/dasbor/")
    assert problems == []
    assert phone.console_errors == []


def test_the_locked_out_page_is_accessible(phone, demo):
    problems: list[str] = []
    for _ in range(6):
        phone.goto("/masuk/")
        phone.get_by_label("Nama pengguna").fill("rt.lowokwaru")
        phone.get_by_label("Sandi").fill("salah")
        phone.get_by_role("button", name="Masuk").last.click()
        phone.wait_for_load_state()
    assert "Akun dikunci sementara" in phone.content()
    _check(phone, problems)
    assert problems == []
    # The 429 itself is the point here; nothing else may fail (no CSP violation).
    assert [e for e in phone.console_errors if "429" not in e] == []
