"""Form fields for editing an agency's names (the admin of Bappeda, decision 0027)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .lookups import normalise
from .models import Agency, clean_aliases


class AliasesField(forms.CharField):
    """The aliases as one per line: SIPD's official names hold commas ("Dinas Koperasi, Perindustrian dan …"),
    so a comma cannot separate them."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Satu alias per baris, mis. “Dinas PUPR” atau “Kec Klojen”."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return clean_aliases(list(value))
        text = super().to_python(value) or ""
        return clean_aliases([line for line in text.splitlines() if line.strip()])

    def validate(self, value) -> None:
        """Aliases are optional; the bounds are checked in to_python."""

    def run_validators(self, value) -> None:
        """CharField's length validators measure text; the list was bounded in to_python."""

    def has_changed(self, initial, data) -> bool:
        return clean_aliases(list(initial or [])) != self.to_python(data)


class AgencyAdminForm(forms.ModelForm):
    """An agency's names as Bappeda edits them; an alias that is already another agency's name is refused here
    rather than left for every import to report as ambiguous."""

    aliases = AliasesField(label=_("alias"))

    class Meta:
        model = Agency
        fields = ["city", "name", "short_name", "code", "aliases", "region", "is_active"]

    def clean(self):
        cleaned = super().clean()
        city = cleaned.get("city") or getattr(self.instance, "city", None)
        if city is None:
            return cleaned
        own = {normalise(cleaned.get(key) or "") for key in ("name", "short_name", "code")}
        others = Agency.objects.filter(city=city).exclude(pk=self.instance.pk)
        taken: dict[str, str] = {}
        for other in others.only("name", "short_name", "code", "aliases"):
            for value in (other.name, other.short_name, other.code, *(other.aliases or [])):
                taken.setdefault(normalise(value), other.short_name)
        clashes = [
            f"“{alias}” ({taken[normalise(alias)]})"
            for alias in cleaned.get("aliases") or []
            if normalise(alias) in taken and normalise(alias) not in own
        ]
        if clashes:
            self.add_error(
                "aliases",
                ValidationError(
                    _("Alias ini sudah menjadi nama perangkat daerah lain: %(list)s.") % {"list": ", ".join(clashes)}
                ),
            )
        return cleaned
