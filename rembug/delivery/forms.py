"""Forms of the delivery pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rembug.agencies.models import Agency
from rembug.bounds import MAX_RUPIAH
from rembug.proposals.choices import FundingSource

from .models import ActivityStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    percent = forms.IntegerField(
        label=_("Kemajuan (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
        help_text=_("Persentase pekerjaan yang sudah selesai; tidak boleh turun."),
    )
    reported_on = forms.DateField(label=_("Tanggal"), widget=DateInput)
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Warga akan membaca catatan ini."),
    )
    photo = forms.FileField(
        label=_("Foto lapangan"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPG, PNG atau WebP, paling besar 8 MB."),
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.short_name} — {obj.name}"


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    budget_amount = forms.IntegerField(label=_("Pagu kegiatan (Rp)"), min_value=1, max_value=MAX_RUPIAH)
    starts_on = forms.DateField(label=_("Mulai"), widget=DateInput)
    ends_on = forms.DateField(label=_("Selesai"), widget=DateInput)
    agency = AgencyChoiceField(label=_("Perangkat daerah pelaksana"), queryset=Agency.objects.none())
    funding_source = forms.ChoiceField(label=_("Sumber dana"), choices=FundingSource.choices)

    def __init__(self, *args, city_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(city_id=city_id, is_active=True).order_by("short_name")


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua")), *ActivityStatus.choices])
