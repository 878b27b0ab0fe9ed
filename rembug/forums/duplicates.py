"""Likely duplicates among the proposals a Musrenbang merges: same dictionary item, and nearby or alike.

Pure Python (no Django), so the rule is tested alone. Two RTs asking for the same drain usually pick the same
item and either mark points a few dozen metres apart or describe it in similar words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher

NEARBY_METRES = 200.0
SIMILAR_TEXT = 0.6


@dataclass(frozen=True)
class Candidate:
    id: int
    item_id: int
    title: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Pair:
    first: int
    second: int
    why: str  # "dekat" (nearby) or "mirip" (alike)
    metres: float | None
    similarity: float


def distance_metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (lat, lng) points."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def _words(candidate: Candidate) -> str:
    return " ".join(f"{candidate.title} {candidate.address}".lower().split())


def likely_duplicates(candidates: list[Candidate]) -> list[Pair]:
    """Pairs with the same item that are within 200 m of each other, or whose title and address are alike."""
    by_item: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_item.setdefault(candidate.item_id, []).append(candidate)
    pairs = []
    for group in by_item.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                similarity = SequenceMatcher(None, _words(a), _words(b)).ratio()
                metres = None
                if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
                    metres = distance_metres((a.latitude, a.longitude), (b.latitude, b.longitude))
                if metres is not None and metres <= NEARBY_METRES:
                    pairs.append(Pair(a.id, b.id, "dekat", metres, similarity))
                elif similarity >= SIMILAR_TEXT:
                    pairs.append(Pair(a.id, b.id, "mirip", metres, similarity))
    return sorted(pairs, key=lambda p: (p.metres if p.metres is not None else 1e9, -p.similarity))
