"""Forms of the Rembug pages."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rembug.bounds import MAX_RUPIAH
from rembug.fieldhelp import HelpFromGuide
from rembug.proposals.choices import FundingSource

from .models import AgeGroup, DelegateMandate, Gender, Stakeholder


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Tanggal Rembug"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
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
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


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
