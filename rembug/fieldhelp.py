"""Help beside form fields, from the city's guide content, falling back to the form's own help_text.

Apply to a form by listing the mixin first: `class ProposalForm(HelpFromGuide, forms.Form)`. The city comes from a
`guide_city` keyword (a Region or its id), else from a `city` keyword the form already takes; without either, the
default texts apply. Keys are `<app>.<FormClass>.<field>`, e.g. `proposals.ProposalForm.problem`.

The texts live in rembug.guide (FieldHelp), which sits above the apps whose forms use them: the guide registers
its lookup here in its AppConfig.ready() (docs/architecture.md), so proposals and forums need not import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: keys, city id → {key: help text}; set by rembug.guide, None while no guide is installed (the forms' own texts).
FieldHelpSource = Callable[[Iterable[str], int | None], dict[str, str]]
_source: FieldHelpSource | None = None


def register_field_help_source(source: FieldHelpSource | None) -> None:
    """Where form help comes from (rembug.guide's `field_help`); one source, the last registration wins."""
    global _source
    _source = source


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
    if _source is None:
        return
    city_id = getattr(city, "pk", city)
    prefix = form_key(type(form))
    texts = _source([f"{prefix}.{name}" for name in form.fields], city_id)
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
