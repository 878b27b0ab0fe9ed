"""How many RW and RT each kelurahan has, from published counts, generating the missing ones plausibly.

No machine-readable source of RW/RT counts per kelurahan exists (see data/SOURCES.md). Known figures are kept as
they are; a kecamatan with a published total shares what its known kelurahan do not use evenly among the others;
kecamatan without a total share the city's remainder by population. Everything generated is marked so. Pure
Python: no Django, so the arithmetic is tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KnownCounts:
    rw: dict[str, int | None] = field(default_factory=dict)
    rt: dict[str, int | None] = field(default_factory=dict)
    population: dict[str, int | None] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RtRwPlan:
    rt_per_rw: tuple[int, ...]
    generated: bool
    source: str

    @property
    def rw(self) -> int:
        return len(self.rt_per_rw)

    @property
    def rt(self) -> int:
        return sum(self.rt_per_rw)


GENERATED_SOURCE = "dibangkitkan: dibagi dari total resmi (Kota Malang Dalam Angka 2023)"


def split_evenly(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole shares that differ by at most one, larger shares first."""
    if parts <= 0:
        return []
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def split_by_weight(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder apportionment: whole shares proportional to `weights` that add up to `total`."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        return split_evenly(total, len(weights))
    quotas = [total * w / weight_sum for w in weights]
    shares = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: quotas[i] - shares[i], reverse=True)
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def allocate_rt_rw(city_code: str, kelurahan: dict[str, str], known: KnownCounts) -> dict[str, RtRwPlan]:
    """RW/RT plan for each kelurahan code (mapped to its kecamatan code) so that the city totals hold.

    Raises ValueError when the known figures already exceed a total (the data would contradict itself).
    """
    by_kec: dict[str, list[str]] = {}
    for kel, kec in sorted(kelurahan.items()):
        by_kec.setdefault(kec, []).append(kel)
    city_rw, city_rt = known.rw.get(city_code), known.rt.get(city_code)
    if city_rw is None or city_rt is None:
        raise ValueError(f"Jumlah RW/RT untuk {city_code} tidak diketahui.")

    kec_totals: dict[str, tuple[int, int]] = {}
    open_kec = []
    for kec in by_kec:
        if known.rw.get(kec) is not None and known.rt.get(kec) is not None:
            kec_totals[kec] = (known.rw[kec], known.rt[kec])
        else:
            open_kec.append(kec)
    rest_rw = city_rw - sum(t[0] for t in kec_totals.values())
    rest_rt = city_rt - sum(t[1] for t in kec_totals.values())
    weights = [float(known.population.get(k) or 1) for k in open_kec]
    for kec, rw, rt in zip(open_kec, split_by_weight(rest_rw, weights), split_by_weight(rest_rt, weights), strict=True):
        kec_totals[kec] = (rw, rt)

    plans: dict[str, RtRwPlan] = {}
    for kec, kels in by_kec.items():
        total_rw, total_rt = kec_totals[kec]
        known_kels = [k for k in kels if known.rw.get(k) is not None and known.rt.get(k) is not None]
        other = [k for k in kels if k not in known_kels]
        left_rw = total_rw - sum(known.rw[k] for k in known_kels)
        left_rt = total_rt - sum(known.rt[k] for k in known_kels)
        if left_rw < len(other) or left_rt < left_rw:
            raise ValueError(f"Angka RW/RT yang diketahui untuk {kec} melebihi totalnya.")
        for kel in known_kels:
            plans[kel] = RtRwPlan(tuple(split_evenly(known.rt[kel], known.rw[kel])), False, known.sources.get(kel, ""))
        for kel, rw, rt in zip(other, split_evenly(left_rw, len(other)), _rt_for(left_rt, left_rw, other), strict=True):
            plans[kel] = RtRwPlan(tuple(split_evenly(rt, rw)), True, GENERATED_SOURCE)
    return plans


def _rt_for(left_rt: int, left_rw: int, kels: list[str]) -> list[int]:
    """RT per generated kelurahan, proportional to its RW so that every RW keeps at least one RT."""
    rws = split_evenly(left_rw, len(kels))
    return split_by_weight(left_rt, [float(r) for r in rws])
