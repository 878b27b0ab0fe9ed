"""Reads of the budget fit: the ceilings of a year, the fit's input built from the verified proposals, and what a
run funds per ceiling compared with the greedy rule.

The fit's input (:func:`fit_items`), exactly:

- **candidates**: the proposals of the cycle with status VERIFIED (accepted by their agency in the Forum
  Perangkat Daerah); each is identified by its number (2027-35.73.05.1004-0001).
- **cost**: what the city budget (APBD Kota) carries, since the ceilings are the city's. The proposal's cost is
  the latest recommended cost (the agency's, when it changed volume or cost) else its own amount; from it the
  shares of the funding plan agreed in the forums that other sources carry (swadaya, Dana Kelurahan, province,
  CSR, …) are taken away — so a proposal agreed as 100 % Dana Kelurahan costs the city budget nothing, and an
  agency's change of cost falls on the city's share. Without a funding plan: the cost minus the community's own
  contribution (swadaya). Never below zero.
- **groups**: the keys of the ceilings that exist for it, among its kelurahan (``kel:<code>``), its kecamatan
  (``kec:<code>``), its agency — the final one after re-routing, else the one first routed to — (``opd:<short
  name>``), and the city budget (``src:apbd_kota``). A ceiling Bappeda has not set does not limit anything.
- **value** (``value_basis="rank"``): the rank agreed in the finalized Musrenbang Kecamatan (the forum's list of
  the proposal's kecamatan): ``(n - rank + 1) / n`` where ``n`` is the number of items on that list, so the first
  gets 1.0 and the last 1/n. A proposal on no finalized Musrenbang Kecamatan list gets 0.5 and no order.
  ``value_basis="score"`` takes instead the score of the latest suggested order (SAW/TOPSIS, rembug.scoring) of
  that forum when it scored the proposal, falling back to the rank value.
- **precedence**: within each finalized Musrenbang Kecamatan list, the candidates of the same agency, in the
  forum's order, form a chain: each consecutive pair (a, b) means b can be funded only if a is. So an agency's
  budget never skips the forum's higher priority for a lower one; across agencies the order is not imposed
  (different agencies have different ceilings, and a cheap road must not wait for an expensive clinic).

Whatever the number of proposals, :func:`fit_items` costs four queries (ceilings, candidates with their city
share, the forum lists, and the suggestions for ``"score"``); :func:`fit_summary` reads the run only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from rembug import history
from rembug.cycles.models import PlanningCycle
from rembug.forums.models import MeetingItem, MeetingKind, MeetingStatus
from rembug.proposals.choices import FundingSource
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import FundingShare, Proposal
from rembug.rupiah import rupiah
from rembug.verification.selectors import with_recommended_money

from .models import Ceiling, CeilingKind, FitRun, ValueBasis

#: Value of a candidate that no finalized Musrenbang Kecamatan ranked (e.g. entered before the forums went online).
UNRANKED_VALUE = 0.5
CITY_BUDGET_KEY = f"src:{FundingSource.APBD_KOTA}"


def ceilings_of(cycle: PlanningCycle) -> QuerySet[Ceiling]:
    return (
        Ceiling.objects.filter(cycle=cycle)
        .select_related("cycle", "region", "agency")
        .order_by("kind", "region__code", "agency__short_name", "source")
    )


def fit_runs_of(cycle: PlanningCycle) -> QuerySet[FitRun]:
    """The runs of a year, newest first, without their large snapshots."""
    return (
        FitRun.objects.filter(cycle=cycle)
        .select_related("created_by")
        .defer("items", "labels", "precedence", "reasons", "greedy_reasons", "remaining", "greedy_remaining")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class FitInput:
    """What :func:`rembug.fitting.fit_budget` receives, with what the pages show about each proposal.

    ``details``: number → {id, title, kelurahan, kecamatan, agency, rank, list_size, cost, value, groups}.
    """

    items: list[dict[str, Any]] = field(default_factory=list)
    ceilings: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    precedence: list[tuple[str, str]] = field(default_factory=list)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)


def _city_share(proposal: Proposal) -> int:
    """What the city budget carries of the proposal (see the module docstring, **cost**)."""
    cost = proposal.recommended_cost if proposal.recommended_cost is not None else proposal.estimated_cost
    others = proposal.other_shares if proposal.has_plan else proposal.community_contribution
    return max(0, int(cost) - int(others or 0))


def fit_items(cycle: PlanningCycle, *, value_basis: str = ValueBasis.RANK) -> FitInput:
    """The fit's input for the cycle's verified proposals (see the module docstring for every rule)."""
    ceilings = list(ceilings_of(cycle))
    capacity = {c.key: int(c.amount) for c in ceilings}
    labels = {c.key: c.label for c in ceilings}
    by_agency = {c.agency_id: c.key for c in ceilings if c.kind == CeilingKind.AGENCY}
    by_region = {c.region_id: c.key for c in ceilings if c.region_id}

    shares = FundingShare.objects.filter(proposal=OuterRef("pk"))
    others = (
        shares.exclude(source=FundingSource.APBD_KOTA)
        .values("proposal")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    candidates = list(
        with_recommended_money(Proposal.objects.filter(cycle=cycle, status=Status.VERIFIED))
        .select_related("kelurahan__parent", "item__agency", "routed_agency", "final_agency")
        .annotate(has_plan=Exists(shares), other_shares=Subquery(others))
        .order_by("number")
    )
    ids = {p.pk for p in candidates}

    # Every item of every finalized Musrenbang Kecamatan of the year: n counts the whole agreed list.
    lists: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for meeting_id, proposal_id, rank in MeetingItem.objects.filter(
        meeting__cycle=cycle, meeting__kind=MeetingKind.MUSRENBANG_KECAMATAN, meeting__status=MeetingStatus.FINALIZED
    ).values_list("meeting_id", "proposal_id", "rank"):
        lists[meeting_id].append((rank, proposal_id))
    placed: dict[int, tuple[int, int, int]] = {}  # proposal id → (meeting id, rank, n)
    for meeting_id, entries in lists.items():
        for rank, proposal_id in entries:
            if proposal_id in ids and proposal_id not in placed:
                placed[proposal_id] = (meeting_id, rank, len(entries))

    scores: dict[int, dict[str, float]] = {}
    if value_basis == ValueBasis.SCORE and lists:
        scores = _latest_scores(lists)

    items: list[dict[str, Any]] = []
    details: dict[str, dict[str, Any]] = {}
    by_id: dict[int, Proposal] = {}
    for proposal in candidates:
        by_id[proposal.pk] = proposal
        agency = proposal.responsible_agency
        kelurahan, kecamatan = proposal.kelurahan, proposal.kelurahan.parent
        groups = [
            key
            for key in (
                by_region.get(kelurahan.pk),
                by_region.get(kecamatan.pk if kecamatan else None),
                by_agency.get(agency.pk if agency else None),
            )
            if key
        ]
        if CITY_BUDGET_KEY in capacity:
            groups.append(CITY_BUDGET_KEY)
        where = placed.get(proposal.pk)
        value = UNRANKED_VALUE
        if where is not None:
            meeting_id, rank, n = where
            value = (n - rank + 1) / n
            score = scores.get(meeting_id, {}).get(str(proposal.pk))
            if score is not None:
                value = max(0.0, float(score))
        cost = _city_share(proposal)
        items.append({"id": proposal.number, "cost": cost, "value": value, "groups": groups})
        details[proposal.number] = {
            "id": proposal.pk,
            "title": proposal.title,
            "kelurahan": kelurahan.label,
            "kecamatan": kecamatan.label if kecamatan else "",
            "agency": agency.short_name if agency else "",
            "rank": where[1] if where else None,
            "list_size": where[2] if where else None,
            "cost": cost,
            "value": value,
            "groups": groups,
            "theme": proposal.theme,
        }

    precedence: list[tuple[str, str]] = []
    for meeting_id, entries in lists.items():
        chains: dict[int | None, list[Proposal]] = defaultdict(list)
        for _rank, proposal_id in sorted(entries):
            proposal = by_id.get(proposal_id)
            if proposal is not None and placed[proposal_id][0] == meeting_id:
                agency = proposal.responsible_agency
                chains[agency.pk if agency else None].append(proposal)
        for chain in chains.values():
            precedence.extend((a.number, b.number) for a, b in pairwise(chain))
    return FitInput(items=items, ceilings=capacity, labels=labels, precedence=precedence, details=details)


def _latest_scores(lists: Mapping[int, object]) -> dict[int, dict[str, float]]:
    """meeting id → the latest suggestion's {proposal id (str): score}, in one query (rembug.scoring is optional)."""
    from django.apps import apps

    if not apps.is_installed("rembug.scoring"):
        return {}
    from rembug.scoring.models import Suggestion

    latest: dict[int, dict[str, float]] = {}
    for meeting_id, scores in (
        Suggestion.objects.filter(meeting_id__in=list(lists))
        .order_by("meeting_id", "-created_at", "-pk")
        .values_list("meeting_id", "scores")
    ):
        latest.setdefault(meeting_id, scores or {})
    return latest


