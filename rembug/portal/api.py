"""Open data in the REST API: the same files as /portal/data/, public, streamed."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .opendata import DATASETS, FORMATS, export_response, parse_year

_FILTERS = [
    OpenApiParameter("region", str, description="Kode wilayah Kemendagri (kota, kecamatan, kelurahan atau RW)."),
    OpenApiParameter("year", int, description="Tahun perencanaan."),
]


_FILES = {
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, "application/json"): OpenApiTypes.OBJECT,
    (200, FORMATS["xlsx"]): OpenApiTypes.BINARY,
}


class OpenDataListView(APIView):
    """The datasets and their documented columns."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["open-data"],
        summary="List the open datasets with their columns",
        responses={
            200: inline_serializer(
                "OpenDataset",
                {
                    "dataset": serializers.CharField(),
                    "title": serializers.CharField(),
                    "description": serializers.CharField(),
                    "formats": serializers.ListField(),
                    "columns": serializers.ListField(child=serializers.DictField()),
                },
                many=True,
            )
        },
    )
    def get(self, request):
        return Response(
            [
                {
                    "dataset": d.slug,
                    "title": str(d.title),
                    "description": str(d.description),
                    "formats": list(FORMATS),
                    "columns": [{"name": c.name, "description": str(c.description), "type": c.kind} for c in d.columns],
                }
                for d in DATASETS.values()
            ]
        )


class OpenDataView(APIView):
    """One dataset as CSV or JSON (streamed) or XLSX; the format from the suffix or `?format=`."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def perform_content_negotiation(self, request, force=False):
        # `?format=csv|xlsx` names the file format here, not a DRF renderer: answer files ourselves.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        tags=["open-data"],
        operation_id="open_data_dataset",
        summary="Download an open dataset (usulan, riwayat-status, forum); ?format=csv|json|xlsx",
        parameters=[
            *_FILTERS,
            OpenApiParameter("format", str, enum=list(FORMATS), description="csv, json or xlsx (default json)."),
        ],
        responses=_FILES,
    )
    def get(self, request, dataset: str, fmt: str | None = None):
        fmt = fmt or request.query_params.get("format", "json")
        return export_response(
            dataset,
            fmt,
            region_code=request.query_params.get("region", ""),
            year=parse_year(request.query_params.get("year")),
        )


class OpenDataFileView(OpenDataView):
    """One dataset, the format named by the suffix: /open-data/usulan.csv, .json or .xlsx."""

    @extend_schema(
        tags=["open-data"],
        operation_id="open_data_file",
        parameters=_FILTERS,
        responses=_FILES,
        summary="Download an open dataset as <dataset>.<csv|json|xlsx>",
    )
    def get(self, request, dataset: str, fmt: str | None = None):
        return super().get(request, dataset, fmt)
