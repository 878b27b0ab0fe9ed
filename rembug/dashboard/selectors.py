"""What a signed-in person sees first: their roles, their region, the current stage and what it asks of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from rembug.accounts.models import RoleAssignment
from rembug.accounts.roles import KELURAHAN_STAFF, Role
from rembug.accounts.scopes import assignments_of
from rembug.cycles.models import PlanningCycle, Stage
from rembug.cycles.phases import STAGE_SPECS
from rembug.cycles.selectors import current_cycle, open_stages, today
from rembug.forums.selectors import HandedOver, kelurahan_received


@dataclass
class RoleCard:
    assignment: RoleAssignment
    cycle: PlanningCycle | None
    open_stages: list[Stage]
    tasks: list[str] = field(default_factory=list)
    next_stage: Stage | None = None
    #: For kelurahan staff and the LPMK: the Rembug lists handed over so far.
    received: list[HandedOver] | None = None


def dashboard_cards(user) -> list[RoleCard]:
    """One card per role assignment with the to-do list of the stages open now (from the stage table)."""
    day = today()
    cycles: dict[int, PlanningCycle | None] = {}
    cards = []
    for assignment in assignments_of(user):
        if assignment.city_id not in cycles:
            cycles[assignment.city_id] = current_cycle(assignment.city_id, on=day)
        cycle = cycles[assignment.city_id]
        stages = open_stages(cycle, on=day) if cycle else []
        tasks = [str(t) for s in stages for t in STAGE_SPECS[s.kind].tasks.get(assignment.role, ())]
        upcoming = [s for s in cycle.stages.all() if s.opens_on > day] if cycle else []
        card = RoleCard(assignment, cycle, stages, tasks, min(upcoming, key=lambda s: s.opens_on, default=None))
        if cycle and assignment.role in (*KELURAHAN_STAFF, Role.LPMK):
            card.received = kelurahan_received(assignment.region, cycle)
        cards.append(card)
    return cards
