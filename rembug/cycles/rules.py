"""Named permissions of planning cycles."""

import rules

from rembug.accounts.rules import is_city_planner, is_city_planner_of

rules.add_perm("cycles.manage_cycle", rules.is_superuser | is_city_planner_of)
rules.add_perm("cycles.view_cycle", rules.always_allow)

# The Django admin for the city's planners (rows are limited to their city by CityScopedAdmin).
for action in ("view", "add", "change"):
    rules.add_perm(f"cycles.{action}_planningcycle", rules.is_superuser | is_city_planner)
    rules.add_perm(f"cycles.{action}_stage", rules.is_superuser | is_city_planner)
