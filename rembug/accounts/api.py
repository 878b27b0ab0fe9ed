"""The signed-in user and their roles, for integrations and apps."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .scopes import assignments_of

#: The city an endpoint works in, for a caller with roles in several cities (docs/decisions/0021); declared once
#: here, beside the rule that reads it (accounts.scopes.current_city_id), for every app's API.
CITY_PARAM = OpenApiParameter(
    "city",
    str,
    required=False,
    description=(
        "Kode Kemendagri kota/kabupaten (mis. 35.73). Wajib bila akun berperan di beberapa kota dan belum memilih "
        "kota di situs web; bawaan: satu-satunya kota akun."
    ),
)


class AssignmentSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.label")
    agency = serializers.CharField(source="agency.short_name", default=None, allow_null=True)
    group = serializers.CharField(source="group.name", default=None, allow_null=True)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = AssignmentSerializer(many=True)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, tags=["accounts"], summary="The signed-in user and their roles")
    def get(self, request):
        user = request.user
        data = {"username": user.username, "full_name": user.full_name, "roles": assignments_of(user)}
        return Response(MeSerializer(data).data)
