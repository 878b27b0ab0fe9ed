"""Named permissions of recommendations. Who may verify is `proposals.verify_proposal` (proposals/rules.py);
here only the Django admin's read access: the city's planners follow every level's recommendations."""

import rules

from rembug.accounts.rules import is_city_planner

rules.add_perm("verification.view_recommendation", rules.is_superuser | is_city_planner)
