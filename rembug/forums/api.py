"""The Rembug in the REST API: open it, record attendance, agree the order, elect delegates, finalize, revise,
and download its Berita Acara. The same services and rules as the pages.

A meeting the user may not view does not exist for them (404). Attendee names are personal data (UU 27/2022):
only those who hold the meeting (its chair, kelurahan staff) read them; other viewers get counts by group.
"""

from __future__ import annotations

import json
import os

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, renderers, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.api.lookups import cycle_named, unit_named
from rembug.cycles.selectors import current_cycle, cycle_of_city
from rembug.proposals.api import UnitSerializer
from rembug.proposals.units import unit_from_key
from rembug.spreadsheets import upload_size_validator

from .decisions import meeting_finalize, meeting_revise
from .models import AgeGroup, Attendee, DelegateMandate, Gender, Meeting, MeetingItem, MeetingStatus, Stakeholder
from .paper.importer import paper_import
from .paper.template import paper_template_xlsx
from .selectors import meeting_attendee, meeting_list, meeting_visible
from .services import (
    attendance_counts_set,
    attendee_add,
    attendee_remove,
    delegate_set,
    inclusion_of,
    may_hold,
    meeting_move_item,
    meeting_open,
    meeting_set_order,
    meeting_sync_items,
    meeting_update,
)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- reads ----------------------------------------------------------------------------------------------------------


def _visible(request, meeting_id: int, *, details: bool = False) -> Meeting:
    meeting = meeting_visible(request.user, meeting_id, details=details)
    if meeting is None:
        raise NotFound(_("Rembug tidak ditemukan."))
    return meeting


def _may_read_names(user, meeting: Meeting) -> bool:
    """Those who hold the meeting (its chair, kelurahan staff) keep the attendance list; others see counts."""
    return may_hold(user, meeting)


# --- answers --------------------------------------------------------------------------------------------------------


class MeetingSummarySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    cycle = serializers.IntegerField(source="cycle.year", help_text="Tahun perencanaan.")
    unit = UnitSerializer(source="*")
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
            "unit",
            "kelurahan",
            "held_on",
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
        fields = ["id", "name", "gender", "age_group", "groups", "position"]


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

    class Meta(MeetingSummarySerializer.Meta):
        fields = [
            *MeetingSummarySerializer.Meta.fields,
            "agenda",
            "order_method",
            "correction_reason",
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


def _answer(request, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
    fresh = _visible(request, meeting.pk, details=True)
    context = {"request": request, "names": _may_read_names(request.user, fresh)}
    return Response(MeetingDetailSerializer(fresh, context=context).data, status=code)


# --- requests -------------------------------------------------------------------------------------------------------


class MeetingFilter(serializers.Serializer):
    cycle = serializers.IntegerField(required=False, help_text="Tahun perencanaan, mis. 2027.")
    unit = serializers.CharField(required=False, help_text="Kode wilayah RT/RW.")
    kelurahan = serializers.CharField(required=False, help_text="Kode kelurahan.")
    status = serializers.ChoiceField(MeetingStatus.choices, required=False)


class MeetingOpenRequest(serializers.Serializer):
    cycle = serializers.IntegerField(help_text="Tahun perencanaan di kota unit ini.")
    unit = serializers.CharField(required=False, allow_null=True, max_length=40, help_text="Kode wilayah RT/RW.")
    group = serializers.IntegerField(required=False, allow_null=True, help_text="Atau: id Pokmas.")

    def validate(self, attrs: dict) -> dict:
        unit = unit_named(attrs.get("unit"), attrs.get("group"))
        return {"cycle": cycle_named(unit.city_id, year=attrs["cycle"]), "unit": unit}


class MeetingUpdateRequest(serializers.Serializer):
    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")
    held_on = serializers.DateField(required=False, allow_null=True)
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
    client_token = serializers.UUIDField(
        required=False, help_text="Token sekali pakai: mengirim ulang token yang sama tidak mencatat peserta dua kali."
    )


class CountsRequest(serializers.Serializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=32767),
        help_text='Kelompok → jumlah peserta tanpa nama, mis. {"difabel": 2}.',
    )


class OrderRequest(serializers.Serializer):
    version = serializers.IntegerField()
    proposal_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Id usulan, prioritas tertinggi dahulu."
    )
    numbers = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        help_text="Atau: nomor usulan, prioritas tertinggi dahulu.",
    )

    def validate(self, attrs: dict) -> dict:
        if ("proposal_ids" in attrs) == ("numbers" in attrs):
            raise serializers.ValidationError({"numbers": _("Isi salah satu: proposal_ids atau numbers.")})
        return attrs


class MoveRequest(serializers.Serializer):
    direction = serializers.ChoiceField([("up", "up"), ("down", "down")])
    version = serializers.IntegerField()


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


