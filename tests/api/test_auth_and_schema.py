"""Token authentication for integrations and the OpenAPI document."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_token_is_issued_for_a_valid_login_and_works_as_bearer(client, person):
    person("bappeda", "35.73", username="planner")
    response = client.post(
        "/api/v1/auth/token", {"username": "planner", "password": "pw-rembug-123"}, content_type="application/json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["username"] == "planner"
    assert me.json()["roles"][0]["role"] == "bappeda"


def test_a_wrong_password_gets_no_token(client, person):
    person("bappeda", "35.73", username="planner2")
    response = client.post(
        "/api/v1/auth/token", {"username": "planner2", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_forged_bearer_token_is_refused(client):
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401


def test_the_openapi_document_describes_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/regions" in schema["paths"]
    assert "/api/v1/auth/token" in schema["paths"]


def test_the_interactive_docs_are_served(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert (
        '<div id="swagger-ui"></div>' in page.text and "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page.text
    )
