"""`{% load cities %}{% city_switch %}`: the header's city switch, shown only to a person with roles in several
cities (docs/decisions/0021). No query: the person's assignments, loaded once per request, carry their cities."""

from __future__ import annotations

from django import template

from rembug.accounts.scopes import CITY_SESSION_KEY, city_choices

register = template.Library()


@register.inclusion_tag("accounts/_city_switch.html", takes_context=True)
def city_switch(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"cities": []}
    cities = city_choices(user)
    if len(cities) < 2:
        return {"cities": []}
    chosen = request.session.get(CITY_SESSION_KEY)
    return {
        "cities": cities,
        "chosen": chosen if any(city.pk == chosen for city in cities) else None,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
