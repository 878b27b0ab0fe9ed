"""The Rembug in the REST API: open it, record attendance, agree the order, elect delegates, finalize, revise,
and download its Berita Acara. The same services and rules as the pages.

A meeting the user may not view does not exist for them (404). Attendee names are personal data (UU 27/2022):
only those who hold the meeting (its chair, kelurahan staff) read them; other viewers get counts by group.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.proposals.lookups import cycle_named, region_or_pokmas_named

from .decisions import meeting_finalize, meeting_revise
from .models import (
    AgeGroup,
    Attendee,
    DelegateMandate,
    Gender,
    Meeting,
    MeetingItem,
    MeetingStatus,
    OfficialCategory,
    Stakeholder,
)
from .selectors import meeting_attendee, meeting_list, meeting_visible
from .services import (
    attendance_counts_set,
    attendee_add,
    attendee_remove,
    delegate_set,
    inclusion_of,
    may_hold,
    meeting_open,
    meeting_update,
)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- reads ----------------------------------------------------------------------------------------------------------


def meeting_or_404(request, meeting_id: int, *, details: bool = False) -> Meeting:
    meeting = meeting_visible(request.user, meeting_id, details=details)
    if meeting is None:
        raise NotFound(_("Rembug tidak ditemukan."))
    return meeting


def _may_read_names(user, meeting: Meeting) -> bool:
    """Those who hold the meeting (its chair, kelurahan staff) keep the attendance list; others see counts."""
    return may_hold(user, meeting)


# --- answers --------------------------------------------------------------------------------------------------------


class HolderSerializer(serializers.Serializer):
    """Who holds the forum: an RT, RW, kelurahan or kecamatan (region code), or a Pokmas (group id, with its region)."""

    region = serializers.CharField(source="holder_region.code")
    group = serializers.IntegerField(source="holder_group_id", allow_null=True)
    label = serializers.CharField(source="holder_label")


class MeetingSummarySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    cycle = serializers.IntegerField(source="cycle.year", help_text="Tahun perencanaan.")
    holder = HolderSerializer(source="*")
    kelurahan = serializers.CharField(
        source="kelurahan.code", allow_null=True, help_text="Kode kelurahan; kosong (null) untuk Musrenbang Kecamatan."
    )
    status_label = serializers.CharField(source="get_status_display")
    item_count = serializers.IntegerField(
        read_only=True, default=None, allow_null=True, help_text="Jumlah usulan dalam daftar."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "kind_label",
            "cycle",
            "holder",
            "kelurahan",
            "number",
            "held_on",
            "starts_at",
            "place",
            "chair_name",
            "status",
            "status_label",
            "revision",
            "revision_of",
            "finalized_at",
            "item_count",
            "version",
        ]


class MeetingItemSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="proposal.number")
    proposal_id = serializers.IntegerField()
    title = serializers.CharField(source="proposal.title")
    status = serializers.CharField(source="proposal.status")
    status_label = serializers.CharField(source="proposal.get_status_display")
    estimated_cost = serializers.IntegerField(source="proposal.estimated_cost")

    class Meta:
        model = MeetingItem
        fields = ["rank", "proposal_id", "number", "title", "status", "status_label", "estimated_cost", "within_quota"]


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        fields = ["id", "name", "gender", "age_group", "groups", "position", "category"]


class SignatorySerializer(serializers.Serializer):
    title = serializers.CharField(help_text="Jabatan, mis. Camat.")
    name = serializers.CharField(allow_blank=True)
    nip = serializers.CharField(allow_blank=True, help_text="NIP (18 angka) bila penanda tangan ASN.")


class DelegateSerializer(serializers.Serializer):
    attendee_id = serializers.IntegerField()
    name = serializers.CharField(source="attendee.name")
    role = serializers.CharField(help_text="The group the delegate represents (unsur): a stakeholder group code.")
    role_label = serializers.CharField(source="get_role_display")
    mandate = serializers.CharField(help_text="A mandate code: " + ", ".join(DelegateMandate.values))
    mandate_label = serializers.CharField(source="get_mandate_display")


class InclusionSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_group = serializers.DictField(child=serializers.IntegerField())
    missing = serializers.ListField(child=serializers.CharField())
    under_represented = serializers.ListField(child=serializers.CharField())
    complete = serializers.BooleanField()


class DocumentsSerializer(serializers.Serializer):
    minutes_pdf = serializers.CharField(help_text="Alamat unduhan Berita Acara (PDF).")
    minutes_sha256 = serializers.CharField()
    list_xlsx = serializers.CharField(help_text="Alamat unduhan daftar usulan (XLSX).")


class MeetingDetailSerializer(MeetingSummarySerializer):
    """`attendees` and `delegates` are null for viewers who may not read names; `attendance` is for everyone."""

    items = MeetingItemSerializer(many=True)
    attendance = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    attendees = serializers.SerializerMethodField()
    delegates = serializers.SerializerMethodField()
    delegate_count = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    item_count = serializers.SerializerMethodField(help_text="Jumlah usulan dalam daftar.")
    signatories = SignatorySerializer(many=True, read_only=True)
    official_counts = serializers.SerializerMethodField()

    class Meta(MeetingSummarySerializer.Meta):
        fields = [
            *MeetingSummarySerializer.Meta.fields,
            "agenda",
            "order_method",
            "correction_reason",
            "notes",
            "signatories",
            "official_counts",
            "items",
            "attendance",
            "counts",
            "attendees",
            "delegates",
            "delegate_count",
            "documents",
        ]

    def _names(self) -> bool:
        return bool(self.context.get("names"))

    @extend_schema_field(InclusionSerializer)
    def get_attendance(self, meeting: Meeting) -> dict:
        return InclusionSerializer(inclusion_of(meeting)).data

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_counts(self, meeting: Meeting) -> dict:
        return {c.group: c.count for c in meeting.counts.all()}

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_official_counts(self, meeting: Meeting) -> dict:
        """People counted per official unsur without names (named attendees carry their own `category`)."""
        return {c.category: c.count for c in meeting.official_counts.all()}

    @extend_schema_field(AttendeeSerializer(many=True, allow_null=True))
    def get_attendees(self, meeting: Meeting) -> list | None:
        return AttendeeSerializer(meeting.attendees.all(), many=True).data if self._names() else None

    @extend_schema_field(DelegateSerializer(many=True, allow_null=True))
    def get_delegates(self, meeting: Meeting) -> list | None:
        return DelegateSerializer(meeting.delegates.all(), many=True).data if self._names() else None

    def get_item_count(self, meeting: Meeting) -> int:
        return len(meeting.items.all())

    def get_delegate_count(self, meeting: Meeting) -> int:
        return len(meeting.delegates.all())

    @extend_schema_field(DocumentsSerializer(allow_null=True))
    def get_documents(self, meeting: Meeting) -> dict | None:
        if not (meeting.is_frozen and meeting.minutes_pdf):
            return None
        request, kwargs = self.context["request"], {"meeting_id": meeting.pk}
        return {
            "minutes_pdf": request.build_absolute_uri(reverse("api:meeting-minutes", kwargs=kwargs)),
            "minutes_sha256": meeting.minutes_sha256,
            "list_xlsx": request.build_absolute_uri(reverse("api:meeting-list", kwargs=kwargs)),
        }


def meeting_answer(request, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
    fresh = meeting_or_404(request, meeting.pk, details=True)
    context = {"request": request, "names": _may_read_names(request.user, fresh)}
    return Response(MeetingDetailSerializer(fresh, context=context).data, status=code)


# --- requests -------------------------------------------------------------------------------------------------------


class MeetingFilter(serializers.Serializer):
    cycle = serializers.IntegerField(required=False, help_text="Tahun perencanaan, mis. 2027.")
    holder = serializers.CharField(
        required=False, help_text="Kode wilayah pemegang forum (RT/RW, kelurahan, kecamatan)."
    )
    kelurahan = serializers.CharField(required=False, help_text="Kode kelurahan.")
    status = serializers.ChoiceField(MeetingStatus.choices, required=False)


class MeetingOpenRequest(serializers.Serializer):
    cycle = serializers.IntegerField(help_text="Tahun perencanaan di kota pemegang forum ini.")
    holder = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=40,
        help_text="Kode wilayah pemegang forum (RT/RW, kelurahan, kecamatan).",
    )
    group = serializers.IntegerField(required=False, allow_null=True, help_text="Atau: id Pokmas.")

    def validate(self, attrs: dict) -> dict:
        holder = region_or_pokmas_named(attrs.get("holder"), attrs.get("group"), field="holder")
        return {"cycle": cycle_named(holder.city_id, year=attrs["cycle"]), "holder": holder}


class MeetingUpdateRequest(serializers.Serializer):
    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")
    held_on = serializers.DateField(required=False, allow_null=True)
    starts_at = serializers.TimeField(required=False, allow_null=True, help_text="Pukul, waktu setempat kota.")
    number = serializers.CharField(
        required=False, allow_blank=True, max_length=80, help_text="Kosong: dibuat menurut pola kota saat ditetapkan."
    )
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    chair_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    agenda = serializers.CharField(required=False, allow_blank=True)
    order_method = serializers.CharField(required=False, allow_blank=True)


class AttendeeRequest(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    gender = serializers.ChoiceField(Gender.choices)
    age_group = serializers.ChoiceField(AgeGroup.choices)
    groups = serializers.ListField(child=serializers.ChoiceField(Stakeholder.choices), required=False, default=list)
    position = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    category = serializers.ChoiceField(OfficialCategory.choices, required=False, default=OfficialCategory.WARGA)
    client_token = serializers.UUIDField(
        required=False, help_text="Token sekali pakai: mengirim ulang token yang sama tidak mencatat peserta dua kali."
    )


class CountsRequest(serializers.Serializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=32767),
        help_text='Kelompok → jumlah peserta tanpa nama, mis. {"difabel": 2}.',
    )


class DelegatesRequest(serializers.Serializer):
    attendee_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    mandate = serializers.ChoiceField(DelegateMandate.choices, required=False, default=DelegateMandate.CARRY)
    roles = serializers.DictField(
        child=serializers.ChoiceField(Stakeholder.choices),
        required=False,
        default=dict,
        help_text="Optional unsur per attendee id; by default the attendee's first stakeholder group.",
    )

    def validate_roles(self, value: dict) -> dict[int, str]:
        try:
            return {int(key): role for key, role in value.items()}
        except ValueError:
            raise serializers.ValidationError("Kunci unsur harus nomor peserta.") from None


class FinalizeRequest(serializers.Serializer):
    version = serializers.IntegerField()
    accept_inclusion_gaps = serializers.BooleanField(
        default=False, help_text="Tetap menetapkan walau ada kelompok yang tidak hadir atau kurang terwakili."
    )


class ReviseRequest(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


def valid_request(form_class, request) -> dict:
    form = form_class(data=request.data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


# --- endpoints ------------------------------------------------------------------------------------------------------


class MeetingListView(generics.ListAPIView):
    """Rembug the signed-in user may view, paginated."""

    serializer_class = MeetingSummarySerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[MeetingFilter], tags=["meetings"], summary="List the meetings you may view")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = MeetingFilter(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        return meeting_list(
            self.request.user,
            year=given.get("cycle"),
            holder=given.get("holder", ""),
            kelurahan=given.get("kelurahan", ""),
            status=given.get("status", ""),
        )

    @extend_schema(
        request=MeetingOpenRequest,
        responses={201: MeetingDetailSerializer},
        tags=["meetings"],
        summary="Open the holder's forum for the year (returns the open one if it exists)",
    )
    def post(self, request):
        meeting = meeting_open(actor=request.user, **valid_request(MeetingOpenRequest, request))
        return meeting_answer(request, meeting, status.HTTP_201_CREATED)


class MeetingDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeetingDetailSerializer, tags=["meetings"], summary="A meeting with its list")
    def get(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id, details=True)
        context = {"request": request, "names": _may_read_names(request.user, meeting)}
        return Response(MeetingDetailSerializer(meeting, context=context).data)

    @extend_schema(
        request=MeetingUpdateRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Date, place, chair, agenda and how the order was reached",
    )
    def patch(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        fields = valid_request(MeetingUpdateRequest, request)
        version = fields.pop("version")
        meeting = meeting_update(actor=request.user, meeting=meeting, version=version, **fields)
        return meeting_answer(request, meeting)


class AttendeeListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AttendeeRequest,
        responses={201: AttendeeSerializer},
        tags=["meetings"],
        summary="Add a named participant",
    )
    def post(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        attendee = attendee_add(actor=request.user, meeting=meeting, **valid_request(AttendeeRequest, request))
        return Response(AttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)


class AttendeeDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, tags=["meetings"], summary="Remove a participant")
    def delete(self, request, meeting_id: int, attendee_id: int):
        meeting = meeting_or_404(request, meeting_id)
        attendee = meeting_attendee(meeting, attendee_id)
        if attendee is None:
            raise NotFound(_("Peserta tidak ditemukan."))
        attendee_remove(actor=request.user, attendee=attendee)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CountsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CountsRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="People counted without names, per group",
    )
    def put(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        attendance_counts_set(
            actor=request.user, meeting=meeting, counts=valid_request(CountsRequest, request)["counts"]
        )
        return meeting_answer(request, meeting)


class DelegatesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=DelegatesRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="The participants elected to the Musrenbang Kelurahan",
    )
    def put(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        delegate_set(actor=request.user, meeting=meeting, **valid_request(DelegatesRequest, request))
        return meeting_answer(request, meeting)


class InclusionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=InclusionSerializer,
        tags=["meetings"],
        summary="Who was in the room: counts by group, missing and under-represented groups",
    )
    def get(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        return Response(InclusionSerializer(inclusion_of(meeting)).data)


class FinalizeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=FinalizeRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Finalize: freeze the list, decide the quota, store the Berita Acara",
    )
    def post(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        meeting = meeting_finalize(actor=request.user, meeting=meeting, **valid_request(FinalizeRequest, request))
        return meeting_answer(request, meeting)


class ReviseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviseRequest,
        responses={201: MeetingDetailSerializer},
        tags=["meetings"],
        summary="Correct a finalized meeting: a new draft revision linked to it",
    )
    def post(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        revision = meeting_revise(
            actor=request.user, meeting=meeting, reason=valid_request(ReviseRequest, request)["reason"]
        )
        return meeting_answer(request, revision, status.HTTP_201_CREATED)
