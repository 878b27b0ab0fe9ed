"""The agreed list of a Rembug in the REST API: put the holder's proposals on it, and agree their order."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from .api import MeetingDetailSerializer, meeting_answer, meeting_or_404, valid_request
from .services import (
    meeting_move_item,
    meeting_set_order,
    meeting_sync_items,
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


class SyncItemsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Put every proposal of the holder on the list (new ones at the bottom)",
    )
    def post(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        meeting_sync_items(actor=request.user, meeting=meeting)
        return meeting_answer(request, meeting)


class OrderView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OrderRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="The agreed priority order, best first (every item exactly once)",
    )
    def put(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        given = valid_request(OrderRequest, request)
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
        return meeting_answer(request, meeting)


class MoveItemView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=MoveRequest,
        responses=MeetingDetailSerializer,
        tags=["meetings"],
        summary="Move one item up or down by one place",
    )
    def post(self, request, meeting_id: int, number: str):
        meeting = meeting_or_404(request, meeting_id)
        proposal_id = meeting.items.filter(proposal__number=number).values_list("proposal_id", flat=True).first()
        if proposal_id is None:
            raise NotFound(_("Usulan %(number)s tidak ada dalam daftar Rembug.") % {"number": number})
        meeting_move_item(
            actor=request.user, meeting=meeting, proposal_id=proposal_id, **valid_request(MoveRequest, request)
        )
        return meeting_answer(request, meeting)
