"""Tokens for integrations: POST /api/v1/auth/token (username + password [+ otp] → a bearer token stored hashed by
knox, expiring after REMBUG_TOKEN_TTL_HOURS), /auth/logout (revoke the token used), /auth/logoutall (revoke all).

Failed attempts count towards the same lockout as the web login (django-axes, per username and address); a
locked-out caller gets 429 with the wait in the message, before any password is checked.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.accounts import twofactor
from rembug.accounts.security import SharedScopedRateThrottle, client_ip, lockout_message
from rembug.accounts.services import user_tokens_revoke
from rembug.errors import DomainError


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        help_text="The code of the user's authenticator app; required once they enrolled one.",
    )


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [SharedScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=TokenRequest,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {"token": serializers.CharField(), "expiry": serializers.DateTimeField(allow_null=True)},
            )
        },
        summary="Obtain a bearer token",
        description="Answers 429 while the username is locked out for the caller's address after too many failures.",
        tags=["auth"],
    )
    def post(self, request):
        form = TokenRequest(data=request.data)
        form.is_valid(raise_exception=True)
        # `request` lets django-axes count this attempt and refuse it while the account is locked for this address.
        user = authenticate(request, username=form.validated_data["username"], password=form.validated_data["password"])
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None or not user.is_active:
            return Response({"detail": _("Nama pengguna atau kata sandi salah.")}, status=status.HTTP_400_BAD_REQUEST)
        state = twofactor.second_step_state(user)
        if state == twofactor.NEEDS_CODE:
            if not form.validated_data.get("otp"):
                return Response(
                    {
                        "otp": [
                            _(
                                "Akun ini memakai verifikasi dua langkah: kirim juga kode dari aplikasi "
                                "autentikator (field otp)."
                            )
                        ]
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
            try:
                twofactor.totp_verify(user=user, code=form.validated_data["otp"])
            except DomainError as error:
                return Response({"otp": [error.message]}, status=status.HTTP_400_BAD_REQUEST)
        elif state == twofactor.NEEDS_ENROLMENT:
            return Response(
                {"detail": _("Aktifkan verifikasi dua langkah di situs web dulu, lalu minta token lagi.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        # A success clears this pair's failures, as on the web login (there axes does it on user_logged_in, a
        # signal not sent here because it would start a session for the API client).
        AxesProxyHandler.reset_attempts(ip_address=client_ip(request), username=form.validated_data["username"])
        instance, token = AuthToken.objects.create(user)
        return Response({"token": token, "expiry": instance.expiry})


# Knox's views, with their token-only authentication; their post() is replaced because it sends user_logged_out,
# on which django-axes starts a web session for the API client just to note the logout time.
class LogoutView(KnoxLogoutView):
    """Revoke the token this request was made with."""

    @extend_schema(request=None, responses={204: None}, summary="Revoke this token", tags=["auth"])
    def post(self, request, format=None):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(KnoxLogoutAllView):
    """Revoke every token of the signed-in user (e.g. after a device is lost)."""

    @extend_schema(request=None, responses={204: None}, summary="Revoke all my tokens", tags=["auth"])
    def post(self, request, format=None):
        user_tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
