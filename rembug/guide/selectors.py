"""Reads of the guide: each person's pages for the stages open now, with the checklist ticked from the data."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from rembug.accounts.roles import CITY_PLANNERS
from rembug.accounts.scopes import assignments_of
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import STAGE_SPECS, StageKind
from rembug.cycles.selectors import current_cycle, open_stages, today

from .actions import step_action
from .checks import CheckContext, GuideData, evaluate
from .models import FieldHelp, GuidePage

_CACHE_ATTR = "_rembug_guides"


@dataclass
class CheckedItem:
    label: str
    hint: str
    check: str
    #: True done, False not yet, None not checked (a reminder, or the check does not apply to this person).
    done: bool | None
    #: The button to the page where the step is done (guide/actions.py): its text and address, or empty.
    action: str = ""
    url: str = ""


@dataclass
class Guide:
    page: GuidePage | None
    role: str
    stage: str
    assignment: object = None
    cycle: PlanningCycle | None = None
    items: list[CheckedItem] = field(default_factory=list)
    #: The stage table's to-do list, shown when the city has no page for this role and stage.
    tasks: list[str] = field(default_factory=list)

    @property
    def checked(self) -> list[CheckedItem]:
        return [i for i in self.items if i.done is not None]

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def complete(self) -> bool:
        return bool(self.checked) and all(i.done for i in self.checked)


def _pages(city_ids, pairs) -> dict[tuple[int | None, str, str], GuidePage]:
    """Pages for (role, stage) pairs, the cities' own and the defaults, with their checklists: two queries."""
    if not pairs:
        return {}
    wanted = Q(pk__in=[])
    for role, stage in pairs:
        wanted |= Q(role=role, stage=stage)
    found = (
        GuidePage.objects.filter(wanted)
        .filter(Q(city_id__in=city_ids) | Q(city__isnull=True))
        .prefetch_related("items")
    )
    return {(p.city_id, p.role, p.stage): p for p in found}


def _pick(pages, city_id, role, stage) -> GuidePage | None:
    return pages.get((city_id, role, stage)) or pages.get((None, role, stage))


def _evaluate(user, page: GuidePage, ctx: CheckContext | None) -> list[CheckedItem]:
    items = []
    for i in page.items.all():
        action, url = step_action(i.check_key, ctx) or ("", "")
        items.append(
            CheckedItem(i.label, i.hint, i.check_key, evaluate(i.check_key, user, ctx) if ctx else None, action, url)
        )
    return items


def _tasks(role: str, stage: str) -> list[str]:
    spec = STAGE_SPECS.get(stage)
    return [str(t) for t in spec.tasks.get(role, ())] if spec else []


def guide_for(user, *, cycle: PlanningCycle | None = None) -> list[Guide]:
    """For each of the user's role assignments, the guide of every stage open now (the city's page, else the
    default), its checklist evaluated against one shared load of data: a bounded number of queries."""
    day = today()
    assignments = assignments_of(user)
    if cycle is not None:
        assignments = [a for a in assignments if a.city_id == cycle.city_id]
        cycles = {cycle.city_id: cycle}
    else:
        cycles = {city_id: current_cycle(city_id, on=day) for city_id in {a.city_id for a in assignments}}
    targets = []
    for assignment in assignments:
        found = cycles.get(assignment.city_id)
        for stage in open_stages(found, on=day) if found else []:
            targets.append((assignment, found, stage.kind))
    pages = _pages(set(cycles), {(a.role, stage) for a, _c, stage in targets})
    data = GuideData(assignments, cycles)
    guides = []
    for assignment, found, stage in targets:
        page = _pick(pages, assignment.city_id, assignment.role, stage)
        guide = Guide(page, assignment.role, stage, assignment, found)
        if page is None:
            guide.tasks = _tasks(assignment.role, stage)
            if not guide.tasks:
                continue
        else:
            guide.items = _evaluate(user, page, CheckContext(assignment, found, data))
        guides.append(guide)
    return guides


def guide_checklist(user, assignment=None) -> list[Guide]:
    """The user's current guides, computed once per request (the dashboard shows one card per assignment)."""
    guides = getattr(user, _CACHE_ATTR, None)
    if guides is None:
        guides = guide_for(user) if user.is_authenticated else []
        setattr(user, _CACHE_ATTR, guides)
    if assignment is None:
        return guides
    return [g for g in guides if g.assignment is not None and g.assignment.pk == assignment.pk]


def guide_page(user, role: str, stage: str) -> Guide:
    """Any role's guide for any stage, as the user's city wrote it (else the default); ticked when it is the
    user's own role in a stage open now."""
    assignments = assignments_of(user)
    mine = [a for a in assignments if a.role == role]
    city_ids = {a.city_id for a in assignments}
    city_id = (mine[0] if mine else assignments[0]).city_id if assignments else None
    page = _pick(_pages(city_ids, {(role, stage)}), city_id, role, stage)
    guide = Guide(page, role, stage)
    if page is None:
        guide.tasks = _tasks(role, stage)
        return guide
    if mine:
        cycles = {mine[0].city_id: current_cycle(mine[0].city_id)}
        cycle = cycles[mine[0].city_id]
        if cycle is not None and any(s.kind == stage for s in open_stages(cycle)):
            guide.assignment, guide.cycle = mine[0], cycle
            guide.items = _evaluate(user, page, CheckContext(mine[0], cycle, GuideData(mine, cycles)))
            return guide
    guide.items = _evaluate(user, page, None)
    return guide


def guide_catalogue(user) -> list[tuple[str, str, bool]]:
    """Every (role, stage) that has a page for the user's city or by default, in the order of the process;
    the flag marks the city's own pages."""
    city_ids = {a.city_id for a in assignments_of(user)}
    rows = GuidePage.objects.filter(Q(city_id__in=city_ids) | Q(city__isnull=True)).values_list(
        "role", "stage", "city_id"
    )
    own: dict[tuple[str, str], bool] = {}
    for role, stage, city_id in rows:
        own[(role, stage)] = own.get((role, stage), False) or city_id is not None
    order = {kind: i for i, kind in enumerate(StageKind.values)}
    return sorted(((r, s, o) for (r, s), o in own.items()), key=lambda row: (order.get(row[1], 99), row[0]))


def planner_cities(user) -> set[int]:
    """Cities whose guide the user may edit: where they are Bappeda or city administrator."""
    return {a.city_id for a in assignments_of(user) if a.role in CITY_PLANNERS}


def field_help(keys, city_id: int | None) -> dict[str, str]:
    """key → help text for these form fields: the city's own text, else the default (one query)."""
    found: dict[str, str] = {}
    rows = FieldHelp.objects.filter(key__in=list(keys)).filter(Q(city_id=city_id) | Q(city__isnull=True))
    for key, city, text in rows.order_by("city_id").values_list("key", "city_id", "text"):
        if city is not None or key not in found:
            found[key] = text
    return found
