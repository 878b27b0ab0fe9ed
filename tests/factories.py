"""Builders of test data that the services need before they can run (dictionary items, a proposal's earlier life)."""

from __future__ import annotations

import contextlib
import datetime
import itertools
from collections.abc import Callable, Iterator

from rembug.accounts.models import User
from rembug.agencies.models import Agency
from rembug.cycles.models import PlanningCycle, Stage
from rembug.cycles.phases import stages_allowing
from rembug.cycles.selectors import today
from rembug.proposals.lifecycle import TRANSITIONS, Operation
from rembug.proposals.models import DictionaryItem, Proposal
from rembug.proposals.services import proposal_transition
from rembug.vocabularies.services import terms_ensure_defaults

_codes = itertools.count(1)


def dictionary_item(
    city,
    *,
    name: str = "Paving jalan lingkungan",
    unit: str = "m2",
    unit_price: int | None = 150_000,
    category: str = "jalan",
    field: str = "sarana_umum",
    agency: str = "DPUPRPKP",
    authority: str = "kota",
    active_from: int = 2020,
    active_until: int | None = None,
):
    terms_ensure_defaults(city=city, extra_units=[unit])  # the item's unit is a word of the city's unit list
    return DictionaryItem.objects.create(
        city=city,
        code=f"T{next(_codes):04d}",
        name=name,
        field=field,
        category=category,
        agency=Agency.objects.get(city=city, short_name=agency),
        unit=unit,
        unit_price=unit_price,
        authority=authority,
        active_from=active_from,
        active_until=active_until,
    )


def steward() -> User:
    """A superuser who holds every rule: the test setup's stand-in for the forum, verifier or planner of a step."""
    user, _ = User.objects.get_or_create(
        username="pengurus-uji", defaults={"is_superuser": True, "is_staff": True, "full_name": "Pengurus uji"}
    )
    return user


@contextlib.contextmanager
def stage_open(cycle: PlanningCycle, action: str) -> Iterator[None]:
    """Open, for the block only, a stage that allows `action` (when none is open today), then put the calendar back."""
    day = today()
    stages = list(Stage.objects.filter(cycle=cycle, kind__in=stages_allowing(action)))
    if not stages or any(s.is_open_on(day) for s in stages):
        yield
        return
    stage = stages[0]
    Stage.objects.filter(pk=stage.pk).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    _forget_stages(cycle)
    try:
        yield
    finally:
        Stage.objects.filter(pk=stage.pk).update(opens_on=stage.opens_on, closes_on=stage.closes_on)
        _forget_stages(cycle)


def _forget_stages(cycle: PlanningCycle) -> None:
    """A cycle read with its stages prefetched (as `current_cycle` reads it) must see the calendar just changed."""
    getattr(cycle, "_prefetched_objects_cache", {}).pop("stages", None)


def walk(proposal: Proposal, *statuses: str, actor=None, reason: str | Callable[[str], str] = "") -> Proposal:
    """Move a proposal along the lifecycle table, step by step, through the one gate the services use.

    Setup for tests of a later step: each step's stage is opened for the moment and its rule is held by `actor`
    (by default the superuser `steward()`), checked on the proposal itself. A step not in the table is refused.
    """
    who = actor or steward()
    for to in statuses:
        transition = TRANSITIONS[(proposal.status, to)]
        action = transition.actions[0]
        text = reason(to) if callable(reason) else reason
        with stage_open(proposal.cycle, action):
            operation = Operation(action=action, perm=transition.perm, target=proposal)
            proposal = proposal_transition(actor=who, operation=operation, proposal=proposal, to=to, reason=text)
    return proposal
