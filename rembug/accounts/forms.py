"""Forms of the accounts app: sign-in, the second sign-in step and the confirmation of a new authenticator."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's sign-in form with its refusal in plain words: its own message is built with the field's name, which
    in Indonesian read "Masukkan nama pengguna nama pengguna dan sandi yang benar"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau sandi salah. Periksa ejaannya (huruf besar dan kecil dibedakan), lalu coba lagi."
        ),
    }


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


class CitySwitchForm(forms.Form):
    """The header's city switch, for a person with roles in several cities: which city the pages work in."""

    city = forms.TypedChoiceField(label=_("Kota/kabupaten"), coerce=int, empty_value=None)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, cities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [(city.pk, city.name) for city in cities]
        self.fields["city"].error_messages["invalid_choice"] = _("Anda tidak memiliki peran di kota/kabupaten itu.")


class RegionAddForm(forms.Form):
    """A new RW of the kelurahan or RT of an RW: its number (RW 05, RT 012) and, if it has one, a name."""

    number = forms.IntegerField(label=_("Nomor"), min_value=1, max_value=999)
    name = forms.CharField(label=_("Nama (boleh kosong)"), max_length=120, required=False)


class RegionEditForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=120)
    number = forms.IntegerField(label=_("Nomor"), min_value=1, max_value=999)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActiveForm(forms.Form):
    """Retire (active=0) or bring back (active=1) a region or group; the version read guards the change."""

    active = forms.TypedChoiceField(choices=[("0", "0"), ("1", "1")], coerce=lambda v: v == "1")
    version = forms.IntegerField()


class GroupAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"))
    name = forms.CharField(label=_("Nama"), max_length=160)
    focus = forms.CharField(label=_("Bidang kegiatan"), max_length=160, required=False)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class GroupEditForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=160)
    focus = forms.CharField(label=_("Bidang kegiatan"), max_length=160, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
