"""The Forum Perangkat Daerah in the REST API: an agency's queue, every level's recommendations, and the
verifier's decision — the same selectors, services and rules as the pages.

A proposal outside the verifier's agencies does not exist for them (404); a decision the process refuses answers
with the service's message (403 forbidden, 409 stage_closed / stale_version / not_awaiting_verification).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.agencies.lookups import AgencyNotMatched, agency_named
from rembug.agencies.models import Agency
from rembug.bounds import MAX_RUPIAH
from rembug.proposals.api_fields import DeviationSerializer
from rembug.proposals.choices import DecisionReason
from rembug.proposals.costs import proposal_deviation
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import AttachmentKind, Proposal

from . import services
from .models import Recommendation, RecommendationDecision
from .selectors import ALL, agency_proposal, agency_queue, recommendations_of, with_review_details

# --- answers --------------------------------------------------------------------------------------------------------


class RecommendationSerializer(serializers.ModelSerializer):
    # Plain strings (with their labels): other endpoints already have enums named "level" and "decision".
    level = serializers.CharField(help_text="kelurahan, kecamatan, bappeda, opd atau tapd.")
    level_label = serializers.CharField(source="get_level_display")
    agency = serializers.CharField(
        source="agency.short_name",
        allow_null=True,
        default=None,
        help_text="Perangkat daerah yang memberi rekomendasi (tingkat opd).",
    )
    to_agency = serializers.CharField(
        source="to_agency.short_name", allow_null=True, default=None, help_text="Tujuan pengalihan (keputusan reroute)."
    )
    decision = serializers.CharField(help_text="accept, reject, reroute, forward, fund_here atau not_accommodated.")
    decision_label = serializers.CharField(source="get_decision_display")
    reason = serializers.CharField(help_text="Kode alasan (kosong bila tidak ada).")
    reason_label = serializers.CharField(source="get_reason_display")
    actor = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "level",
            "level_label",
            "agency",
            "to_agency",
            "volume",
            "cost",
            "note",
            "decision",
            "decision_label",
            "reason",
            "reason_label",
            "reason_text",
            "actor",
            "at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, recommendation: Recommendation) -> str | None:
        return recommendation.actor.display_name if recommendation.actor else None


class QueueItemSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.year", help_text="Tahun perencanaan.")
    kelurahan = serializers.CharField(source="kelurahan.code")
    kelurahan_name = serializers.CharField(source="kelurahan.name")
    kecamatan = serializers.CharField(source="kelurahan.parent.code")
    kecamatan_name = serializers.CharField(source="kelurahan.parent.name")
    proposer = serializers.CharField(source="proposer_label")
    status = serializers.ChoiceField(Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    item = serializers.CharField(source="item.name", help_text="Kegiatan dari kamus usulan.")
    volume_unit = serializers.CharField(source="unit")
    routed_agency = serializers.CharField(
        source="routed_agency.short_name",
        allow_null=True,
        default=None,
        help_text="Perangkat daerah yang pertama dituju.",
    )
    final_agency = serializers.CharField(
        source="final_agency.short_name",
        allow_null=True,
        default=None,
        help_text="Perangkat daerah akhir setelah dialihkan.",
    )
    photos = serializers.SerializerMethodField()
    cost_deviation = serializers.SerializerMethodField(
        help_text="Selisih anggaran dari volume × harga satuan kamus (reference, difference, percent); "
        "null bila kamus tanpa harga."
    )

    class Meta:
        model = Proposal
        fields = [
            "number",
            "cycle",
            "title",
            "kelurahan",
            "kelurahan_name",
            "kecamatan",
            "kecamatan_name",
            "proposer",
            "status",
            "status_label",
            "item",
            "volume",
            "volume_unit",
            "unit_price",
            "estimated_cost",
            "cost_deviation",
            "times_proposed",
            "routed_agency",
            "final_agency",
            "photos",
            "version",
            "updated_at",
        ]

    @extend_schema_field(DeviationSerializer(allow_null=True))
    def get_cost_deviation(self, proposal: Proposal) -> dict | None:
        found = proposal_deviation(proposal)
        return found.as_dict() if found else None

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_photos(self, proposal: Proposal) -> list[str]:
        request = self.context.get("request")
        urls = [a.file_url for a in proposal.attachments.all() if a.kind == AttachmentKind.PHOTO]
        return [request.build_absolute_uri(u) for u in urls] if request else urls


class ReviewSerializer(QueueItemSerializer):
    recommendations = serializers.SerializerMethodField()

    class Meta(QueueItemSerializer.Meta):
        fields = [
            *QueueItemSerializer.Meta.fields,
            "problem",
            "idea",
            "address",
            "latitude",
            "longitude",
            "recommendations",
        ]

    @extend_schema_field(RecommendationSerializer(many=True))
    def get_recommendations(self, proposal: Proposal) -> list[dict]:
        return RecommendationSerializer(recommendations_of(proposal), many=True).data


# --- requests -------------------------------------------------------------------------------------------------------


class QueueFilter(serializers.Serializer):
    cycle = serializers.IntegerField(required=False, help_text="Tahun perencanaan, mis. 2027.")
    status = serializers.ChoiceField(
        [*Status.values, ALL],
        required=False,
        help_text="Bawaan: forwarded_opd (menunggu verifikasi); all: semua yang sampai di Forum Perangkat Daerah.",
    )
    kecamatan = serializers.CharField(required=False, max_length=40, help_text="Kode kecamatan, mis. 35.73.05.")


class VerifyRequest(serializers.Serializer):
    decision = serializers.ChoiceField(
        [RecommendationDecision.ACCEPT, RecommendationDecision.REJECT, RecommendationDecision.REROUTE],
        help_text="accept: terima; reject: tolak (alasan wajib); reroute: alihkan.",
    )
    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")
    volume = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, help_text="accept: rekomendasi volume."
    )
    cost = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_RUPIAH,
        help_text="accept: rekomendasi biaya (Rp); bawaan volume × harga satuan.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    reason = serializers.ChoiceField(
        DecisionReason.choices, required=False, allow_blank=True, help_text="reject: kode alasan (wajib)."
    )
    reason_text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="reject: uraian alasan (wajib untuk 'other'); reroute: alasan pengalihan (wajib).",
    )
    to_agency = serializers.CharField(
        required=False,
        max_length=200,
        help_text="reroute: nama resmi SIPD, singkatan, kode, alias atau id perangkat daerah tujuan di kota yang sama.",
    )


def _to_agency(value: str, *, city_id: int) -> Agency:
    try:
        return agency_named(value, city=city_id, allow_id=True)
    except AgencyNotMatched as error:
        raise serializers.ValidationError({"to_agency": error.message}) from error


def _not_found(number: str) -> NotFound:
    return NotFound(_("Usulan %(number)s tidak ditemukan.") % {"number": number})


# --- endpoints ------------------------------------------------------------------------------------------------------


class QueueView(generics.ListAPIView):
    """Proposals for the signed-in verifier's agencies, waiting for verification unless `status` says otherwise."""

    serializer_class = QueueItemSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[QueueFilter], tags=["verification"], summary="Your agency's verification queue")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = QueueFilter(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        queryset = agency_queue(self.request.user, status=given.get("status"), kecamatan=given.get("kecamatan", ""))
        if given.get("cycle"):
            queryset = queryset.filter(cycle__year=given["cycle"])
        return queryset


class RecommendationListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=RecommendationSerializer(many=True),
        tags=["verification"],
        summary="Every level's recommendations on a proposal",
    )
    def get(self, request, number: str):
        proposal = (
            Proposal.objects.select_related("proposer_region", "proposer_group", "item").filter(number=number).first()
        )
        if proposal is None or not request.user.has_perm("proposals.view_proposal", proposal):
            raise _not_found(number)
        return Response(RecommendationSerializer(recommendations_of(proposal), many=True).data)


class VerifyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=VerifyRequest,
        responses=ReviewSerializer,
        tags=["verification"],
        summary="Accept, reject (with a reason) or re-route a proposal (send the version you read)",
    )
    def post(self, request, number: str):
        proposal = agency_proposal(request.user, number)
        if proposal is None:
            raise _not_found(number)
        form = VerifyRequest(data=request.data)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        decision, version = given["decision"], given["version"]
        if decision == RecommendationDecision.ACCEPT:
            services.verify_accept(
                actor=request.user,
                proposal=proposal,
                version=version,
                volume=given.get("volume"),
                cost=given.get("cost"),
                note=given.get("note", ""),
            )
        elif decision == RecommendationDecision.REJECT:
            services.verify_reject(
                actor=request.user,
                proposal=proposal,
                version=version,
                reason=given.get("reason", ""),
                reason_text=given.get("reason_text", ""),
                note=given.get("note", ""),
            )
        else:
            if not given.get("to_agency"):
                raise serializers.ValidationError({"to_agency": _("Pilih perangkat daerah tujuan.")})
            services.verify_reroute(
                actor=request.user,
                proposal=proposal,
                version=version,
                to_agency=_to_agency(given["to_agency"], city_id=proposal.city_id),
                reason_text=given.get("reason_text", ""),
            )
        fresh = with_review_details(Proposal.objects.filter(pk=proposal.pk)).get()
        return Response(ReviewSerializer(fresh, context={"request": request}).data)
