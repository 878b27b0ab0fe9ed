"""Help beside form fields, from the city's guide content (FieldHelp), falling back to the form's own help_text.

Apply to a form by listing the mixin first: `class ProposalForm(HelpFromGuide, forms.Form)`. The city comes from a
`guide_city` keyword (a Region or its id), else from a `city` keyword the form already takes; without either, the
default texts apply. Keys are `<app>.<FormClass>.<field>`, e.g. `proposals.ProposalForm.problem`.
"""

from __future__ import annotations

from .selectors import field_help


def form_key(form_class) -> str:
    """`rembug.proposals.forms.ProposalForm` → `proposals.ProposalForm` (override with `guide_key`)."""
    explicit = getattr(form_class, "guide_key", None)
    if explicit:
        return explicit
    parts = form_class.__module__.split(".")
    app = parts[1] if parts[0] == "rembug" and len(parts) > 1 else parts[0]
    return f"{app}.{form_class.__name__}"


def apply_field_help(form, city=None) -> None:
    """Replace each field's help_text with the guide's text when there is one (one query for the whole form)."""
    city_id = getattr(city, "pk", city)
    prefix = form_key(type(form))
    texts = field_help([f"{prefix}.{name}" for name in form.fields], city_id)
    for name, form_field in form.fields.items():
        text = texts.get(f"{prefix}.{name}")
        if text:
            form_field.help_text = text


class HelpFromGuide:
    guide_key: str | None = None

    def __init__(self, *args, **kwargs):
        city = kwargs.pop("guide_city", None)
        if city is None:
            city = kwargs.get("city")
        super().__init__(*args, **kwargs)
        apply_field_help(self, city)
