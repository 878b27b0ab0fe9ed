"""The conditions app in the REST API: the year's indicators, an RT/RW's survey answers, the gap per area and the
city priorities. Same services and rules as the pages; the planning year is named by its year, within the city of
the signed-in person."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.accounts.api import CITY_PARAM
from rembug.accounts.scopes import current_city_id
from rembug.cycles.models import PlanningCycle
from rembug.cycles.selectors import current_cycle
from rembug.proposals.choices import Category, Field
from rembug.regions.models import Region

from . import selectors, services
from .models import SCALE

TAGS = ["conditions"]
CYCLE_PARAM = OpenApiParameter(
    "cycle", int, required=False, description="Tahun perencanaan (mis. 2027); bawaan: tahun yang sedang berjalan."
)


# --- answers --------------------------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    field = serializers.ChoiceField(Field.choices)
    name = serializers.CharField()
    question = serializers.CharField()
    scale = serializers.ListField(child=serializers.CharField(), help_text="Lima uraian: 1 = sangat buruk … 5 = baik.")
    position = serializers.IntegerField()
    active = serializers.BooleanField()
    version = serializers.IntegerField()


class ResponseSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    field = serializers.CharField(source="indicator.field")
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(allow_blank=True)
    photo = serializers.SerializerMethodField()
    by = serializers.CharField(source="by.display_name", allow_null=True, default=None)
    at = serializers.DateTimeField()
    version = serializers.IntegerField()

    def get_photo(self, obj) -> str | None:
        if not obj.photo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(obj.photo_url) if request else obj.photo_url


class SurveySerializer(serializers.Serializer):
    region = serializers.CharField(help_text="Kode RT/RW.")
    cycle = serializers.IntegerField(help_text="Tahun perencanaan.")
    responses = ResponseSerializer(many=True)


class GapRowSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="Kode kelurahan atau kecamatan.")
    name = serializers.CharField()
    field = serializers.ChoiceField(Field.choices)
    mean_score = serializers.FloatField(allow_null=True)
    need = serializers.FloatField(allow_null=True, help_text="(5 − rata-rata skor) / 4, 0..1.")
    priority = serializers.FloatField(help_text="Bobot prioritas kota bidang ini / bobot terbesar, 0..1.")
    gap = serializers.FloatField(allow_null=True, help_text="need − priority.")
    proposed = serializers.FloatField(help_text="Porsi biaya usulan wilayah di bidang ini.")
    funded = serializers.FloatField(allow_null=True)
    repeat = serializers.FloatField(allow_null=True)
    responses = serializers.IntegerField()
    proposals = serializers.IntegerField()
    cost = serializers.IntegerField()
    flags = serializers.ListField(child=serializers.CharField())


class PrioritySerializer(serializers.Serializer):
    theme = serializers.CharField(max_length=200)
    weight = serializers.FloatField(min_value=0)
    fields = serializers.ListField(child=serializers.ChoiceField(Field.choices), required=False, default=list)
    categories = serializers.ListField(child=serializers.ChoiceField(Category.choices), required=False, default=list)
    source_note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class PriorityListSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(required=False, help_text="Versi daftar yang dimuat (0 bila belum ada).")
    priorities = PrioritySerializer(many=True)


# --- requests -------------------------------------------------------------------------------------------------------


class AnswerRequest(serializers.Serializer):
    indicator = serializers.CharField(help_text="Kode indikator.")
    score = serializers.IntegerField(min_value=min(SCALE), max_value=max(SCALE))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Versi jawaban yang dimuat, bila mengubah jawaban yang ada.",
    )


class SurveyRequest(serializers.Serializer):
    answers = AnswerRequest(many=True)


def _valid(form_class, data) -> dict:
    form = form_class(data=data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def _cycle(request) -> PlanningCycle:
    year = request.query_params.get("cycle")
    if year is not None and not year.isdigit():
        raise serializers.ValidationError({"cycle": _("Tahun perencanaan harus berupa angka.")})
    city_id = current_city_id(request, explicit=request.query_params.get("city"))
    cycle = None
    if city_id and year:
        cycle = selectors.cycle_of_year([city_id], int(year))
    elif city_id:
        cycle = current_cycle(city_id)
    if cycle is None:
        raise NotFound(_("Tahun perencanaan tidak ditemukan."))
    return cycle


def _survey_body(cycle: PlanningCycle, region: Region) -> dict:
    responses = sorted(selectors.responses_of(cycle, region).values(), key=lambda r: r.indicator.position)
    return SurveySerializer({"region": region.code, "cycle": cycle.year, "responses": responses}).data


def _priorities_body(cycle: PlanningCycle) -> dict:
    found = selectors.priorities_of(cycle)
    return {
        "cycle": cycle.year,
        "version": max((p.version for p in found), default=0),
        "priorities": PrioritySerializer(found, many=True).data,
    }


# --- endpoints ------------------------------------------------------------------------------------------------------


class IndicatorListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[CYCLE_PARAM, CITY_PARAM],
        responses=IndicatorSerializer(many=True),
        tags=TAGS,
        summary="The condition survey's indicators of a planning year, active or not (the default set from its start)",
    )
    def get(self, request):
        return Response(
            IndicatorSerializer(selectors.indicators_of(_cycle(request), active_only=False), many=True).data
        )


class SurveyView(APIView):
    permission_classes = [IsAuthenticated]

    def _surveyed(self, request, code: str) -> tuple[PlanningCycle, Region]:
        cycle = _cycle(request)
        region = selectors.surveyed_region(cycle, code)
        if region is None or not request.user.has_perm("conditions.enter_survey", region):
            raise NotFound(_("RT/RW tidak ditemukan."))
        return cycle, region

    @extend_schema(
        parameters=[CYCLE_PARAM, CITY_PARAM],
        responses=SurveySerializer,
        tags=TAGS,
        summary="An RT/RW's survey answers — its chair or its kelurahan's staff",
    )
    def get(self, request, code: str):
        cycle, region = self._surveyed(request, code)
        return Response(_survey_body(cycle, region))

    @extend_schema(
        parameters=[CYCLE_PARAM, CITY_PARAM],
        request=SurveyRequest,
        responses=SurveySerializer,
        tags=TAGS,
        summary="Answer (or change answers of) an RT/RW's survey while the Rembug stage is open",
    )
    def put(self, request, code: str):
        cycle, region = self._surveyed(request, code)
        given = _valid(SurveyRequest, request.data)
        services.survey_submit(
            actor=request.user,
            cycle=cycle,
            region=region,
            answers=[
                services.Answer(indicator=a["indicator"], score=a["score"], note=a["note"], version=a["version"])
                for a in given["answers"]
            ],
        )
        return Response(_survey_body(cycle, region))


class GapView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            CYCLE_PARAM,
            CITY_PARAM,
            OpenApiParameter("level", str, enum=list(selectors.LEVELS), required=False),
            OpenApiParameter("field", str, enum=list(Field.values), required=False),
        ],
        responses=GapRowSerializer(many=True),
        tags=TAGS,
        summary="The gap between neighbourhood conditions and city priorities, per area and field",
    )
    def get(self, request):
        cycle = _cycle(request)
        if not request.user.has_perm("conditions.view_gap", cycle):
            raise NotFound(_("Tahun perencanaan tidak ditemukan."))
        level = request.query_params.get("level", "kelurahan")
        if level not in selectors.LEVELS:
            raise serializers.ValidationError({"level": _("Tingkat harus kelurahan atau kecamatan.")})
        table = selectors.gap_table(
            cycle, level=level, sort="area", descending=False, only_field=request.query_params.get("field", "")
        )
        rows = [
            {**row.__dict__, "name": table.labels.get(row.area, row.area), "flags": list(row.flags)}
            for row in table.rows
        ]
        return Response(GapRowSerializer(rows, many=True).data)


class PriorityListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[CYCLE_PARAM, CITY_PARAM],
        responses=PriorityListSerializer,
        tags=TAGS,
        summary="The city's priorities (RPJMD/RKPD themes) of a planning year",
    )
    def get(self, request):
        cycle = _cycle(request)
        if not request.user.has_perm("conditions.view_gap", cycle):
            raise NotFound(_("Tahun perencanaan tidak ditemukan."))
        return Response(_priorities_body(cycle))

    @extend_schema(
        parameters=[CYCLE_PARAM, CITY_PARAM],
        request=PriorityListSerializer,
        responses=PriorityListSerializer,
        tags=TAGS,
        summary="Replace the year's city priorities (send the version you loaded) — Bappeda",
    )
    def put(self, request):
        cycle = _cycle(request)
        given = _valid(PriorityListSerializer, request.data)
        services.priorities_replace(
            actor=request.user,
            cycle=cycle,
            version=given.get("version"),
            priorities=[
                services.PriorityInput(
                    theme=p["theme"],
                    weight=p["weight"],
                    fields=p["fields"],
                    categories=p["categories"],
                    source_note=p["source_note"],
                )
                for p in given["priorities"]
            ],
        )
        return Response(_priorities_body(cycle))
