"""Planning cycles and their stage windows in the REST API (Bappeda schedules, everyone reads)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import PlanningCycle, Stage
from .phases import StageKind
from .services import stage_schedule


class StageSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Stage
        fields = ["kind", "label", "opens_on", "closes_on", "version"]


class CycleSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.code")
    stages = StageSerializer(many=True)

    class Meta:
        model = PlanningCycle
        fields = ["id", "city", "year", "budget_year", "priority_quota", "stages"]


class CycleListView(generics.ListAPIView):
    """Planning years, newest first; `?city=35.73` for one kota/kabupaten."""

    serializer_class = CycleSerializer
    permission_classes = [AllowAny]  # planning years and their stage dates are announced to everyone

    @extend_schema(parameters=[OpenApiParameter("city", str, required=False)], tags=["cycles"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = PlanningCycle.objects.select_related("city").prefetch_related("stages")
        queryset = queryset.order_by("city__code", "-year")
        city = self.request.query_params.get("city")
        return queryset.filter(city__code=city) if city else queryset


class StageScheduleRequest(serializers.Serializer):
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    version = serializers.IntegerField(required=False, help_text="The version you read; a stale one is refused.")


class StageScheduleView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=StageScheduleRequest,
        responses=StageSerializer,
        tags=["cycles"],
        summary="Set a stage's open/close dates (Bappeda of the city)",
    )
    def put(self, request, cycle_id: int, kind: str):
        cycle = get_object_or_404(PlanningCycle.objects.prefetch_related("stages"), pk=cycle_id)
        if kind not in StageKind.values:
            return Response({"detail": f"Tahap tidak dikenal: {kind}."}, status=404)
        form = StageScheduleRequest(data=request.data)
        form.is_valid(raise_exception=True)
        stage = stage_schedule(actor=request.user, cycle=cycle, kind=kind, **form.validated_data)
        return Response(StageSerializer(stage).data)
