"""`{% load guide %}`: the checklist for a dashboard card, and the safe rendering of a page's plain-text body."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from rembug.guide.selectors import guide_checklist as _guide_checklist

register = template.Library()


@register.inclusion_tag("guide/_checklist.html", takes_context=True)
def guide_checklist(context, assignment=None) -> dict:
    """`{% guide_checklist %}` all the user's current checklists; `{% guide_checklist card.assignment %}` one card's.
    Computed once per request whatever the number of cards."""
    user = context.get("user") or context["request"].user
    return {"guides": _guide_checklist(user, assignment), "compact": assignment is not None}


@register.filter
def guide_body(text: str) -> str:
    """Plain text → paragraphs (blank line between), lines starting with "- " → a list. Everything is escaped."""
    html = []
    for block in str(text or "").replace("\r\n", "\n").split("\n\n"):
        run: list[str] = []
        in_list = False
        for line in [ln.strip() for ln in block.split("\n") if ln.strip()] + [None]:
            bullet = line is not None and line.startswith("- ")
            if run and (line is None or bullet != in_list):
                html.append(
                    "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in run) + "</ul>"
                    if in_list
                    else "<p>" + "<br>".join(escape(i) for i in run) + "</p>"
                )
                run = []
            if line is not None:
                in_list = bullet
                run.append(line[2:] if bullet else line)
    return mark_safe("\n".join(html))  # noqa: S308 — every piece of text above is escaped
