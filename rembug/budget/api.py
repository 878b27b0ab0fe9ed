"""The budget fit in the REST API: a year's ceilings (pagu indikatif), runs of the fit and publishing them.

The same services and rules as the pages. Only Bappeda (or the city administrator) of the city sees any of it: for
anyone else the cycle, ceiling or run does not exist (404). Proposals are named by their number, regions by their
Kemendagri code and agencies by their short name, as elsewhere in the API.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.agencies.lookups import AgencyNotMatched, agency_named
from rembug.bounds import MAX_RUPIAH
from rembug.cycles.models import PlanningCycle
from rembug.proposals.choices import FundingSource
from rembug.regions.models import Region

from .models import Ceiling, CeilingKind, FitRun, FitStatus, ValueBasis
from .selectors import ceilings_of, fit_summary
from .services import MAX_TIME_LIMIT, ceiling_remove, ceiling_set, fit_publish, fit_run

TAGS = ["budget"]


# --- answers --------------------------------------------------------------------------------------------------------


class CeilingSerializer(serializers.ModelSerializer):
    key = serializers.CharField(help_text="kec:<kode>, kel:<kode>, opd:<singkatan>, src:<sumber dana>")
    label = serializers.CharField(help_text="Mis. Kelurahan Dinoyo, DPUPRPKP, APBD Kota.")
    region = serializers.CharField(
        source="region.code", allow_null=True, default=None, help_text="Kode Kemendagri kecamatan/kelurahan."
    )
    agency = serializers.CharField(source="agency.short_name", allow_null=True, default=None)

    class Meta:
        model = Ceiling
        fields = ["id", "cycle", "kind", "key", "label", "region", "agency", "source", "amount", "version"]


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="forced_out (dikeluarkan Bappeda), precedence (menunggu usulan di "
        "atasnya), ceiling (melebihi pagu), value (muat, nilai kalah)"
    )
    ceilings = serializers.ListField(child=serializers.CharField(), required=False)
    requires = serializers.ListField(child=serializers.CharField(), required=False)


class CeilingUsageSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(help_text="kec, kel, opd atau src")
    label = serializers.CharField()
    capacity = serializers.IntegerField()
    used = serializers.IntegerField(help_text="Terpakai oleh penyesuaian optimal.")
    greedy_used = serializers.IntegerField(help_text="Terpakai bila memakai aturan serakah.")
    remaining = serializers.IntegerField()
    greedy_remaining = serializers.IntegerField()
    funded = serializers.IntegerField()
    greedy_funded = serializers.IntegerField()
    candidates = serializers.IntegerField(help_text="Usulan yang dibatasi pagu ini.")
    demand = serializers.IntegerField(help_text="Jumlah biaya usulan yang dibatasi pagu ini.")


class FitItemSerializer(serializers.Serializer):
    number = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    kelurahan = serializers.CharField()
    kecamatan = serializers.CharField()
    agency = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True, help_text="Peringkat dalam Musrenbang Kecamatan.")
    list_size = serializers.IntegerField(allow_null=True)
    cost = serializers.IntegerField(help_text="Bagian APBD Kota (rupiah).")
    value = serializers.FloatField()
    groups = serializers.ListField(child=serializers.CharField())
    selected = serializers.BooleanField()
    greedy_selected = serializers.BooleanField()
    forced = serializers.ChoiceField(["", "in", "out"])
    reason = ReasonSerializer(allow_null=True)
    reason_text = serializers.CharField()
    greedy_reason_text = serializers.CharField()


class FitSummarySerializer(serializers.Serializer):
    run = serializers.IntegerField()
    cycle = serializers.IntegerField()
    year = serializers.IntegerField()
    budget_year = serializers.IntegerField()
    status = serializers.ChoiceField(FitStatus.choices)
    value_basis = serializers.ChoiceField(ValueBasis.choices)
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    optimal = serializers.BooleanField()
    gap = serializers.FloatField(allow_null=True)
    solver_status = serializers.CharField()
    forced_in = serializers.ListField(child=serializers.CharField())
    forced_out = serializers.ListField(child=serializers.CharField())
    objective = serializers.FloatField()
    greedy_objective = serializers.FloatField()
    gain = serializers.FloatField()
    candidates = serializers.IntegerField()
    funded = serializers.IntegerField()
    greedy_funded = serializers.IntegerField()
    cost = serializers.IntegerField()
    greedy_cost = serializers.IntegerField()
    ceilings = CeilingUsageSerializer(many=True)
    only_optimum = FitItemSerializer(many=True)
    only_greedy = FitItemSerializer(many=True)
    items = FitItemSerializer(many=True)


# --- requests -------------------------------------------------------------------------------------------------------


class CeilingRequest(serializers.Serializer):
    kind = serializers.ChoiceField(CeilingKind.choices)
    amount = serializers.IntegerField(min_value=0, max_value=MAX_RUPIAH)
    region = serializers.CharField(required=False, max_length=40, help_text="Kode kecamatan/kelurahan (kec, kel).")
    agency = serializers.CharField(
        required=False, max_length=200, help_text="Nama resmi SIPD, singkatan, kode atau alias perangkat daerah (opd)."
    )
    source = serializers.ChoiceField(FundingSource.choices, required=False, help_text="Sumber dana (src).")
    version = serializers.IntegerField(required=False, help_text="Versi yang dimuat, bila mengubah pagu yang ada.")


class CeilingUpdateRequest(serializers.Serializer):
    amount = serializers.IntegerField(min_value=0, max_value=MAX_RUPIAH)
    version = serializers.IntegerField()


class FitRunRequest(serializers.Serializer):
    value_basis = serializers.ChoiceField(ValueBasis.choices, default=ValueBasis.RANK)
    forced_in = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Nomor usulan yang dipaksa masuk."
    )
    forced_out = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Nomor usulan yang dikeluarkan."
    )
    time_limit = serializers.FloatField(required=False, default=10.0, min_value=0.1, max_value=MAX_TIME_LIMIT)


def _valid(form_class, data) -> dict:
    form = form_class(data=data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def _cycle(request, cycle_id: int) -> PlanningCycle:
    cycle = PlanningCycle.objects.select_related("city").prefetch_related("stages").filter(pk=cycle_id).first()
    if cycle is None or not request.user.has_perm("budget.manage_budget", cycle):
        raise NotFound(_("Tahun perencanaan tidak ditemukan."))
    return cycle


def _ceiling(request, ceiling_id: int) -> Ceiling:
    ceiling = (
        Ceiling.objects.select_related("cycle", "region", "agency")
        .prefetch_related("cycle__stages")
        .filter(pk=ceiling_id)
        .first()
    )
    if ceiling is None or not request.user.has_perm("budget.manage_budget", ceiling.cycle):
        raise NotFound(_("Pagu tidak ditemukan."))
    return ceiling


def _run(request, run_id: int) -> FitRun:
    run = FitRun.objects.select_related("cycle").prefetch_related("cycle__stages").filter(pk=run_id).first()
    if run is None or not request.user.has_perm("budget.manage_budget", run.cycle):
        raise NotFound(_("Penyesuaian pagu tidak ditemukan."))
    return run


def _target(cycle: PlanningCycle, given: dict) -> dict:
    """Region by code and agency by any of its names, of the cycle's city; the service checks the kind and level."""
    target: dict = {"source": given.get("source", "")}
    if given.get("region"):
        target["region"] = Region.objects.filter(code=given["region"], city_id=cycle.city_id).first()
        if target["region"] is None:
            raise serializers.ValidationError({"region": _("Wilayah tidak ditemukan di kota ini.")})
    if given.get("agency"):
        try:
            target["agency"] = agency_named(given["agency"], city=cycle.city_id)
        except AgencyNotMatched as error:
            raise serializers.ValidationError({"agency": error.message}) from error
    return target


