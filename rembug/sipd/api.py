"""SIPD in the REST API: a kelurahan's, kecamatan's or the city's list as SIPD's 26-column .xlsx (GET), and SIPD's
list imported by Bappeda or kelurahan staff, all or nothing, every bad cell listed (POST)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.accounts.api import CITY_PARAM
from rembug.accounts.scopes import assignments_of, current_city
from rembug.regions.models import Region
from rembug.spreadsheets import XLSX_CONTENT_TYPE, upload_size_validator

from .export import sipd_export, sipd_filename
from .selectors import EXPORTERS, sipd_regions
from .services import sipd_import

YEAR_PARAM = OpenApiParameter("year", int, required=True, description="Tahun perencanaan, mis. 2025.")


def _city(request) -> Region:
    among = {a.city_id for a in assignments_of(request.user) if a.role in EXPORTERS}
    city = current_city(request, among=among, explicit=request.query_params.get("city")) if among else None
    if city is None:
        raise NotFound(_("Akun ini tidak mengelola daftar usulan SIPD."))
    return city


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class SipdExportView(APIView):
    """The SIPD list of the caller's region (kelurahan, kecamatan, or the whole city for Bappeda) for one year."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[YEAR_PARAM, CITY_PARAM],
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
        tags=["sipd"],
        summary="Download a planning year's proposals in SIPD's 26 columns (XLSX)",
    )
    def get(self, request):
        city = _city(request)
        regions = sipd_regions(request.user, city)
        if not regions:
            raise NotFound(_("Akun ini tidak mengelola daftar usulan SIPD."))
        query = YearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        response = HttpResponse(sipd_export(city=city, year=year, regions=regions), content_type=XLSX_CONTENT_TYPE)
        where = regions[0] if len(regions) == 1 else city
        response["Content-Disposition"] = f'attachment; filename="{sipd_filename(year=year, region=where)}"'
        return response


class SipdImportRequest(serializers.Serializer):
    file = serializers.FileField(
        help_text="SIPD's usulan export (.xlsx, 5 MB at most).", validators=[upload_size_validator]
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Planning year of the list.")
    dry_run = serializers.BooleanField(default=False, help_text="Check and count only; write nothing.")


class SipdImportView(APIView):
    """Import SIPD's usulan list into a planning year (Bappeda: the city; kelurahan staff: their kelurahan)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": SipdImportRequest},
        responses={
            200: inline_serializer(
                "SipdImportResult",
                {
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                    "skipped": serializers.IntegerField(),
                    "cycle_created": serializers.BooleanField(),
                    "dry_run": serializers.BooleanField(),
                    "detail": serializers.CharField(),
                },
            )
        },
        parameters=[CITY_PARAM],
        tags=["sipd"],
        summary="Import SIPD's usulan list (all or nothing; every bad cell listed by row and column)",
    )
    def post(self, request):
        city = _city(request)
        form = SipdImportRequest(data=request.data)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        result = sipd_import(
            actor=request.user, city=city, year=given["year"], file=given["file"], dry_run=given["dry_run"]
        )
        return Response({**result.__dict__, "detail": result.message})
