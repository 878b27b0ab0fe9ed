"""Named permissions of the guide: anyone signed in reads it; a city's planners edit their city's pages and field
help in the admin; only superusers edit the defaults every city starts from."""

from __future__ import annotations

import rules

from rembug.accounts.rules import is_city_planner

from .selectors import planner_cities


@rules.predicate
def edits_city_content(user, obj) -> bool:
    """Bappeda/city administrator of the row's city (no object: may edit somewhere). A default (no city): no."""
    if obj is None:
        return bool(planner_cities(user))
    return obj.city_id is not None and obj.city_id in planner_cities(user)


rules.add_perm("guide.read_guide", rules.is_authenticated)
for model in ("guidepage", "fieldhelp"):
    rules.add_perm(f"guide.view_{model}", rules.is_superuser | is_city_planner)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"guide.{action}_{model}", rules.is_superuser | edits_city_content)