def _summary(run: FitRun, code: int = status.HTTP_200_OK) -> Response:
    return Response(FitSummarySerializer(fit_summary(run)).data, status=code)


# --- endpoints ------------------------------------------------------------------------------------------------------


class CeilingListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=CeilingSerializer(many=True),
        tags=TAGS,
        summary="The indicative ceilings (pagu indikatif) of a planning year — Bappeda of the city",
    )
    def get(self, request, cycle_id: int):
        return Response(CeilingSerializer(ceilings_of(_cycle(request, cycle_id)), many=True).data)

    @extend_schema(
        request=CeilingRequest,
        responses={201: CeilingSerializer},
        tags=TAGS,
        summary="Set a ceiling (created, or its amount changed if the target has one) — Bappeda",
    )
    def post(self, request, cycle_id: int):
        cycle = _cycle(request, cycle_id)
        given = _valid(CeilingRequest, request.data)
        ceiling = ceiling_set(
            actor=request.user,
            cycle=cycle,
            kind=given["kind"],
            amount=given["amount"],
            version=given.get("version"),
            **_target(cycle, given),
        )
        return Response(CeilingSerializer(ceiling).data, status=status.HTTP_201_CREATED)


class CeilingDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CeilingUpdateRequest,
        responses=CeilingSerializer,
        tags=TAGS,
        summary="Change a ceiling's amount (optimistic: send the version you loaded) — Bappeda",
    )
    def put(self, request, ceiling_id: int):
        ceiling = _ceiling(request, ceiling_id)
        given = _valid(CeilingUpdateRequest, request.data)
        saved = ceiling_set(
            actor=request.user,
            cycle=ceiling.cycle,
            kind=ceiling.kind,
            amount=given["amount"],
            region=ceiling.region,
            agency=ceiling.agency,
            source=ceiling.source,
            version=given["version"],
        )
        return Response(CeilingSerializer(saved).data)

    @extend_schema(
        parameters=[OpenApiParameter("version", int, required=False)],
        responses={204: None},
        tags=TAGS,
        summary="Remove a ceiling — Bappeda",
    )
    def delete(self, request, ceiling_id: int):
        ceiling = _ceiling(request, ceiling_id)
        version = request.query_params.get("version")
        if version is not None and not version.isdigit():
            raise serializers.ValidationError({"version": _("Versi harus berupa angka.")})
        ceiling_remove(actor=request.user, ceiling=ceiling, version=int(version) if version else None)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FitRunListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=FitRunRequest,
        responses={201: FitSummarySerializer},
        tags=TAGS,
        summary="Run the fit of the verified proposals to the ceilings, beside the greedy rule "
        "(stage Musrenbang Kota open) — Bappeda",
    )
    def post(self, request, cycle_id: int):
        cycle = _cycle(request, cycle_id)
        given = _valid(FitRunRequest, request.data)
        run = fit_run(actor=request.user, cycle=cycle, **given)
        return _summary(run, status.HTTP_201_CREATED)


class FitRunDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=FitSummarySerializer,
        tags=TAGS,
        summary="A run: use of every ceiling, the greedy comparison and every proposal with its reason",
    )
    def get(self, request, run_id: int):
        return _summary(_run(request, run_id))


class FitRunPublishView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=FitSummarySerializer,
        tags=TAGS,
        summary="Publish the latest draft run: every proposal accommodated or not, with its reason",
    )
    def post(self, request, run_id: int):
        run = fit_publish(actor=request.user, run=_run(request, run_id))
        return _summary(run)
