"""What the forums ask of the apps above them, filled in by those apps' AppConfig.ready() (docs/architecture.md).

The Berita Acara says how the order was reached: the suggested order and the vote come from rembug.scoring,
which builds on forums; scoring registers its summary here so forums never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Meeting


@dataclass(frozen=True)
class NoRanking:
    """The summary of a meeting nobody ranked (no ranking app installed): no suggestion, no vote."""

    suggestion: None = None
    vote: None = None
    tally: None = None
    empty: bool = True


_ranking_summary: Callable[[Meeting], Any] | None = None


def register_ranking_summary(summary: Callable[[Meeting], Any] | None) -> None:
    """rembug.scoring's `meeting_ranking_summary`: anything with .suggestion, .vote, .tally and .empty."""
    global _ranking_summary
    _ranking_summary = summary


def ranking_summary(meeting: Meeting) -> Any:
    """The latest suggestion and closed vote of the meeting, as the ranking app sums them up."""
    return NoRanking() if _ranking_summary is None else _ranking_summary(meeting)
