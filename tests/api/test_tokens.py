"""API tokens end: after their lifetime, when revoked (one or all), and when the owner's password changes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken

from rembug.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "pw-rembug-123"


def _token(client, username: str) -> str:
    response = client.post(
        "/api/v1/auth/token", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def _me(client, token: str) -> int:
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_a_token_expires_after_the_configured_lifetime(client, person, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=2)}
    person("bappeda", "35.73", username="ttl-user")
    before = timezone.now()
    response = client.post(
        "/api/v1/auth/token", {"username": "ttl-user", "password": PASSWORD}, content_type="application/json"
    )
    expiry = AuthToken.objects.get(user__username="ttl-user").expiry
    assert response.json()["expiry"] is not None
    assert before + timedelta(hours=2) <= expiry <= timezone.now() + timedelta(hours=2)


def test_tokens_expire_by_default(settings):
    assert settings.REST_KNOX["TOKEN_TTL"] == timedelta(days=30)


def test_an_expired_token_is_refused(client, person):
    person("bappeda", "35.73", username="expired-user")
    token = _token(client, "expired-user")
    assert _me(client, token) == 200
    AuthToken.objects.filter(user__username="expired-user").update(expiry=timezone.now() - timedelta(seconds=1))
    assert _me(client, token) == 401


def test_logout_revokes_the_token_used_and_only_that_one(client, person):
    person("bappeda", "35.73", username="logout-user")
    laptop, phone = _token(client, "logout-user"), _token(client, "logout-user")
    response = client.post("/api/v1/auth/logout", HTTP_AUTHORIZATION=f"Bearer {laptop}")
    assert response.status_code == 204
    assert _me(client, laptop) == 401
    assert _me(client, phone) == 200


def test_logoutall_revokes_every_token_of_the_user(client, person):
    person("bappeda", "35.73", username="logoutall-user")
    person("bappeda", "35.73", username="bystander")
    laptop, phone = _token(client, "logoutall-user"), _token(client, "logoutall-user")
    other = _token(client, "bystander")
    assert client.post("/api/v1/auth/logoutall", HTTP_AUTHORIZATION=f"Bearer {phone}").status_code == 204
    assert _me(client, laptop) == 401
    assert _me(client, phone) == 401
    assert _me(client, other) == 200


def test_logout_without_a_token_is_refused(client):
    assert client.post("/api/v1/auth/logout").status_code == 401


def test_a_password_change_revokes_every_old_token(client, person):
    user = person("bappeda", "35.73", username="changer")
    first, second = _token(client, "changer"), _token(client, "changer")
    user.set_password("a-new-secret-456")
    user.save()
    assert _me(client, first) == 401
    assert _me(client, second) == 401


def test_a_password_set_in_the_admin_revokes_every_old_token(client, person):
    person("bappeda", "35.73", username="admin-changed")
    token = _token(client, "admin-changed")
    root = User.objects.create_superuser("root-pw", "root@example.org", "root-pw-123")
    admin = client.__class__()
    admin.force_login(root)
    target = User.objects.get(username="admin-changed")
    response = admin.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "a-new-secret-456", "password2": "a-new-secret-456", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert _me(client, token) == 401


def test_saving_a_user_without_changing_the_password_keeps_the_tokens(client, person):
    user = person("bappeda", "35.73", username="unchanged")
    token = _token(client, "unchanged")
    user.full_name = "Nama Baru"
    user.save()
    assert _me(client, token) == 200


def test_the_openapi_document_describes_logout(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/auth/logout"]
    assert "post" in paths["/api/v1/auth/logoutall"]


def test_revoking_a_token_starts_no_web_session(client, person):
    from django.contrib.sessions.models import Session

    person("bappeda", "35.73", username="no-session")
    token = _token(client, "no-session")
    one = client.post("/api/v1/auth/logout", HTTP_AUTHORIZATION=f"Bearer {token}")
    token = _token(client, "no-session")
    every = client.post("/api/v1/auth/logoutall", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "sessionid" not in one.cookies and "sessionid" not in every.cookies
    assert not Session.objects.exists()
