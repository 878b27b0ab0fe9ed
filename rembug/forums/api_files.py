"""Files of the Rembug in the REST API: the stored Berita Acara and agreed list of a finalized meeting, and the
paper-Rembug template and import. A meeting the user may not view does not exist for them (404).
"""

from __future__ import annotations

import json
import os

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import renderers, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.cycles.selectors import current_cycle, cycle_of_city
from rembug.proposals.proposers import proposer_from_key
from rembug.spreadsheets import upload_size_validator

from .api import PDF, XLSX, meeting_or_404
from .models import MeetingStatus
from .paper.importer import paper_import
from .paper.template import paper_template_xlsx

# --- stored documents -----------------------------------------------------------------------------------------------


class _FileRenderer(renderers.BaseRenderer):
    """Lets a client ask for the file's own type (Accept: application/pdf); errors are still JSON text."""

    charset = None
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


def _file_renderer(media_type: str) -> type[renderers.BaseRenderer]:
    return type(f"Renderer_{media_type.rsplit('/', 1)[-1][:20]}", (_FileRenderer,), {"media_type": media_type})


class FileAnswerView(APIView):
    """An endpoint that answers a file: a refusal is JSON even when the client asked for the file's type (Accept or
    ?format=file), as the API document says."""

    def handle_exception(self, exc):
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)


class _StoredDocumentView(FileAnswerView):
    permission_classes = [IsAuthenticated]
    field = ""
    content_type = ""

    def get(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
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


class PaperHolderQuery(serializers.Serializer):
    holder = serializers.CharField(help_text="Region code of the RT/RW, or g<id> for a Pokmas, holding the Rembug.")
    cycle = serializers.IntegerField(required=False, help_text="Planning year; default: the current one.")


class PaperImportRequest(PaperHolderQuery):
    file = serializers.FileField(validators=[upload_size_validator], help_text="The filled template, 5 MB at most.")
    finalize = serializers.BooleanField(default=False)
    accept_inclusion_gaps = serializers.BooleanField(default=False)


def _paper_holder(request, data):
    holder = proposer_from_key(request.user, data["holder"])
    if holder is None:
        raise NotFound(_("Pengusul tidak ditemukan atau bukan wilayah Anda."))
    if data.get("cycle"):
        cycle = cycle_of_city(holder.region.city_id, year=data["cycle"])
    else:
        cycle = current_cycle(holder.region.city_id)
    if cycle is None:
        raise NotFound(_("Siklus perencanaan tidak ditemukan."))
    return holder, cycle


class PaperTemplateView(APIView):
    """The Excel template for recording a Rembug held on paper (one holder, one year)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[PaperHolderQuery],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY},
        tags=["meetings"],
        summary="Download the paper-Rembug template",
    )
    def get(self, request):
        form = PaperHolderQuery(data=request.query_params)
        form.is_valid(raise_exception=True)
        holder, cycle = _paper_holder(request, form.validated_data)
        if not request.user.has_perm("forums.hold_meeting", holder.target):
            raise NotFound(_("Pengusul tidak ditemukan atau bukan wilayah Anda."))
        response = HttpResponse(paper_template_xlsx(cycle=cycle, holder=holder.target), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="rembug-{holder.region.code}-{cycle.year}.xlsx"'
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
        holder, cycle = _paper_holder(request, data)
        result = paper_import(
            actor=request.user,
            cycle=cycle,
            holder=holder.target,
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