def _valid(form_class, request) -> dict:
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
            unit=given.get("unit", ""),
            kelurahan=given.get("kelurahan", ""),
            status=given.get("status", ""),
        )

    @extend_schema(
        request=MeetingOpenRequest,
        responses={201: MeetingDetailSerializer},
        tags=["meetings"],
        summary="Open the unit's Rembug for the year (returns the open one if it exists)",
    )
    def post(self, request):
        meeting = meeting_open(actor=request.user, **_valid(MeetingOpenRequest, request))
        return _answer(request, meeting, status.HTTP_201_CREATED)


class MeetingDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeetingDetailSerializer, tags=["meetings"], summary="A meeting with its list")
    def get(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id, details=True)
        context = {"request": request, "names": _may_read_names(request.user, meeting)}
        return Response(MeetingDetailSerializer(meeting, context=context).data)

    @extend_schema(
        request=MeetingUpdateRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Date, place, chair, agenda and how the order was reached",
    )
    def patch(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
        fields = _valid(MeetingUpdateRequest, request)
        version = fields.pop("version")
        meeting = meeting_update(actor=request.user, meeting=meeting, version=version, **fields)
        return _answer(request, meeting)


class AttendeeListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AttendeeRequest,
        responses={201: AttendeeSerializer},
        tags=["meetings"],
        summary="Add a named participant",
    )
    def post(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
        attendee = attendee_add(actor=request.user, meeting=meeting, **_valid(AttendeeRequest, request))
        return Response(AttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)


class AttendeeDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, tags=["meetings"], summary="Remove a participant")
    def delete(self, request, meeting_id: int, attendee_id: int):
        meeting = _visible(request, meeting_id)
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
        meeting = _visible(request, meeting_id)
        attendance_counts_set(actor=request.user, meeting=meeting, counts=_valid(CountsRequest, request)["counts"])
        return _answer(request, meeting)


class SyncItemsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Put every proposal of the unit on the list (new ones at the bottom)",
    )
    def post(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
        meeting_sync_items(actor=request.user, meeting=meeting)
        return _answer(request, meeting)


class OrderView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OrderRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="The agreed priority order, best first (every item exactly once)",
    )
    def put(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
        given = _valid(OrderRequest, request)
        if "numbers" in given:
            on_list = dict(meeting.items.values_list("proposal__number", "proposal_id"))
            unknown = [n for n in given["numbers"] if n not in on_list]
            if unknown:
                raise serializers.ValidationError(
                    {
                        "numbers": _("Usulan tidak ada dalam daftar Rembug: %(numbers)s.")
                        % {"numbers": ", ".join(unknown)}
                    }
                )
            given["proposal_ids"] = [on_list[n] for n in given["numbers"]]
        meeting_set_order(
            actor=request.user, meeting=meeting, proposal_ids=given["proposal_ids"], version=given["version"]
        )
        return _answer(request, meeting)


class MoveItemView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=MoveRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Move one item up or down by one place",
    )
    def post(self, request, meeting_id: int, number: str):
        meeting = _visible(request, meeting_id)
        proposal_id = meeting.items.filter(proposal__number=number).values_list("proposal_id", flat=True).first()
        if proposal_id is None:
            raise NotFound(_("Usulan %(number)s tidak ada dalam daftar Rembug.") % {"number": number})
        meeting_move_item(actor=request.user, meeting=meeting, proposal_id=proposal_id, **_valid(MoveRequest, request))
        return _answer(request, meeting)


class DelegatesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=DelegatesRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="The participants elected to the Musrenbang Kelurahan",
    )
    def put(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
        delegate_set(actor=request.user, meeting=meeting, **_valid(DelegatesRequest, request))
        return _answer(request, meeting)


class InclusionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=InclusionSerializer,
        tags=["meetings"],
        summary="Who was in the room: counts by group, missing and under-represented groups",
    )
    def get(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
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
        meeting = _visible(request, meeting_id)
        meeting = meeting_finalize(actor=request.user, meeting=meeting, **_valid(FinalizeRequest, request))
        return _answer(request, meeting)


class ReviseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviseRequest,
        responses={201: MeetingDetailSerializer},
        tags=["meetings"],
        summary="Correct a finalized meeting: a new draft revision linked to it",
    )
    def post(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
        revision = meeting_revise(actor=request.user, meeting=meeting, reason=_valid(ReviseRequest, request)["reason"])
        return _answer(request, revision, status.HTTP_201_CREATED)


# --- stored documents -----------------------------------------------------------------------------------------------


class _FileRenderer(renderers.BaseRenderer):
    """Lets a client ask for the file's own type (Accept: application/pdf); errors are still JSON text."""

    charset = None
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


def _file_renderer(media_type: str) -> type[renderers.BaseRenderer]:
    return type(f"Renderer_{media_type.rsplit('/', 1)[-1][:20]}", (_FileRenderer,), {"media_type": media_type})


class _StoredDocumentView(APIView):
    permission_classes = [IsAuthenticated]
    field = ""
    content_type = ""

    def handle_exception(self, exc):
        # A refusal is JSON even when the client asked for the file's type (Accept or ?format=file).
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)

    def get(self, request, meeting_id: int):
        meeting = _visible(request, meeting_id)
        stored = getattr(meeting, self.field)
        if meeting.status == MeetingStatus.DRAFT or not stored:
            raise NotFound(_("Berkas tersedia setelah Rembug ditetapkan."))
        return FileResponse(
            stored.open("rb"),
            content_type=self.content_type,
            as_attachment=True,
            filename=os.path.basename(stored.name),
        )


