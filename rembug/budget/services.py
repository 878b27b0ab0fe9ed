"""Writes of the Musrenbang Kota's budget fit (Permendagri 86/2017): Bappeda sets the indicative ceilings (pagu
indikatif) per kecamatan, kelurahan, agency and funding source, runs the fit of the verified proposals to them,
adjusts it by hand (forcing proposals in or out) and publishes it. Publishing moves every candidate to
ACCOMMODATED or NOT_ACCOMMODATED through `proposals.services.proposals_transition`, with a reason a resident can
check ("Melebihi pagu Kelurahan Dinoyo (sisa Rp 12.000.000).").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembug.agencies.models import Agency
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, Frozen, NotAllowed, StaleVersion
from rembug.fitting import fit_budget, greedy_fit
from rembug.history import recorded
from rembug.proposals.choices import FundingSource
from rembug.proposals.lifecycle import Operation, Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import Move, proposals_transition
from rembug.regions.models import VILLAGE_LEVELS, Level, Region
from rembug.rupiah import rupiah

from .models import Ceiling, CeilingKind, FitRun, FitStatus, ValueBasis
from .selectors import FitInput, accommodated_text, fit_items, reason_text, unverified_of
from .signals import proposal_accommodated

#: Longest the solver may run on a request (seconds); the fit of a whole city takes well under a second.
MAX_TIME_LIMIT = 60.0


def _require_planner(actor, cycle: PlanningCycle, message: str) -> None:
    if not actor.has_perm("budget.manage_budget", cycle):
        raise NotAllowed(message)


def _clean_amount(amount) -> int:
    try:
        value = int(str(amount).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Pagu harus berupa rupiah bulat."), field="amount") from None
    if value < 0:
        raise DomainError(_("Pagu tidak boleh negatif."), field="amount")
    return value


def _target(cycle: PlanningCycle, kind: str, region: Region | None, agency: Agency | None, source: str) -> dict:
    """The one thing the ceiling limits, checked against the cycle's city; fields of other kinds are ignored."""
    if kind in (CeilingKind.KECAMATAN, CeilingKind.KELURAHAN):
        levels = (Level.KECAMATAN,) if kind == CeilingKind.KECAMATAN else VILLAGE_LEVELS
        if region is None or region.level not in levels or region.city_id != cycle.city_id:
            message = (
                _("Pilih kecamatan di kota ini.")
                if kind == CeilingKind.KECAMATAN
                else _("Pilih kelurahan di kota ini.")
            )
            raise DomainError(message, field="region")
        return {"region": region}
    if kind == CeilingKind.AGENCY:
        if agency is None or agency.city_id != cycle.city_id:
            raise DomainError(_("Pilih perangkat daerah kota ini."), field="agency")
        return {"agency": agency}
    if kind == CeilingKind.SOURCE:
        if source not in FundingSource.values:
            raise DomainError(_("Sumber dana tidak dikenal."), field="source")
        return {"source": source}
    raise DomainError(_("Jenis pagu tidak dikenal."), field="kind")


