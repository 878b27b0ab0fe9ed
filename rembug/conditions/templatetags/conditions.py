"""Numbers of the gap analysis as people read them: shares as percentages, indices with two decimals."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.753 → "75%"; None → "—" (nothing to measure)."""
    return "—" if value is None else f"{floatformat(value * 100, 0)}%"


@register.filter
def index(value) -> str:
    """0.25 → "0,25" (localised), −0.875 → "−0,88"; None → "—"."""
    if value is None:
        return "—"
    text = floatformat(value, 2)
    return text.replace("-", "−")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)
