"""Writes about planning years: creating a cycle, scheduling its stages, and the stage guard every write uses."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rembug.errors import DomainError, NotAllowed, StageClosed, StaleVersion
from rembug.history import recorded
from rembug.regions.models import CITY_LEVELS, Region

from .models import PlanningCycle, Stage
from .phases import STAGE_ORDER, STAGES, Action, StageKind, stages_allowing
from .selectors import today


def require_stage_open(cycle: PlanningCycle, action: str, *, on: datetime.date | None = None) -> Stage:
    """The open stage that allows `action`, or StageClosed saying when it opened/closed (or that it is unscheduled)."""
    day = on or today()
    kinds = stages_allowing(action)
    stages = [s for s in cycle.stages.all() if s.kind in kinds]
    for stage in stages:
        if stage.is_open_on(day):
            return stage
    what = Action(action).label
    if not stages:
        names = ", ".join(str(StageKind(k).label) for k in kinds)
        message = _("Tidak dapat %(what)s: tahap %(stage)s %(year)s belum dijadwalkan oleh Bappeda.")
        raise StageClosed(message % {"what": what, "stage": names, "year": cycle.year})
    stage = min(stages, key=lambda s: s.opens_on)
    if day < stage.opens_on:
        message = _("Tidak dapat %(what)s: tahap %(stage)s baru dibuka pada %(date)s.")
        raise StageClosed(
            message % {"what": what, "stage": stage.get_kind_display(), "date": date_format(stage.opens_on, "j F Y")}
        )
    stage = max(stages, key=lambda s: s.closes_on)
    message = _("Tidak dapat %(what)s: tahap %(stage)s sudah ditutup pada %(date)s; daftarnya telah dibekukan.")
    raise StageClosed(
        message % {"what": what, "stage": stage.get_kind_display(), "date": date_format(stage.closes_on, "j F Y")}
    )


@recorded
@transaction.atomic
def cycle_create(
    *,
    city: Region,
    year: int,
    priority_quota: int = 5,
    schedule: dict[str, tuple[datetime.date, datetime.date]] | None = None,
    actor=None,
) -> PlanningCycle:
    """Open a planning year for a city, with its stage windows (kind → (opens_on, closes_on)) if known.

    ``actor`` only names who did it in the history (None: the system, e.g. a management command).
    """
    if city.level not in CITY_LEVELS:
        raise DomainError(_("Siklus perencanaan dibuat untuk kota/kabupaten."), field="city")
    if PlanningCycle.objects.filter(city=city, year=year).exists():
        raise DomainError(_("Siklus %(year)s untuk %(city)s sudah ada.") % {"year": year, "city": city.name})
    if priority_quota < 1:
        raise DomainError(_("Kuota usulan prioritas paling sedikit 1."), field="priority_quota")
    cycle = PlanningCycle.objects.create(city=city, year=year, priority_quota=priority_quota)
    for kind, (opens_on, closes_on) in (schedule or {}).items():
        _check_window(cycle, kind, opens_on, closes_on)
        Stage.objects.create(cycle=cycle, kind=kind, opens_on=opens_on, closes_on=closes_on)
    return cycle


def default_schedule(year: int) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Kota Malang's recent calendar, moved to `year`: rembug in January ... Musrenbang Kota in late March."""
    d = datetime.date
    return {
        StageKind.REMBUG: (d(year, 1, 2), d(year, 1, 20)),
        StageKind.MUSRENBANG_KELURAHAN: (d(year, 1, 21), d(year, 1, 31)),
        StageKind.MUSRENBANG_KECAMATAN: (d(year, 2, 1), d(year, 2, 28)),
        StageKind.FORUM_OPD: (d(year, 3, 1), d(year, 3, 20)),
        StageKind.MUSRENBANG_KOTA: (d(year, 3, 21), d(year, 3, 31)),
        StageKind.IMPLEMENTATION: (d(year + 1, 1, 1), d(year + 1, 12, 31)),
    }


def _check_window(
    cycle: PlanningCycle, kind: str, opens_on: datetime.date, closes_on: datetime.date, *, exclude: int | None = None
) -> None:
    if kind not in STAGE_ORDER:
        raise DomainError(_("Tahap tidak dikenal: %(kind)s.") % {"kind": kind}, field="kind")
    if opens_on > closes_on:
        raise DomainError(_("Tanggal ditutup tidak boleh sebelum tanggal dibuka."), field="closes_on")
    # Stages follow the process: none may open before an earlier stage opens.
    for other in cycle.stages.exclude(pk=exclude):
        earlier = STAGE_ORDER[other.kind] < STAGE_ORDER[kind]
        if (earlier and other.opens_on > opens_on) or (not earlier and other.opens_on < opens_on):
            raise DomainError(
                _("Urutan tahap tidak sesuai: %(stage)s dibuka %(date)s.")
                % {"stage": other.get_kind_display(), "date": date_format(other.opens_on, "j F Y")},
                field="opens_on",
            )


@recorded
@transaction.atomic
def stage_schedule(
    *,
    actor,
    cycle: PlanningCycle,
    kind: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    version: int | None = None,
) -> Stage:
    """Set a stage's window. Only Bappeda (or the city administrator) of that city may; `version` guards edits."""
    if not actor.has_perm("cycles.manage_cycle", cycle):
        raise NotAllowed(_("Hanya Bappeda kota ini yang dapat mengatur jadwal tahap."))
    stage = Stage.objects.select_for_update().filter(cycle=cycle, kind=kind).first()
    if stage is None:
        _check_window(cycle, kind, opens_on, closes_on)
        return Stage.objects.create(cycle=cycle, kind=kind, opens_on=opens_on, closes_on=closes_on)
    _check_window(cycle, kind, opens_on, closes_on, exclude=stage.pk)
    if version is not None and version != stage.version:
        raise StaleVersion(_("Jadwal tahap ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    # The row is locked (select_for_update above): a save, so the change and its history are one write.
    stage.opens_on, stage.closes_on, stage.version = opens_on, closes_on, stage.version + 1
    stage.save(update_fields=["opens_on", "closes_on", "version"])
    return stage


__all__ = ["STAGES", "cycle_create", "default_schedule", "require_stage_open", "stage_schedule"]
