"""Named permissions of meetings: a proposer's chair holds its Rembug; kelurahan staff may enter one held on paper."""

import rules

from rembug.accounts.rules import is_city_planner
from rembug.proposals.rules import (
    chairs_proposer,
    chairs_rw_above,
    is_kecamatan_staff_of,
    is_kelurahan_staff_of,
    is_region_staff_of,
)

rules.add_perm("forums.hold_meeting", chairs_proposer | is_kelurahan_staff_of)
# obj: the Rembug (or Musrenbang Tematik) meeting whose finalizing agrees its list (lifecycle.TRANSITIONS).
rules.add_perm("forums.finalize_meeting", chairs_proposer | is_kelurahan_staff_of)
rules.add_perm("forums.view_meeting", chairs_proposer | chairs_rw_above | is_region_staff_of)

# The Musrenbang Kelurahan (and Tematik) is held by the kelurahan's staff; the Musrenbang Kecamatan by the
# kecamatan's. Both are visible to the region's staff above, like any meeting.
rules.add_perm("forums.hold_kelurahan_forum", is_kelurahan_staff_of)
rules.add_perm("forums.hold_kecamatan_forum", is_kecamatan_staff_of)

# The city's wording of the Berita Acara (decision 0028): Bappeda edits it in the admin, limited to its city.
for action in ("view", "add", "change"):
    rules.add_perm(f"forums.{action}_minuteswording", rules.is_superuser | is_city_planner)
