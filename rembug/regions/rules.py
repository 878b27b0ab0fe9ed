"""Named permissions of the region tree."""

import rules

from rembug.accounts.roles import CITY_PLANNERS, KELURAHAN_STAFF
from rembug.accounts.rules import is_city_planner, region_staff

# Region names and codes are public facts (Kepmendagri); Pokmas are registered by their kelurahan or the city.
rules.add_perm("regions.view_region", rules.always_allow)
rules.add_perm("regions.add_communitygroup", rules.is_superuser | region_staff(*KELURAHAN_STAFF, *CITY_PLANNERS))
rules.add_perm("regions.change_communitygroup", rules.is_superuser | region_staff(*KELURAHAN_STAFF, *CITY_PLANNERS))

rules.add_perm("regions.view_communitygroup", rules.is_superuser | is_city_planner)