@recorded
@transaction.atomic
def ceiling_set(
    *,
    actor,
    cycle: PlanningCycle,
    kind: str,
    amount: int,
    region: Region | None = None,
    agency: Agency | None = None,
    source: str = "",
    version: int | None = None,
) -> Ceiling:
    """Set the pagu indikatif of a kecamatan/kelurahan (``region``), an agency or a funding source (``source``).

    The ceiling is created, or its amount changed when the year already has one for that target; ``version`` is
    the one the planner loaded: a stale edit is refused, never silently overwritten (None: no check). Only while
    the Musrenbang Kota stage is open: after it the ceilings are part of the year's record.
    """
    _require_planner(actor, cycle, _("Hanya Bappeda kota ini yang dapat mengatur pagu indikatif."))
    require_stage_open(cycle, Action.CEILING_EDIT)
    target = _target(cycle, kind, region, agency, source)
    value = _clean_amount(amount)
    existing = Ceiling.objects.select_for_update().filter(cycle=cycle, kind=kind, **target).first()
    if existing is None:
        if version is not None:
            raise StaleVersion(_("Pagu ini baru saja dihapus orang lain. Muat ulang halaman lalu coba lagi."))
        try:
            with transaction.atomic():
                return Ceiling.objects.create(cycle=cycle, kind=kind, amount=value, **target)
        except IntegrityError:
            raise StaleVersion(_("Pagu ini baru saja dibuat orang lain. Muat ulang halaman lalu coba lagi.")) from None
    if version is not None and version != existing.version:
        raise StaleVersion(_("Pagu ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    if existing.amount != value:
        existing.amount = value
        existing.version += 1
        existing.save(update_fields=["amount", "version", "updated_at"])
    return existing


@recorded
@transaction.atomic
def ceiling_remove(*, actor, ceiling: Ceiling, version: int | None = None) -> None:
    """Remove a ceiling: what it limited is then limited by the others only (while Musrenbang Kota is open)."""
    _require_planner(actor, ceiling.cycle, _("Hanya Bappeda kota ini yang dapat mengatur pagu indikatif."))
    require_stage_open(ceiling.cycle, Action.CEILING_EDIT)
    deleted = Ceiling.objects.filter(pk=ceiling.pk, **({"version": version} if version is not None else {})).delete()
    if not deleted[0]:
        raise StaleVersion(_("Pagu ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))


def _clean_numbers(numbers: Iterable, data: FitInput, field: str) -> list[str]:
    clean = list(dict.fromkeys(str(n).strip() for n in numbers if str(n).strip()))
    unknown = [n for n in clean if n not in data.details]
    if unknown:
        raise DomainError(
            _("Bukan usulan yang sedang disesuaikan dengan pagu: %(numbers)s.") % {"numbers": ", ".join(unknown)},
            field=field,
        )
    return clean


def _check_forced(data: FitInput, forced_in: list[str], forced_out: list[str]) -> None:
    """Say in Bappeda's words why a hand adjustment cannot work, before the solver says it in its own."""
    both = [n for n in forced_in if n in forced_out]
    if both:
        raise DomainError(
            _("Usulan tidak dapat sekaligus dipaksa masuk dan dikeluarkan: %(numbers)s.")
            % {"numbers": ", ".join(both)},
            field="forced_in",
        )
    above: dict[str, list[str]] = defaultdict(list)
    for a, b in data.precedence:
        above[b].append(a)
    needed: dict[str, str] = {}  # proposal → the forced one that needs it
    stack = [(n, n) for n in forced_in]
    while stack:
        number, origin = stack.pop()
        if number in needed:
            continue
        needed[number] = origin
        stack.extend((a, origin) for a in above.get(number, ()))
    for number in forced_out:
        if number in needed:
            raise DomainError(
                _("Usulan %(number)s dipaksa masuk, tetapi usulan prioritas di atasnya %(other)s dikeluarkan.")
                % {"number": needed[number], "other": number},
                field="forced_in",
            )
    spent: dict[str, int] = defaultdict(int)
    for number in needed:
        for key in data.details[number]["groups"]:
            spent[key] += data.details[number]["cost"]
    for key, total in spent.items():
        if total > data.ceilings[key]:
            raise DomainError(
                _(
                    "Usulan yang dipaksa masuk (bersama usulan prioritas di atasnya) memerlukan %(need)s dari pagu "
                    "%(ceiling)s, padahal pagunya %(cap)s."
                )
                % {"need": rupiah(total), "ceiling": data.labels.get(key, key), "cap": rupiah(data.ceilings[key])},
                field="forced_in",
            )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def fit_run(
    *,
    actor,
    cycle: PlanningCycle,
    value_basis: str = ValueBasis.RANK,
    forced_in: Iterable[str] = (),
    forced_out: Iterable[str] = (),
    time_limit: float = 10.0,
) -> FitRun:
    """Fit the verified proposals to the ceilings: the optimum and, on the same input, the greedy rule.

    ``forced_in``/``forced_out`` are proposal numbers Bappeda decided by hand; a forced-in proposal brings the
    proposals above it in its forum's order with it. Both results are stored (a draft); nothing else changes.
    The solver runs outside any transaction so that a slow fit holds no lock.
    """
    _require_planner(actor, cycle, _("Hanya Bappeda kota ini yang dapat menjalankan penyesuaian pagu."))
    require_stage_open(cycle, Action.BUDGET_FIT)
    if value_basis not in ValueBasis.values:
        raise DomainError(_("Dasar nilai tidak dikenal."), field="value_basis")
    try:
        limit = float(time_limit)
    except (TypeError, ValueError):
        limit = -1.0
    if not 0 < limit <= MAX_TIME_LIMIT:
        raise DomainError(_("Batas waktu penghitungan lebih dari 0 dan paling lama 60 detik."), field="time_limit")
    data = fit_items(cycle, value_basis=value_basis)
    if not data.items:
        raise DomainError(_("Belum ada usulan yang diterima perangkat daerah untuk disesuaikan dengan pagu."))
    forced_in = _clean_numbers(forced_in, data, "forced_in")
    forced_out = _clean_numbers(forced_out, data, "forced_out")
    _check_forced(data, forced_in, forced_out)
    args = {"precedence": data.precedence, "forced_in": forced_in, "forced_out": forced_out}
    try:
        best = fit_budget(data.items, data.ceilings, time_limit=limit, **args)
        greedy = greedy_fit(data.items, data.ceilings, **args)
    except ValueError as error:  # what _check_forced could not foresee; the solver's own words, in English
        raise DomainError(_("Penyesuaian tidak dapat dijalankan: %(detail)s") % {"detail": error}) from None
    return FitRun.objects.create(
        cycle=cycle,
        value_basis=value_basis,
        forced_in=forced_in,
        forced_out=forced_out,
        time_limit=limit,
        items=data.details,
        ceilings=data.ceilings,
        labels=data.labels,
        precedence=[list(pair) for pair in data.precedence],
        selected=sorted(best.selected),
        objective=best.objective,
        optimal=best.optimal,
        gap=_finite(best.gap),
        solver_status=best.status[:60],
        reasons={k: r.as_dict() for k, r in best.reasons.items()},
        remaining={k: int(v) for k, v in best.remaining.items()},
        greedy_selected=sorted(greedy.selected),
        greedy_objective=greedy.objective,
        greedy_reasons={k: r.as_dict() for k, r in greedy.reasons.items()},
        greedy_remaining={k: int(v) for k, v in greedy.remaining.items()},
        created_by=actor,
    )


def _same_input(run: FitRun, now: FitInput) -> bool:
    """True when the proposals, their costs, values and order, and the ceilings are what the run fitted."""
    if set(now.details) != set(run.items) or now.ceilings != run.ceilings:
        return False
    if sorted(map(tuple, run.precedence)) != sorted(now.precedence):
        return False
    # Values went through JSON (jsonb on PostgreSQL): compare them as numbers, not bit patterns.
    return all(
        run.items[n]["cost"] == d["cost"]
        and math.isclose(run.items[n]["value"], d["value"], rel_tol=1e-12)
        and run.items[n]["groups"] == d["groups"]
        for n, d in now.details.items()
    )


@transaction.atomic
def fit_publish(*, actor, run: FitRun) -> FitRun:
    """Publish the latest draft run: every candidate becomes ACCOMMODATED or NOT_ACCOMMODATED, with its reason.

    Refused when the proposals or ceilings changed since the run (run it again first). The rule and the stage
    are checked once for the whole list; each accommodated proposal with a city budget share also gets its
    activity planned for the budget year: rembug.delivery listens to `proposal_accommodated`.
    """
    cycle = run.cycle
    _require_planner(actor, cycle, _("Hanya Bappeda kota ini yang dapat mengumumkan penyesuaian pagu."))
    if not actor.has_perm("proposals.fit_proposal", cycle):
        raise NotAllowed(_("Hanya Bappeda kota ini yang dapat mengumumkan penyesuaian pagu."))
    require_stage_open(cycle, Action.BUDGET_FIT)
    locked = FitRun.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=run.pk)
    if locked.status != FitStatus.DRAFT:
        raise Frozen(_("Penyesuaian ini sudah diumumkan."))
    latest = FitRun.objects.filter(cycle=cycle).order_by("-pk").values_list("pk", flat=True).first()
    if latest != locked.pk:
        raise StaleVersion(_("Hanya penyesuaian terakhir yang dapat diumumkan. Buka penyesuaian terbaru."))
    ids = [item["id"] for item in locked.items.values()]
    proposals = {p.pk: p for p in Proposal.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")}
    if not _same_input(locked, fit_items(cycle, value_basis=locked.value_basis)):
        raise StaleVersion(
            _("Usulan atau pagu berubah sejak penyesuaian ini dijalankan. Jalankan ulang penyesuaian, lalu umumkan.")
        )
    selected = set(locked.selected)
    budget_year = cycle.budget_year
    moves, planned = [], []
    for number, item in sorted(locked.items.items()):
        proposal = proposals[item["id"]]
        data = {"fit_run": locked.pk, "cost": item["cost"], "value": item["value"]}
        if number in selected:
            moves.append(Move(proposal, Status.ACCOMMODATED, accommodated_text(item["cost"], budget_year), data))
            if item["cost"] > 0:  # no city share, no city activity to plan
                planned.append((proposal, item["cost"]))
        else:
            reason = locked.reasons.get(number, {"kind": "value"})
            text = reason_text(reason, labels=locked.labels, remaining=locked.remaining)
            moves.append(Move(proposal, Status.NOT_ACCOMMODATED, text, {**data, "reason": reason}))
    # What its agency never verified does not hang on: it is not accommodated, naming the agency (issue 12, 4).
    for proposal, row in unverified_of(cycle, lock=True):
        data = {"fit_run": locked.pk, "reason": {"kind": "unverified", "agency": row.agency}}
        moves.append(Move(proposal, Status.NOT_ACCOMMODATED, row.reason_text, data))
    fitted = Operation(action=Action.BUDGET_FIT, perm="proposals.fit_proposal", target=cycle)
    proposals_transition(actor=actor, operation=fitted, moves=moves)
    for proposal, cost in planned:  # rembug.delivery plans the activity (docs/architecture.md)
        proposal_accommodated.send(sender=FitRun, proposal=proposal, budget_amount=cost, budget_year=budget_year)
    locked.status = FitStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save(update_fields=["status", "published_at", "published_by"])
    return locked
