"""The formal Berita Acara in the REST API: the notulen, signature blocks and counts per official unsur of a draft
meeting, and the blank attendance sheet (PDF). The same services as the pages (forums/minutes.py)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from .api import PDF, MeetingDetailSerializer, SignatorySerializer, meeting_answer, meeting_or_404, valid_request
from .api_files import FileAnswerView, _file_renderer
from .attendance_sheet import attendance_sheet_pdf
from .minutes import MAX_NOTE_LENGTH, MAX_NOTES, MAX_SIGNATORIES, minutes_update
from .models import OfficialCategory


class MinutesRequest(serializers.Serializer):
    """Each part given replaces the old one; a part left out stays as it is."""

    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")
    notes = serializers.ListField(
        child=serializers.CharField(max_length=MAX_NOTE_LENGTH, allow_blank=True),
        max_length=MAX_NOTES,
        required=False,
        help_text="Notulen: hal-hal yang dibahas, berurutan.",
    )
    signatories = SignatorySerializer(many=True, required=False, max_length=MAX_SIGNATORIES)
    official_counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=32767),
        required=False,
        help_text="Unsur resmi → jumlah peserta tanpa nama. Unsur: " + ", ".join(OfficialCategory.values),
    )


class MinutesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=MinutesRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Notulen, signature blocks and counts per official unsur of the Berita Acara (draft only)",
    )
    def put(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        data = valid_request(MinutesRequest, request)
        minutes_update(
            actor=request.user,
            meeting=meeting,
            version=data["version"],
            notes=data.get("notes"),
            signatories=[dict(row) for row in data["signatories"]] if "signatories" in data else None,
            official_counts=data.get("official_counts"),
        )
        return meeting_answer(request, meeting)


class AttendanceSheetView(FileAnswerView):
    """The blank daftar hadir: no personal data, so anyone who may view the meeting may print it."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [renderers.JSONRenderer, _file_renderer(PDF)]

    @extend_schema(
        responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="Daftar hadir kosong (PDF)")},
        tags=["meetings"],
        summary="A blank attendance sheet to print and sign on paper",
    )
    def get(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        response = HttpResponse(attendance_sheet_pdf(meeting), content_type=PDF)
        response["Content-Disposition"] = f'attachment; filename="daftar-hadir-{meeting.holder_region.code}.pdf"'
        return response
