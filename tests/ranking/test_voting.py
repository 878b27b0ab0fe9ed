"""Borda, approval and rank_order: hand-counted tallies and refusal of malformed ballots."""

import math

import numpy as np
import pytest

from rembug.ranking import approval, borda, rank_order


def test_borda_counts_points_by_position_including_partial_rankings():
    # n = 4: positions earn 3, 2, 1, 0.
    # [2, 0, 1, 3] -> 2:3, 0:2, 1:1, 3:0;  [0, 2] -> 0:3, 2:2;  [2] -> 2:3
    # totals: 0 = 2+3 = 5, 1 = 1, 2 = 3+2+3 = 8, 3 = 0
    assert borda([[2, 0, 1, 3], [0, 2], [2]], 4) == [5, 1, 8, 0]


def test_borda_gives_unranked_alternatives_nothing():
    assert borda([[1]], 3) == [0, 2, 0]


def test_borda_without_rankings_is_all_zero():
    assert borda([], 3) == [0, 0, 0]


def test_borda_accepts_numpy_rankings():
    assert borda(np.array([[1, 0], [1, 0]]), 2) == [0, 2]


@pytest.mark.parametrize(
    ("rankings", "message"),
    [
        ([[0, 1], [1, 3]], r"ranking 1 contains index 3, out of range 0\.\.2"),
        ([[0, -1]], r"ranking 0 contains index -1, out of range"),
        ([[0, 1, 0]], r"ranking 0 contains index 0 more than once"),
        ([[0, 1.5]], r"ranking 0 contains 1\.5, which is not an integer"),
        ([[True, 0]], r"ranking 0 contains True, which is not an integer"),
        ([[0], {1, 2}], r"ranking 1 is a set, which has no order"),
        (["012"], r"ranking 0 must be a collection of alternative indices"),
        ([0, 1], r"ranking 0 must be a collection of alternative indices"),
    ],
)
def test_borda_refuses_malformed_ranking_naming_it(rankings, message):
    with pytest.raises(ValueError, match=message):
        borda(rankings, 3)


@pytest.mark.parametrize("n", [0, -1, 2.0, True, "3"])
def test_number_of_alternatives_must_be_a_positive_integer(n):
    with pytest.raises(ValueError, match=r"n \(number of alternatives\) must be a positive integer"):
        borda([], n)
    with pytest.raises(ValueError, match=r"n \(number of alternatives\) must be a positive integer"):
        approval([], n)


def test_approval_counts_each_approving_ballot():
    # 0: ballot 0; 1: ballot 2; 2: ballots 0, 1, 2; the empty ballot approves nothing.
    assert approval([{0, 2}, {2}, {1, 2}, set()], 3) == [1, 1, 3]


@pytest.mark.parametrize(
    ("ballots", "message"),
    [
        ([{0}, {5}], r"ballot 1 contains index 5, out of range 0\.\.2"),
        ([[1, 1]], r"ballot 0 contains index 1 more than once"),
        ([{0}, "1"], r"ballot 1 must be a collection"),
        ([{None}], r"ballot 0 contains None, which is not an integer"),
    ],
)
def test_approval_refuses_malformed_ballot_naming_it(ballots, message):
    with pytest.raises(ValueError, match=message):
        approval(ballots, 3)


def test_rank_order_puts_best_first():
    assert rank_order([0.2, 0.5, 0.1, 0.9]) == [3, 1, 0, 2]


def test_rank_order_keeps_input_order_among_ties():
    assert rank_order([1, 3, 1, 3, 2]) == [1, 3, 4, 0, 2]


def test_rank_order_of_nothing_is_empty():
    assert rank_order([]) == []


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_rank_order_refuses_non_finite_score_naming_it(bad):
    with pytest.raises(ValueError, match=r"scores\[1\] is (nan|inf)"):
        rank_order([0.1, bad])


def test_rank_order_refuses_a_matrix():
    with pytest.raises(ValueError, match=r"scores must be 1-dimensional"):
        rank_order([[1, 2], [3, 4]])
