"""The inbox in the REST API: the signed-in user's own notifications only (another's is 404)."""

from __future__ import annotations

from django.db.models import F
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Notification
from .selectors import inbox_of
from .services import notification_mark_read, notifications_mark_all_read


class NotificationSerializer(serializers.ModelSerializer):
    proposal = serializers.CharField(
        source="proposal_number", allow_null=True, read_only=True, help_text="Nomor usulan."
    )
    to_status = serializers.CharField(
        source="event_to_status", allow_null=True, read_only=True, help_text="Status baru usulan."
    )
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "url", "proposal", "to_status", "created_at", "read", "read_at"]


def _annotated(queryset):
    return queryset.annotate(proposal_number=F("proposal__number"), event_to_status=F("event__to_status"))


class NotificationListView(generics.ListAPIView):
    """The signed-in user's notifications, newest first, paginated."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="1: only unread notifications.")],
        tags=["notifications"],
        summary="List your notifications",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        unread = self.request.query_params.get("unread", "").lower() in {"1", "true", "yes"}
        return _annotated(inbox_of(self.request.user, unread_only=unread))


class NotificationReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=NotificationSerializer,
        tags=["notifications"],
        summary="Mark one of your notifications read",
    )
    def post(self, request, notification_id: int):
        notification = get_object_or_404(_annotated(inbox_of(request.user)), pk=notification_id)
        notification_mark_read(notification=notification)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=inline_serializer("ReadAllAnswer", {"marked": serializers.IntegerField()}),
        tags=["notifications"],
        summary="Mark all your notifications read",
    )
    def post(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})
