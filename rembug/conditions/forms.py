"""Forms of the condition pages: one screen of the survey for an RT/RW, the XLSX upload, the city priorities."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rembug.proposals.choices import Category, Field
from rembug.spreadsheets import upload_size_validator

from .models import Indicator, SurveyResponse
from .services import Answer, PriorityInput


class SurveyForm(forms.Form):
    """Each indicator: its five scale descriptions as radio buttons, a note and a photo (all optional)."""

    def __init__(self, *args, indicators: list[Indicator], responses: dict[int, SurveyResponse], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            current = responses.get(indicator.pk)
            code = indicator.code
            self.fields[f"score_{code}"] = forms.TypedChoiceField(
                label=indicator.name,
                help_text=indicator.question,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(score, f"{score} — {text}") for score, text in indicator.choices],
                widget=forms.RadioSelect,
                initial=current.score if current else None,
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("Catatan"),
                required=False,
                max_length=2000,
                initial=current.note if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"photo_{code}"] = forms.FileField(
                label=_("Foto (boleh kosong)"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
                ),
            )
            self.fields[f"version_{code}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput, initial=current.version if current else None
            )

    def groups(self):
        """(indicator, score, note, photo, version) bound fields in the indicators' order, for the template."""
        return [
            (i, self[f"score_{i.code}"], self[f"note_{i.code}"], self[f"photo_{i.code}"], self[f"version_{i.code}"])
            for i in self.indicators
        ]

    def answers(self) -> list[Answer]:
        data = self.cleaned_data
        return [
            Answer(
                indicator=i.code,
                score=data[f"score_{i.code}"],
                note=data[f"note_{i.code}"],
                photo=data[f"photo_{i.code}"],
                version=data[f"version_{i.code}"],
            )
            for i in self.indicators
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas Excel survei kondisi (.xlsx)"), validators=[upload_size_validator])


class PriorityForm(forms.Form):
    theme = forms.CharField(
        label=_("Tema prioritas"),
        max_length=200,
        required=False,
        help_text=_("Mis. Penanganan banjir dan drainase. Kosongkan untuk menghapus baris."),
    )
    weight = forms.FloatField(label=_("Bobot"), min_value=0, required=False, initial=1)
    mapped_fields = forms.MultipleChoiceField(
        label=_("Bidang"), choices=Field.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    mapped_categories = forms.MultipleChoiceField(
        label=_("Kategori usulan"), choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    source_note = forms.CharField(label=_("Sumber (RPJMD/RKPD)"), max_length=255, required=False)

    def to_input(self) -> PriorityInput | None:
        data = self.cleaned_data
        if not data.get("theme"):
            return None
        return PriorityInput(
            theme=data["theme"],
            weight=data["weight"] if data["weight"] is not None else 1,
            fields=data["mapped_fields"],
            categories=data["mapped_categories"],
            source_note=data["source_note"],
        )


PriorityFormSet = forms.formset_factory(PriorityForm, extra=2, max_num=50, validate_max=True)
