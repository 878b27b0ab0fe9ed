"""Forms of the schedule page: one stage's window, and the next planning year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .phases import StageKind


class StageWindowForm(forms.Form):
    kind = forms.ChoiceField(choices=StageKind.choices, widget=forms.HiddenInput)
    opens_on = forms.DateField(label=_("Dibuka"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Ditutup"), widget=forms.DateInput(attrs={"type": "date"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NextYearForm(forms.Form):
    priority_quota = forms.IntegerField(
        label=_("Kuota usulan prioritas per RT/RW/Pokmas"), min_value=1, max_value=100, initial=5
    )
