"""Reads about planning years: which cycle is current for a city and which stages are open."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rembug import history
from rembug.accounts.scopes import current_city_id

from .models import PlanningCycle, Stage
from .phases import StageKind


def today() -> datetime.date:
    """The date in the city's time zone (stage windows are whole days, as the city announces them)."""
    return timezone.localdate()


def current_cycle_for(request, *, among: Iterable[int] | None = None) -> PlanningCycle | None:
    """The current cycle of the city the person works in now (`accounts.scopes.current_city_id`, which asks a
    person with roles in several cities to choose); None when they have no city or it has no cycle."""
    return current_cycle(current_city_id(request, among=among))


def current_cycle(city_id: int | None, *, on: datetime.date | None = None) -> PlanningCycle | None:
    """The cycle with a stage open on `on`, else the newest cycle of the city; None when the city has none."""
    if city_id is None:
        return None
    day = on or today()
    cycles = list(
        PlanningCycle.objects.filter(city_id=city_id)
        .select_related("city")
        .prefetch_related("stages")
        .order_by("-year")[:3]
    )
    for cycle in cycles:
        if any(stage.is_open_on(day) for stage in cycle.stages.all()):
            return cycle
    return cycles[0] if cycles else None


def open_stages(cycle: PlanningCycle, *, on: datetime.date | None = None) -> list[Stage]:
    day = on or today()
    return [stage for stage in cycle.stages.all() if stage.is_open_on(day)]


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")  # as stage refusals say it: "21 Maret 2027"


def schedule_history(cycle: PlanningCycle) -> list[history.Entry]:
    """Every change of the year's stage windows and of the year itself (its quota), newest first; two queries."""
    stages = (
        Stage.history.filter(cycle_id=cycle.pk).select_related("history_user").order_by("history_date", "history_id")
    )
    year = (
        PlanningCycle.history.filter(id=cycle.pk).select_related("history_user").order_by("history_date", "history_id")
    )
    found = [
        *history.entries(
            stages,
            subject=lambda r: str(StageKind(r.kind).label),
            formats={"opens_on": _day, "closes_on": _day},
            quiet=history.QUIET_FIELDS | {"cycle", "kind"},
        ),
        *history.entries(
            year,
            subject=lambda r: _("Musrenbang %(year)s") % {"year": r.year},
            quiet=history.QUIET_FIELDS | {"city", "year"},
        ),
    ]
    return sorted(found, key=lambda e: (e.when, e.record.history_id), reverse=True)


def cycle_of_city(city_id: int | None, *, year: int | None = None, pk: int | None = None) -> PlanningCycle | None:
    """The city's planning year named by its year or its id, with its stages (the guard reads them); None if absent."""
    found = PlanningCycle.objects.prefetch_related("stages").filter(city_id=city_id)
    return found.filter(year=year).first() if year is not None else found.filter(pk=pk).first()
