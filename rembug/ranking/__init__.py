"""Ranking of Musrenbang proposals: MCDM scoring (SAW, TOPSIS), AHP criterion weights, and vote counting.

Pure Python + NumPy, no Django, so it can be tested and benchmarked on its own and reused by any layer.
All functions raise ``ValueError`` naming the offending row, criterion or index on bad input.
"""

from .ahp import CR_THRESHOLD, RANDOM_INDEX, AHPResult, ahp_weights, is_consistent
from .mcdm import saw, topsis
from .voting import approval, borda, rank_order

__all__ = [
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "AHPResult",
    "ahp_weights",
    "approval",
    "borda",
    "is_consistent",
    "rank_order",
    "saw",
    "topsis",
]
