"""RW/RT counts: published figures are kept, the rest generated so that the city totals hold."""

import pytest

from rembug.regions.rt_rw_counts import KnownCounts, allocate_rt_rw, split_by_weight, split_evenly


def test_split_evenly_differs_by_at_most_one_and_adds_up():
    assert split_evenly(10, 3) == [4, 3, 3]
    assert split_evenly(0, 2) == [0, 0]


def test_split_by_weight_is_proportional_and_adds_up():
    # 10 by 1:1:2 → quotas 2.5, 2.5, 5 → remainders .5/.5/0, the first gets the spare unit.
    assert split_by_weight(10, [1, 1, 2]) == [3, 2, 5]


def test_known_kelurahan_keep_their_counts_and_city_totals_hold():
    known = KnownCounts(
        rw={"9": 20, "9.01": 8, "9.01.1001": 3},
        rt={"9": 100, "9.01": 40, "9.01.1001": 10},
        population={"9.02": 1000},
        sources={"9.01.1001": "profil kelurahan"},
    )
    kelurahan = {"9.01.1001": "9.01", "9.01.1002": "9.01", "9.02.1001": "9.02", "9.02.1002": "9.02"}
    plan = allocate_rt_rw("9", kelurahan, known)
    assert plan["9.01.1001"].rw == 3 and plan["9.01.1001"].rt == 10 and not plan["9.01.1001"].generated
    assert plan["9.01.1002"].rw == 5 and plan["9.01.1002"].rt == 30 and plan["9.01.1002"].generated
    assert sum(p.rw for p in plan.values()) == 20
    assert sum(p.rt for p in plan.values()) == 100
    assert all(min(p.rt_per_rw) >= 1 for p in plan.values())


def test_known_figures_larger_than_their_total_are_refused():
    known = KnownCounts(rw={"9": 2, "9.01.1001": 5}, rt={"9": 10, "9.01.1001": 20})
    with pytest.raises(ValueError, match="melebihi"):
        allocate_rt_rw("9", {"9.01.1001": "9.01", "9.01.1002": "9.01"}, known)
