"""The city's proposal dictionary (kamus usulan) in the REST API: the public list of active items, and the whole
dictionary as Excel for Bappeda to download and upload (all or nothing, every bad cell listed).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.accounts.api import CITY_PARAM
from rembug.accounts.scopes import current_city
from rembug.regions.models import Region
from rembug.spreadsheets import upload_size_validator

from .dictionary import dictionary_export_xlsx, dictionary_import_file
from .models import DictionaryItem
from .selectors import dictionary_active

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DictionaryItemSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.short_name")
    agency_name = serializers.CharField(source="agency.name")
    field_label = serializers.CharField(source="get_field_display")
    category_label = serializers.CharField(source="get_category_display")

    class Meta:
        model = DictionaryItem
        fields = [
            "id",
            "code",
            "name",
            "field",
            "field_label",
            "category",
            "category_label",
            "agency",
            "agency_name",
            "unit",
            "unit_price",
            "authority",
            "nomenclature_code",
            "active_from",
            "active_until",
            "version",
        ]


class DictionaryFilter(serializers.Serializer):
    city = serializers.CharField(help_text="Kode kota/kabupaten, mis. 35.73.")
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Tahun perencanaan; tanpa tahun: kegiatan yang masih berlaku.",
    )
    q = serializers.CharField(required=False, max_length=200, help_text="Kode atau kata dalam nama kegiatan.")


class DictionaryListView(generics.ListAPIView):
    """The city's proposal dictionary (kamus usulan): public, so residents and apps can pick an item."""

    serializer_class = DictionaryItemSerializer
    permission_classes = [AllowAny]

    @extend_schema(parameters=[DictionaryFilter], tags=["dictionary"], summary="Active proposal dictionary items")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = DictionaryFilter(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        return dictionary_active(city=given["city"], year=given.get("year"), q=given.get("q", ""))


class DictionaryFileRequest(serializers.Serializer):
    file = serializers.FileField(
        help_text="The Excel file from GET /dictionary.xlsx, edited, or a SIPD kamus export (.xlsx, .csv or .json; "
        "columns matched by header name, unknown columns reported); 5 MB at most.",
        validators=[upload_size_validator],
    )


class DictionaryFileView(APIView):
    """The whole dictionary of the caller's city as Excel (GET), or replaced from Excel, all or nothing (POST)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    def _city(self, request) -> Region:
        city = current_city(request, explicit=request.query_params.get("city"))
        if city is None:
            raise NotFound(_("Akun ini tidak terikat pada kota/kabupaten mana pun."))
        return city

    @extend_schema(
        parameters=[CITY_PARAM],
        responses={(200, XLSX): OpenApiTypes.BINARY},
        tags=["dictionary"],
        summary="Download the proposal dictionary as XLSX",
    )
    def get(self, request):
        city = self._city(request)
        response = HttpResponse(dictionary_export_xlsx(city=city), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="kamus-usulan-{city.code}.xlsx"'
        return response

    @extend_schema(
        request={"multipart/form-data": DictionaryFileRequest},
        responses={
            200: inline_serializer(
                "DictionaryImportResult",
                {
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                    "terms_added": serializers.DictField(
                        child=serializers.IntegerField(), help_text="Istilah baru per daftar kota (urusan, program, …)."
                    ),
                    "unknown_columns": serializers.ListField(
                        child=serializers.CharField(), help_text="Kolom berkas yang tidak dikenal (diabaikan)."
                    ),
                    "detail": serializers.CharField(),
                },
            )
        },
        parameters=[CITY_PARAM],
        tags=["dictionary"],
        summary="Upload the dictionary from XLSX, CSV or a SIPD kamus JSON (Bappeda; every bad cell listed)",
    )
    def post(self, request):
        form = DictionaryFileRequest(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        result = dictionary_import_file(
            actor=request.user, city=self._city(request), file=upload, filename=getattr(upload, "name", "")
        )
        return Response(
            {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "terms_added": result.terms_added,
                "unknown_columns": result.unknown_columns,
                "detail": result.message,
            }
        )
