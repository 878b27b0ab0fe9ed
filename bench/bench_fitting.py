"""Benchmark of rembug.fitting at city scale: 250,000 proposals, 102 ceilings, precedence chains.

Run: ``python bench/bench_fitting.py [--items N] [--seed S] [--repeat R]``. Prints timings, objective and
proven gap; exits 1 when ``fit_budget`` misses the target (optimal within 0.1 % in under 10 s wall time,
validation and reasons included).

The instance mimics a city such as Kota Malang: 5 kecamatan, 57 kelurahan, 40 agencies (OPD). Proposals come
from proposers (RW forums) of 1-9 proposals each (mean 5) whose agreed order is a precedence chain.
Costs are log-uniform between 5 and 500 million rupiah (whole thousands); values are a 20-100 score scaled
by the square root of the cost and perturbed along the chain, so the forum order and the value disagree
sometimes. Each ceiling is 30-50 % of the demand that counts against it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rembug.fitting import fit_budget, greedy_fit

TARGET_SECONDS = 10.0
TARGET_GAP = 1e-3


def make_instance(n: int, seed: int) -> tuple[list[dict], dict[str, int], list[tuple[str, str]]]:
    """A reproducible city-sized instance (see module docstring)."""
    rng = np.random.default_rng(seed)
    kec_of_kel = np.sort(rng.permutation(np.arange(57) % 5))
    kel_codes = []
    for kel, kec in enumerate(kec_of_kel):
        kel_codes.append(f"35.73.{kec + 1:02d}.{1001 + kel}")
    kel_weight = rng.uniform(0.5, 1.5, 57)

    lengths = rng.integers(1, 10, size=n // 3)  # 1..9, mean 5
    lengths = lengths[: np.searchsorted(np.cumsum(lengths), n) + 1]
    lengths[-1] -= lengths.sum() - n
    proposer_of_item = np.repeat(np.arange(len(lengths)), lengths)
    pos_in_proposer = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    kel_of_proposer = rng.choice(57, size=len(lengths), p=kel_weight / kel_weight.sum())
    kel = kel_of_proposer[proposer_of_item]
    agency = rng.choice(40, size=n, p=rng.dirichlet(np.full(40, 2.0)))
    cost = (np.exp(rng.uniform(np.log(5e6), np.log(5e8), n)) / 1000).round().astype(np.int64) * 1000
    score = rng.uniform(20, 100, n) * (1 - 0.05 * pos_in_proposer) + rng.normal(0, 10, n)
    value = np.clip(score, 1, None) * np.sqrt(cost / 1e8)

    ids = [f"U{u}-{p}" for u, p in zip(proposer_of_item.tolist(), pos_in_proposer.tolist(), strict=True)]
    kel_key = [f"kel:{kel_codes[k]}" for k in range(57)]
    kec_key = [f"kec:35.73.{k + 1:02d}" for k in range(5)]
    ag_key = [f"opd:{a + 1:02d}" for a in range(40)]
    items = [
        {"id": i, "cost": c, "value": v, "groups": (kel_key[k], kec_key[kec_of_kel[k]], ag_key[a])}
        for i, c, v, k, a in zip(ids, cost.tolist(), value.tolist(), kel.tolist(), agency.tolist(), strict=True)
    ]
    share = rng.uniform(0.3, 0.5, 57 + 5 + 40)
    demand = np.concatenate([
        np.bincount(kel, weights=cost, minlength=57),
        np.bincount(kec_of_kel[kel], weights=cost, minlength=5),
        np.bincount(agency, weights=cost, minlength=40),
    ])  # fmt: skip
    caps = (demand * share / 1e6).round().astype(np.int64) * 1_000_000
    ceilings = dict(zip(kel_key + kec_key + ag_key, caps.tolist(), strict=True))
    chained = np.flatnonzero(pos_in_proposer[1:] > 0) + 1
    precedence = [(ids[b - 1], ids[b]) for b in chained.tolist()]
    return items, ceilings, precedence


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-precedence", action="store_true")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work slows the timings)")
    t0 = time.perf_counter()
    items, ceilings, precedence = make_instance(args.items, args.seed)
    if args.no_precedence:
        precedence = []
    print(
        f"instance: {len(items):,} proposals, {len(ceilings)} ceilings, {len(precedence):,} precedence pairs "
        f"(generated in {time.perf_counter() - t0:.2f} s)"
    )

    t0 = time.perf_counter()
    greedy = greedy_fit(items, ceilings, precedence=precedence)
    t_greedy = time.perf_counter() - t0
    print(f"greedy_fit: {t_greedy:6.2f} s  objective {greedy.objective:,.1f}  selected {len(greedy.selected):,}")

    ok = True
    times = []
    for run in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fit_budget(items, ceilings, precedence=precedence, time_limit=TARGET_SECONDS)
        times.append(time.perf_counter() - t0)
        cpu = time.process_time() - c0
        gain = (result.objective - greedy.objective) / greedy.objective
        print(
            f"fit_budget #{run + 1}: {times[-1]:6.2f} s (cpu {cpu:5.2f} s)  objective {result.objective:,.1f}  "
            f"gap {result.gap:.2e}  status {result.status!r}  optimal {result.optimal}  "
            f"selected {len(result.selected):,}  gain over greedy {gain:+.3%}"
        )
        used = {k: ceilings[k] - r for k, r in result.remaining.items()}
        assert all(0 <= used[k] <= ceilings[k] for k in ceilings)
        ok &= result.optimal and result.gap <= TARGET_GAP and times[-1] < TARGET_SECONDS
        ok &= result.objective >= greedy.objective
    kinds: dict[str, int] = {}
    for reason in result.reasons.values():
        kinds[reason.kind] = kinds.get(reason.kind, 0) + 1
    print(f"left out by reason: {kinds}")
    print(f"fit_budget wall time: best {min(times):.2f} s, worst {max(times):.2f} s (target < {TARGET_SECONDS:.0f} s)")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
