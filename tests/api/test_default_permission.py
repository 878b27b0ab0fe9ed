"""Every API endpoint asks who is calling unless it is public on purpose (issue 9, "Proof of trust", hole 10d).

The default is IsAuthenticated, so an endpoint added tomorrow without a thought is closed, not open for reading;
the public ones (token, schema and docs, regions, planning years, the dictionary, open data) say AllowAny.
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import URLPattern, include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.api import urls as api_urls

#: Route name → why it is public. Everything else must answer an anonymous caller 401.
PUBLIC = {
    "token": "the way in",
    "schema": "the API's description, for integrators",
    "docs": "the same, readable",
    "regions": "the Kemendagri region tree is public data",
    "cycles": "planning years and their stage dates are announced publicly",
    "dictionary": "residents and apps pick a proposal item before signing in",
    "open-data": "open data (portal)",
    "open-data-file": "open data (portal)",
    "open-data-dataset": "open data (portal)",
}

#: Example values for the URL parameters, so each route can be called.
EXAMPLES = {"int": 999999, "string": "x", "slug": "usulan"}
PUBLIC_EXAMPLES = {"open-data-file": {"dataset": "usulan", "fmt": "csv"}, "open-data-dataset": {"dataset": "usulan"}}
PUBLIC_QUERIES = {"dictionary": {"city": "35.73"}}


def api_routes() -> list[URLPattern]:
    return [p for p in api_urls.urlpatterns if isinstance(p, URLPattern)]


def view_class(pattern: URLPattern):
    return getattr(pattern.callback, "cls", None) or pattern.callback.view_class


def example_url(pattern: URLPattern, kwargs: dict | None = None) -> str:
    from django.urls import reverse

    converters = {
        name: type(c).__name__.removesuffix("Converter").lower() for name, c in pattern.pattern.converters.items()
    }
    given = kwargs or {name: EXAMPLES[kind] for name, kind in converters.items()}
    return reverse(f"api:{pattern.name}", kwargs=given)


def test_every_public_route_is_named_here_and_says_allow_any():
    names = {p.name for p in api_routes()}
    assert set(PUBLIC) <= names
    for pattern in api_routes():
        if pattern.name in PUBLIC:
            assert AllowAny in view_class(pattern).permission_classes, pattern.name


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", [p for p in api_routes() if p.name not in PUBLIC], ids=lambda p: p.name)
def test_an_anonymous_caller_is_asked_to_authenticate(client, pattern):
    view = view_class(pattern)
    method = "get" if hasattr(view, "get") else next(m for m in ("post", "put", "patch", "delete") if hasattr(view, m))
    response = getattr(client, method)(example_url(pattern))
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(PUBLIC) - {"token"}))
def test_a_public_route_answers_an_anonymous_caller(client, name):
    pattern = next(p for p in api_routes() if p.name == name)
    response = client.get(example_url(pattern, PUBLIC_EXAMPLES.get(name)), PUBLIC_QUERIES.get(name, {}))
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_the_token_route_answers_a_wrong_password_without_asking_for_a_token(client):
    response = client.post("/api/v1/auth/token", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 400


class Forgotten(APIView):
    """An endpoint whose author forgot permission_classes."""

    def get(self, request):
        return Response({"secret": "anggaran"})


urlpatterns = [path("api/v1/forgotten", Forgotten.as_view()), path("", include("rembug.urls"))]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_endpoint_without_permission_classes_is_closed_by_default(client):
    response = client.get("/api/v1/forgotten")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "anggaran" not in response.content.decode()
