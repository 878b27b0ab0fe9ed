"""POST /api/v1/auth/token: username + password → a bearer token for integrations (stored hashed by knox)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=TokenRequest,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField(),
                                                             "expiry": serializers.DateTimeField(allow_null=True)})},
        summary="Obtain a bearer token",
        tags=["auth"],
    )
    def post(self, request):
        form = TokenRequest(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(request, username=form.validated_data["username"],
                            password=form.validated_data["password"])
        if user is None or not user.is_active:
            return Response({"detail": "Nama pengguna atau kata sandi salah."}, status=status.HTTP_400_BAD_REQUEST)
        instance, token = AuthToken.objects.create(user)
        return Response({"token": token, "expiry": instance.expiry})
