"""Named permissions of the budget fit: Bappeda (or the city administrator) of the city sets its ceilings, runs
the fit and publishes it (Permendagri 86/2017: Musrenbang Kota is held by Bappeda). Nobody else sees them here."""

import rules

from rembug.accounts.rules import is_city_planner_of

# obj: the PlanningCycle (or a Ceiling / FitRun of it).
rules.add_perm("budget.manage_budget", rules.is_superuser | is_city_planner_of)
