"""Proposals and the proposal dictionary in the REST API: the same services and rules as the pages.

A proposal the user may not view does not exist for them (404); one they may view but not change is refused by
the service (403). Every write answers with the proposal as it now is, with its new `version`.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.bounds import MAX_PEOPLE, MAX_RUPIAH
from rembug.proposals.lookups import cycle_named, proposer_named

from .api_fields import DeviationSerializer
from .attachments import attachment_add
from .choices import FundingSource
from .costs import proposal_deviation
from .lifecycle import Status
from .models import Attachment, AttachmentKind, DictionaryItem, FundingShare, Proposal, ProposalEvent
from .selectors import proposal_detail, proposal_list, proposals_visible_to, with_details
from .services import funding_set, proposal_carry_over, proposal_create, proposal_update, proposal_withdraw

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- answers ------------------------------------------------------------------------------------------------------


class ProposerSerializer(serializers.Serializer):
    """The proposer: an RT, an RW or the kelurahan itself (region code), or a Pokmas or lembaga (group id, with the
    region it belongs to), and its kind (the city's ProposerKind code)."""

    region = serializers.CharField(source="proposer_region.code")
    group = serializers.IntegerField(source="proposer_group_id", allow_null=True)
    kind = serializers.CharField(source="proposer_kind.code", allow_null=True, default=None)
    label = serializers.CharField(source="proposer_label")


class ItemRefSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.short_name")

    class Meta:
        model = DictionaryItem
        fields = ["id", "code", "name", "agency"]


class ProposalSummarySerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.year", help_text="Tahun perencanaan.")
    proposer = ProposerSerializer(source="*")
    kelurahan = serializers.CharField(source="kelurahan.code")
    kelurahan_name = serializers.CharField(source="kelurahan.name")
    status_label = serializers.CharField(source="get_status_display")
    field_label = serializers.CharField(source="get_field_display")
    item = ItemRefSerializer()
    volume_unit = serializers.CharField(source="unit", help_text="Satuan volume, dari daftar satuan kota.")

    class Meta:
        model = Proposal
        fields = [
            "number",
            "cycle",
            "proposer",
            "kelurahan",
            "kelurahan_name",
            "title",
            "status",
            "status_label",
            "field",
            "field_label",
            "item",
            "volume",
            "volume_unit",
            "unit_price",
            "estimated_cost",
            "funding_source",
            "times_proposed",
            "version",
            "updated_at",
        ]


class FundingShareSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_source_display")

    class Meta:
        model = FundingShare
        fields = ["source", "label", "amount"]


class AttachmentSerializer(serializers.ModelSerializer):
    # Addresses of the permission-checked file view (signed-in session or bearer token), never of MEDIA_URL.
    url = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "url", "thumbnail", "kind", "content_type", "size", "caption", "uploaded_at"]

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(serializers.URLField())
    def get_url(self, attachment: Attachment) -> str:
        return self._absolute(attachment.file_url)

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="A 320 px JPEG of a photo; null for a PDF."))
    def get_thumbnail(self, attachment: Attachment) -> str | None:
        return self._absolute(attachment.thumb_url) if attachment.kind == AttachmentKind.PHOTO else None


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else ""


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    from_status_label = serializers.SerializerMethodField()
    to_status_label = serializers.SerializerMethodField()

    class Meta:
        model = ProposalEvent
        fields = ["at", "actor", "kind", "from_status", "from_status_label", "to_status", "to_status_label", "reason"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event: ProposalEvent) -> str | None:
        return event.actor.display_name if event.actor else None

    def get_from_status_label(self, event: ProposalEvent) -> str:
        return _status_label(event.from_status)

    def get_to_status_label(self, event: ProposalEvent) -> str:
        return _status_label(event.to_status)


class ProposalDetailSerializer(ProposalSummarySerializer):
    cost_deviation = serializers.SerializerMethodField(
        help_text="Selisih anggaran dari volume × harga satuan kamus; null bila kamus tanpa harga."
    )
    funding = FundingShareSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    history = EventSerializer(source="events", many=True)
    previous = serializers.CharField(
        source="previous.number",
        allow_null=True,
        default=None,
        help_text="Nomor usulan tahun sebelumnya yang diusulkan kembali.",
    )

    class Meta(ProposalSummarySerializer.Meta):
        fields = [
            *ProposalSummarySerializer.Meta.fields,
            "problem",
            "idea",
            "address",
            "latitude",
            "longitude",
            "beneficiaries",
            "beneficiary_note",
            "community_contribution",
            "previous",
            "funding",
            "attachments",
            "history",
            "created_at",
            "cost_deviation",
        ]

    @extend_schema_field(DeviationSerializer(allow_null=True))
    def get_cost_deviation(self, proposal: Proposal) -> dict | None:
        found = proposal_deviation(proposal)
        return found.as_dict() if found else None


