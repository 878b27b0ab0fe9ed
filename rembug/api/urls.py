"""The REST API, version 1. Each app contributes its endpoints from its own api.py."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from rembug.accounts import api as accounts_api
from rembug.cycles import api as cycles_api
from rembug.regions import api as regions_api

from .auth import TokenView

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # Swagger UI sets style attributes from its script; that page alone may use inline styles (never scripts).
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(
        url_name="api:schema")), name="docs"),
    path("auth/token", TokenView.as_view(), name="token"),
    path("me", accounts_api.MeView.as_view(), name="me"),
    path("regions", regions_api.RegionListView.as_view(), name="regions"),
    path("cycles", cycles_api.CycleListView.as_view(), name="cycles"),
    path("cycles/<int:cycle_id>/stages/<str:kind>", cycles_api.StageScheduleView.as_view(), name="stage-schedule"),
]
