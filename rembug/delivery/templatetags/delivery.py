"""`{% load delivery %}{% delivery_timeline proposal %}`: a proposal's plan and progress for any page (2 queries)."""

from __future__ import annotations

from django import template

from rembug.delivery.selectors import activity_summary, activity_timeline

register = template.Library()


@register.inclusion_tag("delivery/_timeline.html")
def delivery_timeline(proposal) -> dict:
    return {"activity": activity_summary(proposal), "timeline": activity_timeline(proposal)}
