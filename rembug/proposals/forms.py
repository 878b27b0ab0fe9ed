"""Forms of the proposal pages; they parse input, the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rembug.bounds import MAX_PEOPLE, MAX_RUPIAH
from rembug.fieldhelp import HelpFromGuide
from rembug.rupiah import rupiah
from rembug.vocabularies.models import Term, Vocabulary
from rembug.webforms import MultipleFileField

from .choices import Field
from .models import DictionaryItem


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DictionaryItem) -> str:
        if obj.unit_price is None:  # SIPD's kamus has items without a price: the proposal names its amount
            return f"{obj.name} — {_('tanpa harga satuan')}"
        return f"{obj.name} — {rupiah(obj.unit_price)}/{obj.unit}"


class ProposalForm(HelpFromGuide, forms.Form):
    guide_key = "proposals.ProposalForm"  # the create and edit forms share the city's help texts
    title = forms.CharField(
        label=_("Judul usulan"), max_length=200, help_text=_("Singkat dan jelas, mis. “Paving gang Melati”.")
    )
    problem = forms.CharField(
        label=_("Masalah"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang dialami warga? Sejak kapan, seberapa parah?"),
    )
    idea = forms.CharField(
        label=_("Gagasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang diusulkan untuk mengatasinya?"),
    )
    item = ItemChoiceField(
        label=_("Jenis kegiatan (kamus usulan)"),
        queryset=DictionaryItem.objects.none(),
        help_text=_("Menentukan perangkat daerah; satuan dan harga satuannya menjadi saran."),
    )
    volume = forms.DecimalField(
        label=_("Volume"),
        min_value=0.01,
        max_digits=12,
        decimal_places=2,
        help_text=_("Banyaknya pekerjaan, mis. 120 (m²)."),
    )
    unit = forms.ChoiceField(
        label=_("Satuan"),
        required=False,
        help_text=_("Kosongkan untuk memakai satuan kegiatan di kamus usulan."),
    )
    estimated_cost = forms.IntegerField(
        label=_("Anggaran (Rp)"),
        required=False,
        min_value=1,
        max_value=MAX_RUPIAH,
        help_text=_(
            "Kosongkan untuk volume × harga satuan kamus. Wajib diisi bila kegiatan tidak mempunyai harga satuan."
        ),
    )
    address = forms.CharField(label=_("Lokasi / alamat"), max_length=255)
    latitude = forms.FloatField(label=_("Lintang"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    longitude = forms.FloatField(label=_("Bujur"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    beneficiaries = forms.IntegerField(
        label=_("Jumlah penerima manfaat (orang)"), min_value=0, initial=0, max_value=MAX_PEOPLE
    )
    beneficiary_note = forms.CharField(label=_("Keterangan penerima manfaat"), max_length=255, required=False)

    def __init__(self, *args, city=None, year=None, **kwargs):
        super().__init__(*args, guide_city=city, **kwargs)
        items = DictionaryItem.objects.filter(city=city, active_from__lte=year).exclude(active_until__lt=year)
        self.fields["item"].queryset = items.order_by("field", "name")
        groups: dict[str, list] = {}
        for item in self.fields["item"].queryset:
            groups.setdefault(str(Field(item.field).label), []).append(
                (item.pk, self.fields["item"].label_from_instance(item))
            )
        self.fields["item"].choices = [("", "---------"), *groups.items()]
        units = Term.objects.filter(city=city, vocabulary=Vocabulary.UNIT, is_active=True).order_by("name")
        self.fields["unit"].choices = [("", _("(satuan kamus)")), *((t.name, t.name) for t in units)]


class ProposalCreateForm(ProposalForm):
    photos = MultipleFileField(
        label=_("Foto dan dokumen"),
        required=False,
        help_text=_("Foto lokasi (JPG, PNG, WebP, paling besar 8 MB) atau PDF (5 MB)."),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class ProposalEditForm(ProposalForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    photos = MultipleFileField(label=_("Tambah foto atau dokumen"))


class PhotoUploadForm(forms.Form):
    """One file sent by the phone's script; `client_upload` is the phone's id for it, so a retry stores it once."""

    file = forms.FileField()
    client_upload = forms.UUIDField()
