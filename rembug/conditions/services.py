"""Writes of the conditions app: the year's indicators, survey answers of an RT/RW, and the city's priorities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import Action
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, NotAllowed, StaleVersion
from rembug.proposals.choices import Category, Field
from rembug.regions.models import Region
from rembug.uploads import CleanFile, clean_photo, store

from .defaults import DEFAULT_INDICATORS
from .models import SCALE, CityPriority, Indicator, SurveyResponse
from .selectors import SURVEY_LEVELS

MAX_PRIORITIES = 50


# --- indicators -----------------------------------------------------------------------------------------------------


@transaction.atomic
def indicators_default(cycle: PlanningCycle) -> list[Indicator]:
    """Give a year the default survey (the seed's four fields) unless it already has indicators; idempotent."""
    PlanningCycle.objects.select_for_update().filter(pk=cycle.pk).first()
    existing = list(Indicator.objects.filter(cycle=cycle))
    if existing:
        return existing
    return Indicator.objects.bulk_create(
        [
            Indicator(
                cycle=cycle,
                field=str(f),
                code=code,
                name=name,
                question=question,
                scale=list(scale),
                position=(i + 1) * 10,
            )
            for i, (f, code, name, question, scale) in enumerate(DEFAULT_INDICATORS)
        ]
    )


def _check_scale(scale: Any) -> list[str]:
    if (
        not isinstance(scale, list | tuple)
        or len(scale) != len(SCALE)
        or not all(isinstance(s, str) and s.strip() for s in scale)
    ):
        raise DomainError(_("Uraian skala harus berisi lima teks: 1 = sangat buruk … 5 = baik."), field="scale")
    return [s.strip()[:200] for s in scale]


@transaction.atomic
def indicator_save(
    *,
    actor,
    cycle: PlanningCycle,
    code: str,
    field: str,
    name: str,
    question: str,
    scale: Sequence[str],
    position: int = 0,
    active: bool = True,
    version: int | None = None,
) -> Indicator:
    """Create or change one indicator of the year (by its code). Only Bappeda of the city may."""
    if not actor.has_perm("conditions.manage_indicators", cycle):
        raise NotAllowed(_("Hanya Bappeda kota ini yang dapat mengubah indikator survei."))
    if field not in Field.values:
        raise DomainError(_("Bidang tidak dikenal."), field="field")
    code = code.strip()
    if not code or not name.strip():
        raise DomainError(_("Kode dan nama indikator wajib diisi."), field="code")
    values = {
        "field": field,
        "name": name.strip()[:120],
        "question": question.strip()[:255],
        "scale": _check_scale(scale),
        "position": position,
        "active": active,
    }
    indicator = Indicator.objects.select_for_update().filter(cycle=cycle, code=code).first()
    if indicator is None:
        return Indicator.objects.create(cycle=cycle, code=code, **values)
    if version is not None and version != indicator.version:
        raise StaleVersion(_("Indikator ini baru saja diubah orang lain. Muat ulang lalu coba lagi."))
    Indicator.objects.filter(pk=indicator.pk).update(**values, version=indicator.version + 1)
    indicator.refresh_from_db()
    return indicator


# --- survey ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One indicator's answer as a form or the API sends it; `version` is the one the person loaded (if any)."""

    indicator: str  # the indicator's code
    score: int | None
    note: str = ""
    photo: Any = None
    version: int | None = None


def _require_surveyed(cycle: PlanningCycle, region: Region) -> None:
    if region.level not in SURVEY_LEVELS or region.city_id != cycle.city_id:
        raise DomainError(_("Survei kondisi diisi untuk RT atau RW di kota ini."), field="region")


@transaction.atomic
def survey_submit(
    *, actor, cycle: PlanningCycle, region: Region, answers: Sequence[Answer], check_stage: bool = True
) -> list[SurveyResponse]:
    """Save an RT's or RW's answers (blank scores are skipped); each existing answer is updated in place.

    Allowed to the chair of that RT/RW or the staff of its kelurahan, while the Rembug stage is open: the survey
    is read in the Rembug itself (the seed: forums read their neighbourhood's conditions).
    """
    _require_surveyed(cycle, region)
    if not actor.has_perm("conditions.enter_survey", region):
        raise NotAllowed(_("Anda hanya dapat mengisi survei kondisi untuk RT/RW Anda sendiri."))
    if check_stage:
        require_stage_open(cycle, Action.CONDITION_SURVEY)
    indicators = {i.code: i for i in Indicator.objects.filter(cycle=cycle, active=True)}
    given = [a for a in answers if a.score is not None]
    seen: set[str] = set()
    for answer in given:
        if answer.indicator not in indicators:
            raise DomainError(
                _("Indikator %(code)s tidak ada dalam survei tahun ini.") % {"code": answer.indicator},
                field="indicator",
            )
        if answer.indicator in seen:
            raise DomainError(_("Indikator %(code)s dijawab dua kali.") % {"code": answer.indicator}, field="indicator")
        seen.add(answer.indicator)
        if answer.score not in SCALE:
            raise DomainError(
                _("Skor %(name)s harus 1 sampai 5.") % {"name": indicators[answer.indicator].name},
                field=f"score_{answer.indicator}",
            )
    # Every photo is checked (and re-encoded without EXIF) before anything is written.
    photos: dict[str, CleanFile] = {a.indicator: clean_photo(a.photo, field="photo") for a in given if a.photo}
    kelurahan = region.village()
    existing = {
        r.indicator_id: r
        for r in SurveyResponse.objects.select_for_update().filter(
            cycle=cycle, region=region, indicator__in=[indicators[a.indicator] for a in given]
        )
    }
    saved: list[SurveyResponse] = []
    for answer in given:
        indicator = indicators[answer.indicator]
        response = existing.get(indicator.pk)
        if response is None:
            response = SurveyResponse(cycle=cycle, region=region, kelurahan=kelurahan, indicator=indicator)
        else:
            if answer.version is not None and answer.version != response.version:
                raise StaleVersion(
                    _("Jawaban %(name)s baru saja diubah orang lain. Muat ulang lalu coba lagi.")
                    % {"name": indicator.name}
                )
            response.version += 1
        response.score = answer.score
        response.note = answer.note.strip()[:2000]
        response.by = actor
        if answer.indicator in photos:
            store(response.photo, photos[answer.indicator])
        response.save()
        saved.append(response)
    return saved


@transaction.atomic
def survey_import_rows(
    *, actor, cycle: PlanningCycle, kelurahan: Region, rows: Sequence[tuple[Region, dict[str, int]]]
) -> int:
    """Write already validated imported scores ((RT/RW, {indicator code: score})); the count of answers saved."""
    if not actor.has_perm("conditions.import_survey", kelurahan):
        raise NotAllowed(_("Hanya staf kelurahan ini yang dapat mengunggah survei kondisi."))
    require_stage_open(cycle, Action.CONDITION_SURVEY)
    count = 0
    for region, scores in rows:
        saved = survey_submit(
            actor=actor,
            cycle=cycle,
            region=region,
            check_stage=False,
            answers=[Answer(indicator=code, score=score) for code, score in scores.items()],
        )
        count += len(saved)
    return count


# --- city priorities ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityInput:
    theme: str
    weight: float
    fields: Sequence[str] = ()
    categories: Sequence[str] = ()
    source_note: str = ""


def _clean_priority(given: PriorityInput, index: int) -> dict[str, Any]:
    theme = given.theme.strip()
    if not theme:
        raise DomainError(_("Tema prioritas ke-%(n)s belum diisi.") % {"n": index}, field="theme")
    try:
        weight = float(given.weight)
    except (TypeError, ValueError):
        weight = -1.0
    if not weight >= 0:  # also refuses NaN
        raise DomainError(_("Bobot prioritas %(theme)s harus angka 0 atau lebih.") % {"theme": theme}, field="weight")
    fields = list(dict.fromkeys(given.fields))
    categories = list(dict.fromkeys(given.categories))
    if unknown := [f for f in fields if f not in Field.values]:
        raise DomainError(_("Bidang tidak dikenal: %(v)s.") % {"v": ", ".join(map(str, unknown))}, field="fields")
    if unknown := [c for c in categories if c not in Category.values]:
        raise DomainError(_("Kategori tidak dikenal: %(v)s.") % {"v": ", ".join(map(str, unknown))}, field="categories")
    if not fields and not categories:
        raise DomainError(
            _("Prioritas %(theme)s harus dipetakan ke bidang atau kategori usulan.") % {"theme": theme}, field="fields"
        )
    return {
        "theme": theme[:200],
        "weight": weight,
        "fields": fields,
        "categories": categories,
        "source_note": given.source_note.strip()[:255],
        "position": index * 10,
    }


@transaction.atomic
def priorities_replace(
    *, actor, cycle: PlanningCycle, priorities: Sequence[PriorityInput], version: int | None = None
) -> list[CityPriority]:
    """Set the year's whole list of city priorities at once (Bappeda of the city).

    `version` is the cycle's priority-list version the editor loaded (the highest version of its rows); a newer
    list saved meanwhile by somebody else refuses the change.
    """
    if not actor.has_perm("conditions.manage_priorities", cycle):
        raise NotAllowed(_("Hanya Bappeda kota ini yang dapat mengubah prioritas kota."))
    if len(priorities) > MAX_PRIORITIES:
        raise DomainError(_("Paling banyak %(n)s prioritas.") % {"n": MAX_PRIORITIES})
    PlanningCycle.objects.select_for_update().filter(pk=cycle.pk).first()
    current = list(CityPriority.objects.filter(cycle=cycle))
    current_version = max((p.version for p in current), default=0)
    if version is not None and version != current_version:
        raise StaleVersion(_("Prioritas kota baru saja diubah orang lain. Muat ulang lalu coba lagi."))
    cleaned = [_clean_priority(p, i) for i, p in enumerate(priorities, start=1)]
    themes = [c["theme"].casefold() for c in cleaned]
    if len(set(themes)) != len(themes):
        raise DomainError(_("Setiap tema prioritas hanya boleh muncul sekali."), field="theme")
    CityPriority.objects.filter(cycle=cycle).delete()
    return CityPriority.objects.bulk_create(
        [CityPriority(cycle=cycle, version=current_version + 1, **c) for c in cleaned]
    )
