"""Two-step sign-in (TOTP, django-otp) for the staff who can change what a whole city sees.

Optional by default: a staff member enrols an authenticator app, and from then on a password alone opens nothing
(web, admin, API token). With REMBUG_REQUIRE_2FA_FOR_STAFF the city makes enrolment compulsory for its staff.
Wrong codes are slowed down by django-otp's own throttle (each failure doubles the wait).
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rembug.errors import DomainError
from rembug.regions.models import CITY_LEVELS

from .models import User
from .roles import ROLE_SPECS
from .scopes import has_role

#: City-level and agency roles: they see and change what a whole city sees, so they may (or must) use two steps.
STAFF_ROLES: tuple[str, ...] = tuple(
    role for role, spec in ROLE_SPECS.items() if spec.needs_agency or set(spec.levels) <= set(CITY_LEVELS)
)

#: What the session knows about its user's second step, set at login so most requests need no query.
SESSION_KEY = "rembug_2fa"
NEEDS_CODE = "code"
NEEDS_ENROLMENT = "enrol"
NOTHING_NEEDED = ""


def is_two_factor_staff(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser or has_role(user, STAFF_ROLES)))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def second_step_state(user) -> str:
    """What this user must still do after the password: enter a code, enrol a device, or nothing."""
    if has_two_factor(user):
        return NEEDS_CODE
    if settings.REMBUG_REQUIRE_2FA_FOR_STAFF and is_two_factor_staff(user):
        return NEEDS_ENROLMENT
    return NOTHING_NEEDED


def remember_state(request: HttpRequest, user) -> str:
    state = second_step_state(user)
    request.session[SESSION_KEY] = state
    return state


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The device being enrolled: the same secret on every visit until it is confirmed with a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Rembug", confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str) -> TOTPDevice:
    """Switch two steps on once the app shows a right code (proof that the secret was copied correctly)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise DomainError(_("Mulai lagi dari halaman verifikasi dua langkah."), field="code")
    if not device.verify_token(code):
        raise DomainError(_("Kode salah. Periksa jam ponsel Anda dan masukkan kode yang sedang tampil."), field="code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return device


def totp_verify(*, user: User, code: str) -> TOTPDevice:
    """The device that accepts `code`, or a DomainError that says why not (wrong, or too many wrong codes)."""
    device = confirmed_device(user)
    if device is None:
        raise DomainError(_("Akun ini belum memakai verifikasi dua langkah."), field="otp")
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise DomainError(_("Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi."), field="otp")
    code = (code or "").strip().replace(" ", "")
    verified = django_otp.verify_token(user, device.persistent_id, code) if code else None
    if verified is None:
        raise DomainError(_("Kode verifikasi salah atau sudah kedaluwarsa."), field="otp")
    return verified


def secret_text(device: TOTPDevice) -> str:
    """The secret in the base32 groups that authenticator apps accept when typed by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, drawn on the server (no script, allowed by the CSP's img-src)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#1a1a1a")
