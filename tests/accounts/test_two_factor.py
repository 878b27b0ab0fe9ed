"""Two-step sign-in for staff: enrol an authenticator app, then a password alone opens nothing (web, admin, API)."""

import re
import time

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rembug.accounts import twofactor

pytestmark = pytest.mark.django_db

PASSWORD = "pw-rembug-123"


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the phone shows now (or `steps_ahead` periods later: a code is accepted once, then the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _enrolled(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get("/akun/dua-langkah/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/akun/dua-langkah/", {"code": _code(device)})
    assert response.status_code == 302
    client.logout()
    device.refresh_from_db()
    assert device.confirmed
    return device


def _password_step(client, username):
    return client.post("/masuk/", {"username": username, "password": PASSWORD, "next": "/dasbor/"})


@pytest.fixture
def planner(person):
    return person("bappeda", "35.73", username="planner-2fa")


def test_the_enrolment_page_shows_the_secret_and_a_qr_code_without_script(client, planner):
    client.force_login(planner)
    response = client.get("/akun/dua-langkah/")
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=planner, confirmed=False)
    assert twofactor.secret_text(device) in response.text
    assert re.search(r'<img src="data:image/svg\+xml[^"]+" alt="Kode QR', response.text)
    assert "<script" not in response.text.split("</header>")[1]
    # Coming back shows the same secret until it is confirmed.
    assert twofactor.secret_text(device) in client.get("/akun/dua-langkah/").text


def test_a_wrong_code_does_not_switch_two_steps_on(client, planner):
    client.force_login(planner)
    client.get("/akun/dua-langkah/")
    device = TOTPDevice.objects.get(user=planner)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/akun/dua-langkah/", {"code": wrong})
    assert response.status_code == 200
    assert "Kode salah" in response.text
    assert not twofactor.has_two_factor(planner)


def test_residents_roles_do_not_get_the_enrolment_page(client, person):
    client.force_login(person("ketua_rt", "35.73.05.1011.03.001"))
    assert client.get("/akun/dua-langkah/").status_code == 403


def test_an_agency_verifier_may_enrol(client, person):
    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    client.force_login(verifier)
    page = client.get("/akun/dua-langkah/")
    assert page.status_code == 200 and "data:image/svg+xml" in page.text
    assert list(TOTPDevice.objects.filter(user=verifier).values_list("confirmed", flat=True)) == [False]


def test_after_enrolment_the_password_alone_opens_nothing(client, planner):
    _enrolled(client, planner)
    response = _password_step(client, "planner-2fa")
    assert response.status_code == 302
    page = client.get("/dasbor/")
    assert page.status_code == 302
    assert page.url.startswith("/masuk/kode/")
    assert client.get("/api/v1/me").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused(client, planner):
    device = _enrolled(client, planner)
    _password_step(client, "planner-2fa")
    wrong = f"{(int(_code(device, 1)) + 1) % 1_000_000:06d}"
    response = client.post("/masuk/kode/", {"otp": wrong, "next": "/dasbor/"})
    assert response.status_code == 200
    assert "Kode verifikasi salah" in response.text
    assert client.get("/dasbor/").url.startswith("/masuk/kode/")


def test_the_right_code_opens_the_dashboard(client, planner):
    device = _enrolled(client, planner)
    _password_step(client, "planner-2fa")
    response = client.post("/masuk/kode/", {"otp": _code(device, 1), "next": "/dasbor/"})
    assert response.status_code == 302 and response.url == "/dasbor/"
    assert client.get("/dasbor/").status_code == 200


def test_a_used_code_cannot_be_replayed(client, planner):
    device = _enrolled(client, planner)
    _password_step(client, "planner-2fa")
    code = _code(device, 1)
    assert client.post("/masuk/kode/", {"otp": code}).status_code == 302
    client.logout()
    _password_step(client, "planner-2fa")
    assert client.post("/masuk/kode/", {"otp": code}).status_code == 200


def test_the_admin_refuses_an_unverified_session_of_a_user_with_a_device(client, planner):
    _enrolled(client, planner)
    client.force_login(planner)  # password accepted, no code yet
    assert client.get("/admin/").status_code == 302
    request = RequestFactory().get("/admin/")
    request.user = planner
    planner.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    planner.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_the_admin_login_asks_for_the_code_too(client, planner):
    device = _enrolled(client, planner)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "planner-2fa", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    index = client.get("/admin/")
    assert index.status_code == 302 and index.url.startswith("/masuk/kode/")
    client.post("/masuk/kode/", {"otp": _code(device, 1)})
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_device_sign_in_as_before(client, planner):
    assert _password_step(client, "planner-2fa").status_code == 302
    assert client.get("/dasbor/").status_code == 200


def test_the_api_token_needs_the_code_once_enrolled(client, planner):
    device = _enrolled(client, planner)

    def token(**extra):
        return client.post(
            "/api/v1/auth/token",
            {"username": "planner-2fa", "password": PASSWORD, **extra},
            content_type="application/json",
        )

    without = token()
    assert without.status_code == 400
    assert "otp" in without.json() and "token" not in without.json()
    wrong = token(otp=f"{(int(_code(device, 1)) + 1) % 1_000_000:06d}")
    assert wrong.status_code == 400 and "token" not in wrong.json()
    assert token(otp=_code(device, 1)).json()["otp"] == ["Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi."]
    device.refresh_from_db()
    device.throttle_reset()  # the wait after one wrong code (1 s, doubling with each) has passed
    right = token(otp=_code(device, 1))
    assert right.status_code == 200
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {right.json()['token']}").status_code == 200


def test_when_the_city_requires_it_staff_without_a_device_are_sent_to_enrol(client, planner, person, settings):
    settings.REMBUG_REQUIRE_2FA_FOR_STAFF = True
    _password_step(client, "planner-2fa")
    page = client.get("/dasbor/")
    assert page.status_code == 302 and page.url.startswith("/akun/dua-langkah/")
    assert "mewajibkan" in client.get("/akun/dua-langkah/").text
    assert (
        client.post(
            "/api/v1/auth/token", {"username": "planner-2fa", "password": PASSWORD}, content_type="application/json"
        ).status_code
        == 403
    )
    # Residents' roles are not asked.
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-free")
    other = client.__class__()
    other.post("/masuk/", {"username": "rt-free", "password": PASSWORD})
    assert other.get("/dasbor/").status_code == 200
