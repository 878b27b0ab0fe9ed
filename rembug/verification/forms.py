"""Forms of the review page: they parse a verifier's input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rembug.agencies.models import Agency
from rembug.bounds import MAX_RUPIAH
from rembug.proposals.choices import DecisionReason
from rembug.proposals.lifecycle import Status

from .selectors import ALL


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    volume = forms.DecimalField(
        label=_("Rekomendasi volume"),
        required=False,
        min_value=0.01,
        max_digits=12,
        decimal_places=2,
        help_text=_("Kosongkan bila sama dengan usulan."),
    )
    cost = forms.IntegerField(
        label=_("Rekomendasi biaya (Rp)"),
        required=False,
        min_value=0,
        max_value=MAX_RUPIAH,
        help_text=_("Kosongkan untuk menghitung dari volume × harga satuan."),
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Alasan"), choices=[("", "---------"), *DecisionReason.choices])
    reason_text = forms.CharField(
        label=_("Uraian alasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila memilih “Lainnya”. Warga akan membaca alasan ini."),
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.short_name} — {obj.name}"


class RerouteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_agency = AgencyChoiceField(label=_("Alihkan ke perangkat daerah"), queryset=Agency.objects.none())
    reason_text = forms.CharField(label=_("Alasan pengalihan"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(city_id=proposal.city_id, is_active=True)
        if proposal.agency_id:
            agencies = agencies.exclude(pk=proposal.agency_id)
        self.fields["to_agency"].queryset = agencies.order_by("short_name")


STATUS_FILTERS = [
    (Status.FORWARDED_OPD, _("Menunggu verifikasi")),
    (Status.VERIFIED, _("Diterima")),
    (Status.NOT_ACCOMMODATED, _("Tidak diakomodasi")),
    (ALL, _("Semua")),
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)

    def __init__(self, *args, kecamatan_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan")), *kecamatan_choices]
