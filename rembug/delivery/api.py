"""Delivery in the REST API: activities of the RKPD and their progress reports — the same selectors, services and
rules as the pages. An activity the caller neither implements nor plans does not exist for them (404); a write the
process refuses answers with the service's message (400, 403 forbidden, 409 stage_closed / stale_version / frozen).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.agencies.lookups import AgencyNotMatched, agency_named
from rembug.agencies.models import Agency
from rembug.bounds import MAX_RUPIAH
from rembug.proposals.choices import FundingSource
from rembug.proposals.models import Proposal
from rembug.regions.models import Region

from .models import Activity, ActivityStatus, ProgressReport
from .selectors import activities_of_agency, activities_of_city, activity_detail, planned_cities
from .services import activity_plan, progress_report

# --- answers --------------------------------------------------------------------------------------------------------


class ProgressReportSerializer(serializers.ModelSerializer):
    photo = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "reported_on", "percent", "note", "photo", "actor", "created_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo(self, report: ProgressReport) -> str | None:
        if not report.photo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(report.photo_url) if request else report.photo_url

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, report: ProgressReport) -> str | None:
        return report.actor.display_name if report.actor else None


class ActivitySerializer(serializers.ModelSerializer):
    proposal = serializers.CharField(source="proposal.number", help_text="Nomor usulan.")
    proposal_title = serializers.CharField(source="proposal.title")
    proposal_status = serializers.CharField(source="proposal.status", help_text="Status usulan (lihat /proposals).")
    kelurahan = serializers.CharField(source="proposal.kelurahan.code")
    kelurahan_name = serializers.CharField(source="proposal.kelurahan.name")
    city = serializers.CharField(source="city.code")
    agency = serializers.CharField(source="agency.short_name", help_text="Perangkat daerah pelaksana.")
    agency_name = serializers.CharField(source="agency.name")
    funding_source = serializers.ChoiceField(FundingSource.choices)
    funding_source_label = serializers.CharField(source="get_funding_source_display")
    # A plain string: other endpoints already have an enum named "status".
    status = serializers.CharField(help_text="planned, in_progress atau done.")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Activity
        fields = [
            "id",
            "proposal",
            "proposal_title",
            "proposal_status",
            "kelurahan",
            "kelurahan_name",
            "city",
            "agency",
            "agency_name",
            "budget_year",
            "budget_amount",
            "funding_source",
            "funding_source_label",
            "starts_on",
            "ends_on",
            "percent_done",
            "status",
            "status_label",
            "version",
            "created_at",
            "updated_at",
        ]


class ActivityDetailSerializer(ActivitySerializer):
    reports = ProgressReportSerializer(many=True)

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "reports"]


# --- requests -------------------------------------------------------------------------------------------------------


class ActivityFilter(serializers.Serializer):
    city = serializers.CharField(
        required=False,
        max_length=40,
        help_text="Kode kota, mis. 35.73: semua kegiatan kota (khusus Bappeda). Tanpa kota: "
        "kegiatan perangkat daerah Anda.",
    )
    status = serializers.ChoiceField(ActivityStatus.values, required=False)


class PlanRequest(serializers.Serializer):
    proposal = serializers.CharField(max_length=40, help_text="Nomor usulan yang diakomodasi atau didanai kelurahan.")
    budget_amount = serializers.IntegerField(min_value=1, max_value=MAX_RUPIAH, help_text="Pagu kegiatan dalam rupiah.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    agency = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Nama resmi SIPD, singkatan, kode, alias atau id perangkat daerah pelaksana; bawaan: perangkat "
        "daerah usulan.",
    )
    funding_source = serializers.ChoiceField(FundingSource.choices, required=False)
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text="Wajib untuk mengubah rencana yang sudah ada: versi yang Anda baca."
    )


class ReportRequest(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text="Kemajuan 0–100; tidak boleh turun.")
    reported_on = serializers.DateField(help_text="Tanggal pengamatan; tidak boleh di masa depan.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    photo = serializers.FileField(required=False, help_text="Foto JPEG, PNG atau WebP, paling besar 8 MB.")
    version = serializers.IntegerField(help_text="Versi kegiatan yang Anda baca; versi usang ditolak (409).")


def _agency(value: str, *, city_id: int) -> Agency:
    try:
        return agency_named(value, city=city_id, allow_id=True)
    except AgencyNotMatched as error:
        raise serializers.ValidationError({"agency": error.message}) from error


def _detail(request, pk: int) -> Activity:
    activity = activity_detail(request.user, pk)
    if activity is None:
        raise NotFound(_("Kegiatan tidak ditemukan."))
    return activity


def _answer(request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(ActivityDetailSerializer(_detail(request, pk), context={"request": request}).data, status=code)


# --- endpoints ------------------------------------------------------------------------------------------------------


class ActivityListView(generics.ListAPIView):
    """The activities your agency implements, or (Bappeda, with ?city=) every activity of your city."""

    serializer_class = ActivitySerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[ActivityFilter], tags=["delivery"], summary="List activities")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = ActivityFilter(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        if given.get("city"):
            city_id = Region.objects.filter(code=given["city"]).values_list("pk", flat=True).first()
            return activities_of_city(self.request.user, city_id=city_id, status=given.get("status", ""))
        return activities_of_agency(self.request.user, status=given.get("status", ""))

    @extend_schema(
        request=PlanRequest,
        responses={200: ActivityDetailSerializer, 201: ActivityDetailSerializer},
        tags=["delivery"],
        summary="Plan an accommodated proposal's activity (Bappeda; again: update)",
    )
    def post(self, request):
        form = PlanRequest(data=request.data)
        form.is_valid(raise_exception=True)
        given = dict(form.validated_data)
        number = given.pop("proposal")
        proposal = Proposal.objects.filter(number=number, city_id__in=planned_cities(request.user)).first()
        if proposal is None:
            raise NotFound(_("Usulan %(number)s tidak ditemukan.") % {"number": number})
        agency = given.pop("agency", "")
        given["agency"] = _agency(agency, city_id=proposal.city_id) if agency else None
        existed = Activity.objects.filter(proposal=proposal).exists()
        activity = activity_plan(actor=request.user, proposal=proposal, **given)
        return _answer(request, activity.pk, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class ActivityDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ActivityDetailSerializer, tags=["delivery"], summary="An activity with its reports")
    def get(self, request, pk: int):
        return _answer(request, pk)


class ActivityReportView(APIView):
    """Report progress (percent, date, note, photo) as the implementing agency's verifier."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ReportRequest},
        responses={201: ActivityDetailSerializer},
        tags=["delivery"],
        summary="Report an activity's progress",
    )
    def post(self, request, pk: int):
        activity = _detail(request, pk)
        form = ReportRequest(data=request.data)
        form.is_valid(raise_exception=True)
        progress_report(actor=request.user, activity=activity, **form.validated_data)
        return _answer(request, pk, status.HTTP_201_CREATED)