class MinutesPdfView(_StoredDocumentView):
    field, content_type = "minutes_pdf", PDF
    renderer_classes = [renderers.JSONRenderer, _file_renderer(PDF)]

    @extend_schema(
        responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="Berita Acara (PDF)")},
        tags=["meetings"],
        summary="The stored Berita Acara of a finalized meeting",
    )
    def get(self, request, meeting_id: int):
        return super().get(request, meeting_id)


class ListXlsxView(_StoredDocumentView):
    field, content_type = "list_xlsx", XLSX
    renderer_classes = [renderers.JSONRenderer, _file_renderer(XLSX)]

    @extend_schema(
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Daftar usulan")},
        tags=["meetings"],
        summary="The stored agreed list (XLSX) of a finalized meeting",
    )
    def get(self, request, meeting_id: int):
        return super().get(request, meeting_id)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PaperUnitQuery(serializers.Serializer):
    unit = serializers.CharField(help_text="Region code of the RT/RW, or g<id> for a Pokmas.")
    cycle = serializers.IntegerField(required=False, help_text="Planning year; default: the current one.")


class PaperImportRequest(PaperUnitQuery):
    file = serializers.FileField(validators=[upload_size_validator], help_text="The filled template, 5 MB at most.")
    finalize = serializers.BooleanField(default=False)
    accept_inclusion_gaps = serializers.BooleanField(default=False)


def _paper_unit(request, data):
    unit = unit_from_key(request.user, data["unit"])
    if unit is None:
        raise NotFound(_("Pengusul tidak ditemukan atau bukan wilayah Anda."))
    if data.get("cycle"):
        cycle = cycle_of_city(unit.region.city_id, year=data["cycle"])
    else:
        cycle = current_cycle(unit.region.city_id)
    if cycle is None:
        raise NotFound(_("Siklus perencanaan tidak ditemukan."))
    return unit, cycle


class PaperTemplateView(APIView):
    """The Excel template for recording a Rembug held on paper (one unit, one year)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[PaperUnitQuery],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY},
        tags=["meetings"],
        summary="Download the paper-Rembug template",
    )
    def get(self, request):
        form = PaperUnitQuery(data=request.query_params)
        form.is_valid(raise_exception=True)
        unit, cycle = _paper_unit(request, form.validated_data)
        if not request.user.has_perm("forums.hold_meeting", unit.target):
            raise NotFound(_("Pengusul tidak ditemukan atau bukan wilayah Anda."))
        response = HttpResponse(paper_template_xlsx(cycle=cycle, unit=unit.target), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="rembug-{unit.region.code}-{cycle.year}.xlsx"'
        return response


class PaperImportView(APIView):
    """Upload a filled paper-Rembug template: all or nothing; every bad cell is listed in `errors`."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": PaperImportRequest},
        responses={
            201: inline_serializer(
                "PaperImportResult",
                {
                    "meeting": serializers.IntegerField(),
                    "proposals": serializers.IntegerField(),
                    "attendees": serializers.IntegerField(),
                    "finalized": serializers.BooleanField(),
                    "detail": serializers.CharField(),
                },
            )
        },
        tags=["meetings"],
        summary="Import a Rembug held on paper",
    )
    def post(self, request):
        form = PaperImportRequest(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        unit, cycle = _paper_unit(request, data)
        result = paper_import(
            actor=request.user,
            cycle=cycle,
            unit=unit.target,
            file=data["file"],
            finalize=data["finalize"],
            accept_inclusion_gaps=data["accept_inclusion_gaps"],
        )
        return Response(
            {
                "meeting": result.meeting_id,
                "proposals": result.proposals,
                "attendees": result.attendees,
                "finalized": result.finalized,
                "detail": result.message,
            },
            status=status.HTTP_201_CREATED,
        )
