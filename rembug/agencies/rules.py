"""Named permissions of agencies: the city's planners keep its list of agencies (Django admin, own city only)."""

import rules

from rembug.accounts.rules import is_city_planner

for action in ("view", "add", "change"):
    rules.add_perm(f"agencies.{action}_agency", rules.is_superuser | is_city_planner)