@dataclass(frozen=True)
class CeilingDemand:
    """A ceiling with what the candidates ask of it (shown beside the pagu before running the fit)."""

    ceiling: Ceiling
    demand: int
    candidates: int


def ceilings_with_demand(cycle: PlanningCycle) -> tuple[list[CeilingDemand], FitInput]:
    """Every ceiling of the year with the total city share its candidates ask for (five queries)."""
    data = fit_items(cycle)
    demand: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for item in data.items:
        for key in item["groups"]:
            demand[key] += item["cost"]
            count[key] += 1
    rows = [CeilingDemand(c, demand.get(c.key, 0), count.get(c.key, 0)) for c in ceilings_of(cycle)]
    return rows, data


# --- reasons in words -----------------------------------------------------------------------------------------------


def reason_text(reason: Mapping[str, Any] | None, *, labels: Mapping[str, str], remaining: Mapping[str, int]) -> str:
    """The reason a proposal was left out, in the words a resident reads in its history, e.g.
    "Melebihi pagu Kelurahan Dinoyo (sisa Rp 12.000.000)." or "Menunggu usulan prioritas di atasnya: 2027-…"."""
    if not reason:
        return ""
    kind = reason.get("kind")
    ceilings = "; ".join(
        _("%(ceiling)s (sisa %(left)s)") % {"ceiling": labels.get(key, key), "left": rupiah(remaining.get(key, 0))}
        for key in reason.get("ceilings", ())
    )
    over = _("Melebihi pagu %(ceilings)s.") % {"ceilings": ceilings} if ceilings else ""
    if kind == "forced_out":
        return _("Dikeluarkan oleh Bappeda dalam penyesuaian pagu.")
    if kind == "precedence":
        waiting = _("Menunggu usulan prioritas di atasnya: %(numbers)s.") % {
            "numbers": ", ".join(reason.get("requires", ()))
        }
        return f"{waiting} {over}".strip()
    if kind == "ceiling":
        return over
    return _("Masih muat dalam pagu, tetapi tidak menambah nilai prioritas (nilainya 0).")


