"""Forms of the Rembug pages."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rembug.bounds import MAX_RUPIAH
from rembug.fieldhelp import HelpFromGuide
from rembug.proposals.choices import FundingSource

from .models import AgeGroup, DelegateMandate, Gender, OfficialCategory, Stakeholder


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Tanggal Rembug"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    starts_at = forms.TimeField(
        label=_("Pukul (waktu setempat)"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    number = forms.CharField(
        label=_("Nomor Berita Acara"),
        max_length=80,
        required=False,
        help_text=_("Kosongkan agar nomor dibuat menurut pola kota saat Rembug ditetapkan."),
    )
    place = forms.CharField(label=_("Tempat"), max_length=200)
    chair_name = forms.CharField(label=_("Pimpinan rapat"), max_length=150)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    order_method = forms.CharField(
        label=_("Cara menyepakati urutan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mis. musyawarah mufakat; akan dicantumkan dalam Berita Acara."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


DECLARED_GROUPS = [(g.value, g.label) for g in Stakeholder if g.value not in ("perempuan", "pemuda", "lansia")]


class AttendeeForm(HelpFromGuide, forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    gender = forms.ChoiceField(label=_("Jenis kelamin"), choices=Gender.choices, widget=forms.RadioSelect)
    age_group = forms.ChoiceField(label=_("Kelompok umur"), choices=AgeGroup.choices)
    groups = forms.MultipleChoiceField(
        label=_("Kelompok"),
        choices=DECLARED_GROUPS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Perempuan, pemuda dan lansia dihitung dari jenis kelamin dan umur."),
    )
    position = forms.CharField(label=_("Jabatan/unsur"), max_length=120, required=False)
    category = forms.ChoiceField(
        label=_("Unsur resmi"), choices=OfficialCategory.choices, initial=OfficialCategory.WARGA, required=False
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_category(self) -> str:
        return self.cleaned_data.get("category") or OfficialCategory.WARGA


class CountsForm(forms.Form):
    """People counted without names, for sensitive groups."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for group in (
            Stakeholder.DIFABEL,
            Stakeholder.RENTAN,
            Stakeholder.LANSIA,
            Stakeholder.PEREMPUAN,
            Stakeholder.PEMUDA,
            Stakeholder.TOKOH,
        ):
            self.fields[group.value] = forms.IntegerField(label=group.label, min_value=0, max_value=9999, initial=0)


class FundingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for source in FundingSource:
            self.fields[source.value] = forms.IntegerField(
                label=f"{source.label} (Rp)", min_value=0, initial=0, max_value=MAX_RUPIAH, required=False
            )

    def shares(self) -> dict[str, int]:
        return {s.value: self.cleaned_data.get(s.value) or 0 for s in FundingSource}


class DelegatesForm(forms.Form):
    attendees = forms.MultipleChoiceField(
        label=_("Delegasi ke Musrenbang Kelurahan"), choices=[], widget=forms.CheckboxSelectMultiple
    )
    mandate = forms.ChoiceField(
        label=_("Mandat"),
        choices=DelegateMandate.choices,
        initial=DelegateMandate.CARRY,
        help_text=_("Unsur tiap delegasi diambil dari kelompok yang dicatat saat hadir."),
    )

    def __init__(self, *args, attendees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(a.pk, a.name) for a in attendees]


class FinalizeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    accept_inclusion_gaps = forms.BooleanField(
        label=_("Rembug tetap ditetapkan walau ada kelompok yang belum hadir atau kurang terwakili"), required=False
    )


class ReviseForm(forms.Form):
    reason = forms.CharField(label=_("Alasan koreksi"), max_length=500)


#: Signature rows offered on the Berita Acara page (the service accepts up to 8; blank rows are dropped).
SIGNATORY_ROWS = 5


class MinutesForm(forms.Form):
    """The notulen, the signature blocks and the people counted per official unsur without names."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Notulen (hal-hal yang dibahas)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Satu butir per baris; dicetak bernomor dalam Berita Acara."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, SIGNATORY_ROWS + 1):
            self.fields[f"sign_{n}_title"] = forms.CharField(
                label=_("Jabatan penanda tangan %(n)s") % {"n": n}, max_length=120, required=False
            )
            self.fields[f"sign_{n}_name"] = forms.CharField(
                label=_("Nama penanda tangan %(n)s") % {"n": n}, max_length=150, required=False
            )
            self.fields[f"sign_{n}_nip"] = forms.CharField(
                label=_("NIP penanda tangan %(n)s") % {"n": n}, max_length=21, required=False
            )
        for category in OfficialCategory:
            self.fields[f"count_{category.value}"] = forms.IntegerField(
                label=category.label, min_value=0, max_value=9999, required=False
            )

    def signature_rows(self) -> list[list]:
        return [[self[f"sign_{n}_{k}"] for k in ("title", "name", "nip")] for n in range(1, SIGNATORY_ROWS + 1)]

    def count_fields(self) -> list:
        return [self[f"count_{c.value}"] for c in OfficialCategory]

    def notes_list(self) -> list[str]:
        return self.cleaned_data["notes"].splitlines()

    def signatories(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {k: data.get(f"sign_{n}_{k}") or "" for k in ("title", "name", "nip")} for n in range(1, SIGNATORY_ROWS + 1)
        ]

    def official_counts(self) -> dict[str, int]:
        return {c.value: self.cleaned_data.get(f"count_{c.value}") or 0 for c in OfficialCategory}
