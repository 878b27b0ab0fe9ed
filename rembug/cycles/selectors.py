"""Reads about planning years: which cycle is current for a city and which stages are open."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import PlanningCycle, Stage


def today() -> datetime.date:
    """The date in the city's time zone (stage windows are whole days, as the city announces them)."""
    return timezone.localdate()


def current_cycle(city_id: int | None, *, on: datetime.date | None = None) -> PlanningCycle | None:
    """The cycle with a stage open on `on`, else the newest cycle of the city; None when the city has none."""
    if city_id is None:
        return None
    day = on or today()
    cycles = list(
        PlanningCycle.objects.filter(city_id=city_id).select_related("city").prefetch_related("stages").order_by("-year")[:3]
    )
    for cycle in cycles:
        if any(stage.is_open_on(day) for stage in cycle.stages.all()):
            return cycle
    return cycles[0] if cycles else None


def open_stages(cycle: PlanningCycle, *, on: datetime.date | None = None) -> list[Stage]:
    day = on or today()
    return [stage for stage in cycle.stages.all() if stage.is_open_on(day)]
