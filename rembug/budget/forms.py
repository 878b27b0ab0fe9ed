"""Forms of the budget pages: a ceiling (pagu indikatif) and the confirmation of publishing a fit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from lokal import parse_rupiah

from rembug.agencies.models import Agency
from rembug.bounds import MAX_RUPIAH
from rembug.cycles.models import PlanningCycle
from rembug.proposals.choices import FundingSource
from rembug.regions.models import VILLAGE_LEVELS, Level, Region
from rembug.rupiah import rupiah

from .models import CeilingKind


def clean_rupiah(value) -> int:
    """ "12.000.000", "Rp 12.000.000" or "12000000" → 12000000; anything else (or a minus sign) is refused."""
    text = str(value or "").strip()
    parsed = parse_rupiah(text) if text and "-" not in text else None
    if parsed is None:
        raise forms.ValidationError(_("Tulis pagu dalam rupiah, mis. 250.000.000."))
    if parsed.amount > MAX_RUPIAH:
        raise forms.ValidationError(_("Pagu terlalu besar (paling banyak %(max)s).") % {"max": rupiah(MAX_RUPIAH)})
    return int(parsed.amount)


class CeilingForm(forms.Form):
    """Add a ceiling, or change the amount of the year's ceiling for the same target."""

    kind = forms.ChoiceField(label=_("Jenis pagu"), choices=CeilingKind.choices)
    region = forms.ChoiceField(
        label=_("Kecamatan/kelurahan"), required=False, help_text=_("Untuk pagu kecamatan atau kelurahan.")
    )
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Untuk pagu perangkat daerah."),
    )
    source = forms.ChoiceField(
        label=_("Sumber dana"),
        required=False,
        initial=FundingSource.APBD_KOTA,
        choices=[("", "—"), *FundingSource.choices],
        help_text=_("Untuk pagu sumber dana; penyesuaian memakai pagu APBD Kota."),
    )
    amount = forms.CharField(
        label=_("Pagu (Rp)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, cycle: PlanningCycle, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(
            Region.objects.filter(city_id=cycle.city_id, level__in=(Level.KECAMATAN, *VILLAGE_LEVELS)).order_by("code")
        )
        self._regions = {str(r.pk): r for r in regions}
        groups: dict[str, list[tuple[str, str]]] = {}
        names: dict[str, str] = {}
        for r in regions:
            if r.level == Level.KECAMATAN:
                names[r.code] = r.label
                groups.setdefault(r.code, []).append((str(r.pk), r.label))
            elif r.parent_id:
                groups.setdefault(".".join(r.code.split(".")[:3]), []).append((str(r.pk), r.label))
        self.fields["region"].choices = [("", "—")] + [
            (names.get(code, code), options) for code, options in groups.items()
        ]
        self.fields["agency"].queryset = Agency.objects.filter(city_id=cycle.city_id, is_active=True).order_by(
            "short_name"
        )

    def clean_region(self) -> Region | None:
        value = self.cleaned_data.get("region")
        return self._regions.get(value) if value else None

    def clean_amount(self) -> int:
        return clean_rupiah(self.cleaned_data.get("amount"))

    def target(self) -> dict:
        """Only the field the chosen kind uses, as the service expects."""
        kind = self.cleaned_data["kind"]
        if kind in (CeilingKind.KECAMATAN, CeilingKind.KELURAHAN):
            return {"region": self.cleaned_data.get("region")}
        if kind == CeilingKind.AGENCY:
            return {"agency": self.cleaned_data.get("agency")}
        return {"source": self.cleaned_data.get("source", "")}


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Saya sudah memeriksa daftar ini. Umumkan: status setiap usulan berubah dan pengusul diberi tahu.")
    )
