"""A planning year of one kota/kabupaten and the open/close window of each of its stages."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked

from .phases import STAGE_ORDER, StageKind


class PlanningCycle(models.Model):
    """Planning year `year` prepares the budget (RKPD/APBD) of `year + 1`: the 2027 Musrenbang plans 2028."""

    city = models.ForeignKey("regions.Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun perencanaan"))
    priority_quota = models.PositiveSmallIntegerField(
        _("kuota usulan prioritas per RT/RW/Pokmas"),
        default=5,
        help_text=_("Usulan di luar kuota tetap tercatat tetapi tidak diteruskan ke kelurahan."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("siklus perencanaan")
        verbose_name_plural = _("siklus perencanaan")
        ordering = ["city__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="uniq_cycle_year_per_city")]

    def __str__(self) -> str:
        return f"Musrenbang {self.year} ({self.city.name})"

    @property
    def budget_year(self) -> int:
        return self.year + 1


class Stage(models.Model):
    cycle = models.ForeignKey(PlanningCycle, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("tahap"), max_length=24, choices=StageKind.choices)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"), help_text=_("Hari terakhir tahap ini; setelahnya daftar dibekukan."))
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")
        ordering = ["cycle", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="uniq_stage_per_cycle"),
            models.CheckConstraint(condition=models.Q(opens_on__lte=models.F("closes_on")), name="stage_opens_first"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cycle.year}"

    @property
    def order(self) -> int:
        return STAGE_ORDER[self.kind]

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on
