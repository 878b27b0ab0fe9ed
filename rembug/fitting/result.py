"""Result types of budget fitting: what was funded, how sure we are, and why the rest was left out."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

ReasonKind = Literal["forced_out", "precedence", "ceiling", "value"]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one proposal was left out, so the forum can be told something it can check.

    ``kind`` is the decisive cause, checked in this order:

    - ``"forced_out"``: the planner excluded it explicitly;
    - ``"precedence"``: a proposal it depends on (agreed order) is not funded; ``requires`` lists them;
    - ``"ceiling"``: funding it on top of the selection would exceed ``ceilings`` (the ones whose remaining
      capacity is below its cost);
    - ``"value"``: it would fit but was not chosen; :func:`fit_budget` tops up any selection with what still
      fits, so this only happens to proposals of value 0 (funding them would spend money for nothing).

    A precedence reason also lists the ceilings the item would break (if any), so the forum sees both
    obstacles; a forced-out reason carries nothing else, the decision is the whole story. Identical reasons
    may be shared between items.
    """

    kind: ReasonKind
    ceilings: tuple[Hashable, ...] = ()
    requires: tuple[Hashable, ...] = ()

    @property
    def message(self) -> str:
        """Short English explanation for logs and staff screens (the UI translates from ``kind``)."""
        if self.kind == "forced_out":
            return "excluded by decision (forced out)"
        if self.kind == "precedence":
            return "needs " + ", ".join(map(str, self.requires)) + " funded first (agreed order)"
        if self.kind == "ceiling":
            return "would exceed ceiling " + ", ".join(map(str, self.ceilings))
        return "fits, but adds no priority value"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, e.g. ``{"kind": "ceiling", "ceilings": ["kel:35.73.01.1001"]}``."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.ceilings:
            out["ceilings"] = list(self.ceilings)
        if self.requires:
            out["requires"] = list(self.requires)
        return out

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class FitResult:
    """Outcome of a fit; immutable so it can be cached, compared and shown as it was computed.

    - ``selected``: ids of the funded proposals;
    - ``objective``: their total value;
    - ``optimal``: True when the selection is proven optimal or within ``gap`` <= 0.1 % (relative);
    - ``gap``: proven relative gap ``(upper bound - objective) / objective`` (0.0 when exact; ``inf`` when no
      bound is known, e.g. for greedy or a time-out without one);
    - ``status``: HiGHS ``modelStatusToString`` text (``"Optimal"``, ``"Time limit reached"``, ...), or
      ``"Gap not closed"`` (large-instance method), ``"Greedy"``, ``"Empty"`` (no proposals);
    - ``reasons``: id -> :class:`Reason` for every proposal not selected;
    - ``remaining``: ceiling key -> capacity left after the selection (exact integer rupiah).
    """

    selected: frozenset[Hashable]
    objective: float
    optimal: bool
    gap: float
    status: str
    reasons: Mapping[Hashable, Reason]
    remaining: Mapping[Hashable, int]
