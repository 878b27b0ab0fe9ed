"""Guessing passwords: after a few failures a username is locked for the guessing address, on every way in.

The count lives in the database (shared by every gunicorn worker) and X-Forwarded-For is only believed behind
the configured number of trusted proxies, so rotating that header does not reset the count.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from rembug.accounts.security import SharedScopedRateThrottle

pytestmark = pytest.mark.django_db

PASSWORD = "pw-rembug-123"
GUESSES = 40


def _web_login(client, username, password, **headers):
    return client.post("/masuk/", {"username": username, "password": password}, **headers)


def _admin_login(client, username, password, **headers):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **headers)


def _api_login(client, username, password, **headers):
    return client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json", **headers
    )


def _pass_the_cooloff():
    """Travel past the cool-off: every recorded failure happened long enough ago."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=1))


def test_forty_wrong_passwords_lock_the_web_login_even_for_the_right_one(client, person):
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-guessed")
    for _ in range(GUESSES):
        _web_login(client, "rt-guessed", "salah")
    response = _web_login(client, "rt-guessed", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Akun dikunci sementara" in response.text
    assert "15 menit" in response.text
    assert '<html lang="id">' in response.text  # inside the site's layout


def test_the_web_login_opens_again_after_the_cooloff(client, person):
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-waits")
    for _ in range(GUESSES):
        _web_login(client, "rt-waits", "salah")
    assert _web_login(client, "rt-waits", PASSWORD).status_code == 429
    _pass_the_cooloff()
    response = _web_login(client, "rt-waits", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_the_failure_limit_is_configurable(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 2
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-strict")
    _web_login(client, "rt-strict", "salah")
    _web_login(client, "rt-strict", "salah")
    assert _web_login(client, "rt-strict", PASSWORD).status_code == 429


def test_a_few_mistakes_below_the_limit_do_not_lock(client, person):
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-typo")
    for _ in range(4):
        assert _web_login(client, "rt-typo", "salah").status_code == 200
    assert _web_login(client, "rt-typo", PASSWORD).status_code == 302


def test_the_lock_is_per_address_so_others_can_still_sign_in(client, person):
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-shared")
    for _ in range(GUESSES):
        _web_login(client, "rt-shared", "salah", REMOTE_ADDR="203.0.113.9")
    assert _web_login(client, "rt-shared", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_forty_wrong_passwords_lock_the_admin_login(client, person):
    person("bappeda", "35.73", username="planner-guessed")
    for _ in range(GUESSES):
        _admin_login(client, "planner-guessed", "salah")
    response = _admin_login(client, "planner-guessed", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    _pass_the_cooloff()
    assert _admin_login(client, "planner-guessed", PASSWORD).status_code == 302


@pytest.fixture
def no_api_throttle(monkeypatch):
    """Lift the per-minute API throttle, to see the lockout itself (DRF reads the rates once, at import)."""
    monkeypatch.setattr(SharedScopedRateThrottle, "THROTTLE_RATES", {"login": "1000/minute"})


def test_forty_wrong_passwords_lock_the_api_token_endpoint(client, person, no_api_throttle):
    person("bappeda", "35.73", username="api-guessed")
    for _ in range(GUESSES):
        _api_login(client, "api-guessed", "salah")
    response = _api_login(client, "api-guessed", PASSWORD)
    assert response.status_code == 429
    assert "token" not in response.json()
    assert response.json()["detail"].startswith("Terlalu banyak percobaan masuk yang gagal")
    _pass_the_cooloff()
    assert _api_login(client, "api-guessed", PASSWORD).status_code == 200


def test_a_right_password_on_the_api_clears_the_earlier_failures(client, person, no_api_throttle):
    person("bappeda", "35.73", username="api-typo")
    for _ in range(4):
        _api_login(client, "api-typo", "salah")
    assert _api_login(client, "api-typo", PASSWORD).status_code == 200
    for _ in range(4):
        _api_login(client, "api-typo", "salah")
    assert _api_login(client, "api-typo", PASSWORD).status_code == 200


def test_failures_on_the_api_and_the_web_add_up(client, person, settings):
    person("bappeda", "35.73", username="both-ways")
    for _ in range(3):
        _api_login(client, "both-ways", "salah")
    for _ in range(2):
        _web_login(client, "both-ways", "salah")
    assert _web_login(client, "both-ways", PASSWORD).status_code == 429


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(client, person, settings):
    settings.REMBUG_TRUSTED_PROXIES = 0
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-spoofer")
    for n in range(GUESSES):
        _web_login(client, "rt-spoofer", "salah", HTTP_X_FORWARDED_FOR=f"10.1.{n}.{n}")
    response = _web_login(client, "rt-spoofer", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_one_trusted_proxy_the_address_it_saw_is_used(client, person, settings):
    settings.REMBUG_TRUSTED_PROXIES = 1
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-proxied")
    # The client forges a first hop; the proxy appends the real address, which is the one counted.
    for n in range(GUESSES):
        _web_login(
            client, "rt-proxied", "salah", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 203.0.113.5"
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert (
        _web_login(
            client, "rt-proxied", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
        ).status_code
        == 429
    )
    # Another person behind the same proxy is not locked out.
    assert (
        _web_login(
            client, "rt-proxied", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20"
        ).status_code
        == 302
    )


def test_the_api_throttle_counts_in_the_database_shared_by_all_workers(client):
    from django.db import connection

    for _ in range(10):
        _api_login(client, "nobody", "salah")
    response = _api_login(client, "nobody", "salah")
    assert response.status_code == 429
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM rembug_throttle_cache")
        assert cursor.fetchone()[0] >= 1


def test_a_forged_x_forwarded_for_does_not_escape_the_api_throttle(client):
    for n in range(10):
        _api_login(client, f"nobody{n}", "salah", HTTP_X_FORWARDED_FOR=f"10.2.{n}.1")
    response = _api_login(client, "nobody-else", "salah", HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429
