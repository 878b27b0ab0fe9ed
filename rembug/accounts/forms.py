"""Forms of the accounts app: the second sign-in step and the confirmation of a new authenticator."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    otp = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=10,
        strip=True,
        help_text=_("Enam angka dari aplikasi autentikator di ponsel Anda."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Kode dari aplikasi"),
        max_length=10,
        strip=True,
        help_text=_("Setelah memindai kode QR, masukkan enam angka yang tampil di aplikasi."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