# --- requests -----------------------------------------------------------------------------------------------------


class ProposalFilter(serializers.Serializer):
    cycle = serializers.IntegerField(required=False, help_text="Tahun perencanaan, mis. 2027.")
    proposer = serializers.CharField(required=False, help_text="Kode wilayah RT/RW pengusul.")
    kelurahan = serializers.CharField(required=False, help_text="Kode kelurahan, mis. 35.73.05.1011.")
    status = serializers.ChoiceField(Status.choices, required=False)
    q = serializers.CharField(required=False, max_length=200, help_text="Nomor usulan atau kata dalam judul.")


class ProposalFieldsRequest(serializers.Serializer):
    """The fields a proposer writes; `item` is a dictionary item's id or its code in the proposal's city."""

    title = serializers.CharField(max_length=200)
    problem = serializers.CharField()
    idea = serializers.CharField()
    item = serializers.CharField(max_length=30, help_text="Id atau kode kegiatan kamus usulan.")
    volume = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    unit = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text="Satuan dari daftar satuan kota (m2 = m²); bawaan: satuan kegiatan. Satuan tak dikenal ditolak.",
    )
    estimated_cost = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_RUPIAH,
        help_text="Anggaran (Rp); bawaan volume × harga satuan kamus, wajib bila kegiatan tanpa harga satuan.",
    )
    address = serializers.CharField(max_length=255)
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    beneficiaries = serializers.IntegerField(required=False, min_value=0, max_value=MAX_PEOPLE)
    beneficiary_note = serializers.CharField(required=False, allow_blank=True, max_length=255)
    funding_source = serializers.ChoiceField(FundingSource.choices, required=False)
    community_contribution = serializers.IntegerField(required=False, min_value=0, max_value=MAX_RUPIAH)


class ProposalCreateRequest(ProposalFieldsRequest):
    cycle = serializers.IntegerField(required=False, help_text="Tahun perencanaan di kota pengusul, mis. 2027.")
    cycle_id = serializers.IntegerField(required=False, help_text="Atau: id siklus perencanaan.")
    proposer = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=40,
        help_text="Kode wilayah pengusul: RT, RW, atau kelurahan/desa itu sendiri.",
    )
    group = serializers.IntegerField(
        required=False, allow_null=True, help_text="Atau: id kelompok pengusul (Pokmas, LPMK, PKK, Karang Taruna, …)."
    )
    proposer_kind = serializers.SlugField(
        required=False,
        allow_blank=True,
        max_length=30,
        help_text="Kode jenis pengusul kota (mis. rt, kelurahan, pkk); jika diisi harus sesuai dengan pengusulnya.",
    )
    client_token = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Token sekali pakai: mengirim ulang token yang sama tidak membuat usulan kedua.",
    )

    def validate(self, attrs: dict) -> dict:
        proposer = proposer_named(attrs.pop("proposer", None), attrs.pop("group", None), field="proposer")
        city_id = proposer.city_id
        attrs["cycle"] = cycle_named(city_id, year=attrs.get("cycle"), pk=attrs.pop("cycle_id", None))
        attrs["proposer"] = proposer
        attrs["item"] = _item(attrs["item"], city_id=city_id)
        return attrs


class ProposalUpdateRequest(ProposalFieldsRequest):
    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "version"

    def validate(self, attrs: dict) -> dict:
        if "item" in attrs:
            attrs["item"] = _item(attrs["item"], city_id=self.context["proposal"].city_id)
        return attrs


class FundingRequest(serializers.Serializer):
    version = serializers.IntegerField()
    shares = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_RUPIAH),
        help_text='Sumber dana → rupiah, mis. {"swadaya": 1000000, "apbd_kota": ...}; '
        "jumlahnya harus sama dengan perkiraan biaya.",
    )