def accommodated_text(cost: int, budget_year: int) -> str:
    return _("Diakomodasi dalam RKPD %(year)s: %(amount)s dari APBD Kota (penyesuaian pagu indikatif).") % {
        "year": budget_year,
        "amount": rupiah(cost),
    }


# --- a run, per ceiling ---------------------------------------------------------------------------------------------


def _kind_of(key: str) -> str:
    return key.split(":", 1)[0]


def _used(items: Mapping[str, Mapping[str, Any]], chosen: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
    used: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for number in chosen:
        item = items[number]
        for key in item["groups"]:
            used[key] += item["cost"]
            count[key] += 1
    return used, count


def fit_summary(run: FitRun) -> dict[str, Any]:
    """What a run funds per ceiling, beside what the greedy rule funds on the same input, and every candidate.

    Reads only the run (its snapshot). Returns {run, cycle, year, budget_year, status, value_basis, created_at,
    published_at, optimal, gap, solver_status, forced_in, forced_out, objective, greedy_objective, gain,
    candidates, funded, greedy_funded, cost, greedy_cost, ceilings: [{key, kind, label, capacity, used,
    greedy_used, remaining, greedy_remaining, funded, greedy_funded, candidates, demand}], only_optimum,
    only_greedy (rows of the difference), items: [{number, id, title, kelurahan, kecamatan, agency, rank,
    list_size, cost, value, groups, selected, greedy_selected, forced, reason, reason_text, greedy_reason_text}]}.
    """
    items: dict[str, dict[str, Any]] = run.items
    chosen, greedy = set(run.selected), set(run.greedy_selected)
    forced_in, forced_out = set(run.forced_in), set(run.forced_out)
    used, funded = _used(items, chosen)
    greedy_used, greedy_funded = _used(items, greedy)
    demand, asked = _used(items, items)
    ceilings = [
        {
            "key": key,
            "kind": _kind_of(key),
            "label": run.labels.get(key, key),
            "capacity": capacity,
            "used": used.get(key, 0),
            "greedy_used": greedy_used.get(key, 0),
            "remaining": capacity - used.get(key, 0),
            "greedy_remaining": capacity - greedy_used.get(key, 0),
            "funded": funded.get(key, 0),
            "greedy_funded": greedy_funded.get(key, 0),
            "candidates": asked.get(key, 0),
            "demand": demand.get(key, 0),
        }
        for key, capacity in run.ceilings.items()
    ]
    order = list(CeilingKind.values)
    ceilings.sort(key=lambda c: (order.index(c["kind"]) if c["kind"] in order else len(order), c["label"]))
    remaining = {c["key"]: c["remaining"] for c in ceilings}
    greedy_remaining = {c["key"]: c["greedy_remaining"] for c in ceilings}

    rows = []
    for number, item in sorted(
        items.items(), key=lambda pair: (pair[1]["kecamatan"], pair[1]["agency"], pair[1]["rank"] or 10**6, pair[0])
    ):
        reason = run.reasons.get(number)
        greedy_reason = run.greedy_reasons.get(number)
        rows.append(
            {
                "number": number,
                **item,
                "selected": number in chosen,
                "greedy_selected": number in greedy,
                "forced": "in" if number in forced_in else "out" if number in forced_out else "",
                "reason": reason,
                "reason_text": reason_text(reason, labels=run.labels, remaining=remaining),
                "greedy_reason_text": reason_text(greedy_reason, labels=run.labels, remaining=greedy_remaining),
            }
        )
    return {
        "run": run.pk,
        "cycle": run.cycle_id,
        "year": run.cycle.year,
        "budget_year": run.cycle.budget_year,
        "status": run.status,
        "value_basis": run.value_basis,
        "created_at": run.created_at,
        "published_at": run.published_at,
        "optimal": run.optimal,
        "gap": run.gap,
        "solver_status": run.solver_status,
        "forced_in": list(run.forced_in),
        "forced_out": list(run.forced_out),
        "objective": run.objective,
        "greedy_objective": run.greedy_objective,
        "gain": run.objective - run.greedy_objective,
        "candidates": len(items),
        "funded": len(chosen),
        "greedy_funded": len(greedy),
        "cost": sum(items[n]["cost"] for n in chosen),
        "greedy_cost": sum(items[n]["cost"] for n in greedy),
        "ceilings": ceilings,
        "only_optimum": [r for r in rows if r["selected"] and not r["greedy_selected"]],
        "only_greedy": [r for r in rows if r["greedy_selected"] and not r["selected"]],
        "items": rows,
        "themes": _by_theme(rows),
    }


def _by_theme(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How each Musrenbang Tematik group's proposals fared (children, women, elderly, disabled, youth)."""
    from rembug.forums.models import Theme

    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        theme = row.get("theme") or ""
        if not theme:
            continue
        entry = found.setdefault(
            theme,
            {
                "theme": theme,
                "label": str(Theme(theme).label),
                "candidates": 0,
                "funded": 0,
                "greedy_funded": 0,
                "cost": 0,
            },
        )
        entry["candidates"] += 1
        entry["funded"] += row["selected"]
        entry["greedy_funded"] += row["greedy_selected"]
        entry["cost"] += row["cost"] if row["selected"] else 0
    return sorted(found.values(), key=lambda e: e["label"])


# --- history --------------------------------------------------------------------------------------------------------


def _ceiling_subject(record) -> str:
    """ "Kelurahan Dinoyo", "DPUPRPKP", "APBD Kota" for a past version of a ceiling (region fetched with it)."""
    if record.region_id:
        return record.region.label
    if record.agency_id:
        return record.agency.short_name
    return str(FundingSource(record.source).label) if record.source in FundingSource.values else record.source


def ceiling_history(cycle: PlanningCycle) -> list[history.Entry]:
    """Every change of the year's ceilings, deleted ones included, newest first: who, when, old and new pagu.

    One query whatever the number of changes.
    """
    records = (
        Ceiling.history.filter(cycle_id=cycle.pk)
        .select_related("history_user", "region", "agency")
        .order_by("history_date", "history_id")
    )
    return history.entries(
        records,
        subject=_ceiling_subject,
        formats={"amount": rupiah},
        quiet=history.QUIET_FIELDS | {"cycle", "kind", "region", "agency", "source"},
    )


@dataclass(frozen=True)
class Unverified:
    """A proposal its agency never verified, waiting when the fit is published: it gets an explicit fate."""

    pk: int
    number: str
    title: str
    agency: str

    @property
    def reason_text(self) -> str:
        return unverified_text(self.agency)


def unverified_text(agency: str) -> str:
    return _(
        "Tidak diakomodasi: %(agency)s belum memverifikasi usulan ini sampai hasil penyesuaian pagu diumumkan."
    ) % {"agency": agency or _("perangkat daerah")}


def unverified_count(cycle: PlanningCycle) -> int:
    return Proposal.objects.filter(cycle=cycle, status=Status.FORWARDED_OPD).count()


def unverified_of(cycle: PlanningCycle, *, limit: int | None = None, lock: bool = False) -> list:
    """Proposals of the year still waiting at the Forum Perangkat Daerah, with the agency responsible (one query).

    Rows are `Unverified`; with `lock` (inside the publishing transaction) pairs of (locked proposal, row).
    """
    queryset = (
        Proposal.objects.filter(cycle=cycle, status=Status.FORWARDED_OPD)
        .select_related("item__agency", "routed_agency", "final_agency")
        .order_by("number")
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    if limit is not None:
        queryset = queryset[:limit]
    rows = []
    for proposal in queryset:
        agency = proposal.responsible_agency
        row = Unverified(proposal.pk, proposal.number, proposal.title, agency.short_name if agency else "")
        rows.append((proposal, row) if lock else row)
    return rows