class WithdrawRequest(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class CarryOverRequest(serializers.Serializer):
    cycle = serializers.IntegerField(help_text="Tahun perencanaan tujuan, di kota yang sama.")
    client_token = serializers.UUIDField(required=False, allow_null=True)


# --- looking up what a request names ------------------------------------------------------------------------------


def _item(value: str, *, city_id: int) -> DictionaryItem:
    """A dictionary item of the city by its code, or by its id when no code matches."""
    items = DictionaryItem.objects.filter(city_id=city_id).select_related("agency")
    item = items.filter(code=value).first()
    if item is None and str(value).isdigit():
        item = items.filter(pk=int(value)).first()
    if item is None:
        raise serializers.ValidationError({"item": _("Pilih kegiatan dari kamus usulan kota ini.")})
    return item


def _visible(request, number: str) -> Proposal:
    proposal = proposals_visible_to(request.user).select_related("cycle", "item").filter(number=number).first()
    if proposal is None:
        raise NotFound(_("Usulan %(number)s tidak ditemukan.") % {"number": number})
    return proposal


def _answer(request, proposal: Proposal, code: int = status.HTTP_200_OK) -> Response:
    fresh = with_details(Proposal.objects.filter(pk=proposal.pk)).get()
    return Response(ProposalDetailSerializer(fresh, context={"request": request}).data, status=code)


# --- endpoints ----------------------------------------------------------------------------------------------------


class ProposalListView(generics.ListAPIView):
    """Proposals the signed-in user may view, newest numbering order, paginated."""

    serializer_class = ProposalSummarySerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[ProposalFilter], tags=["proposals"], summary="List the proposals you may view")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = ProposalFilter(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        return proposal_list(
            self.request.user,
            year=given.get("cycle"),
            proposer=given.get("proposer", ""),
            kelurahan=given.get("kelurahan", ""),
            status=given.get("status", ""),
            q=given.get("q", ""),
        )

    @extend_schema(
        request=ProposalCreateRequest,
        responses={201: ProposalDetailSerializer},
        tags=["proposals"],
        summary="Write a new proposal (idempotent with client_token)",
    )
    def post(self, request):
        form = ProposalCreateRequest(data=request.data)
        form.is_valid(raise_exception=True)
        proposal = proposal_create(actor=request.user, **form.validated_data)
        return _answer(request, proposal, status.HTTP_201_CREATED)


class ProposalDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=ProposalDetailSerializer,
        tags=["proposals"],
        summary="A proposal with its funding, attachments and history",
    )
    def get(self, request, number: str):
        proposal = proposal_detail(request.user, number)
        if proposal is None:
            raise NotFound(_("Usulan %(number)s tidak ditemukan.") % {"number": number})
        return Response(ProposalDetailSerializer(proposal, context={"request": request}).data)

    @extend_schema(
        request=ProposalUpdateRequest,
        responses=ProposalDetailSerializer,
        tags=["proposals"],
        summary="Edit a draft proposal (send the version you read)",
    )
    def patch(self, request, number: str):
        proposal = _visible(request, number)
        form = ProposalUpdateRequest(data=request.data, context={"proposal": proposal})
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        version = fields.pop("version")
        proposal = proposal_update(actor=request.user, proposal=proposal, version=version, **fields)
        return _answer(request, proposal)


class FundingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=FundingRequest,
        responses=ProposalDetailSerializer,
        tags=["proposals"],
        summary="Replace the funding plan (shares must add up to the cost)",
    )
    def put(self, request, number: str):
        proposal = _visible(request, number)
        form = FundingRequest(data=request.data)
        form.is_valid(raise_exception=True)
        funding_set(actor=request.user, proposal=proposal, **form.validated_data)
        return _answer(request, proposal)


class WithdrawView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=WithdrawRequest,
        responses=ProposalDetailSerializer,
        tags=["proposals"],
        summary="Withdraw a draft proposal, with a reason",
    )
    def post(self, request, number: str):
        proposal = _visible(request, number)
        form = WithdrawRequest(data=request.data)
        form.is_valid(raise_exception=True)
        proposal = proposal_withdraw(actor=request.user, proposal=proposal, reason=form.validated_data["reason"])
        return _answer(request, proposal)


class CarryOverView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CarryOverRequest,
        responses={201: ProposalDetailSerializer},
        tags=["proposals"],
        summary="Propose again, in a later year, a proposal that was not accommodated",
    )
    def post(self, request, number: str):
        previous = _visible(request, number)
        form = CarryOverRequest(data=request.data)
        form.is_valid(raise_exception=True)
        cycle = cycle_named(previous.city_id, year=form.validated_data["cycle"])
        proposal = proposal_carry_over(
            actor=request.user, previous=previous, cycle=cycle, client_token=form.validated_data.get("client_token")
        )
        return _answer(request, proposal, status.HTTP_201_CREATED)


class AttachmentUploadRequest(serializers.Serializer):
    file = serializers.FileField()
    caption = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AttachmentUploadView(APIView):
    """Add a photo (JPEG, PNG, WebP; 8 MB) or a PDF (5 MB) to a draft proposal; checked by content."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadRequest},
        responses={201: ProposalDetailSerializer},
        tags=["proposals"],
        summary="Attach a photo or document",
    )
    def post(self, request, number: str):
        proposal = _visible(request, number)
        form = AttachmentUploadRequest(data=request.data)
        form.is_valid(raise_exception=True)
        attachment_add(
            actor=request.user,
            proposal=proposal,
            upload=form.validated_data["file"],
            caption=form.validated_data.get("caption", ""),
        )
        return _answer(request, proposal, status.HTTP_201_CREATED)
