"""Conditions of each RT/RW (a yearly survey on the seed's four fields) and the city's priorities (RPJMD/RKPD).

Together they feed the gap analysis (gap.py): where a neighbourhood's need and the city's priorities part ways.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rembug.proposals.choices import Field

SCALE = (1, 2, 3, 4, 5)


class Indicator(models.Model):
    """One question of the condition survey, answered on a scale of 1 (very bad) to 5 (good). Bappeda sets the
    list per planning year, so a city can add or retire questions without changing last year's answers."""

    cycle = models.ForeignKey(
        "cycles.PlanningCycle", verbose_name=_("tahun perencanaan"), on_delete=models.CASCADE, related_name="indicators"
    )
    field = models.CharField(_("bidang"), max_length=20, choices=Field.choices)
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=120)
    question = models.CharField(_("pertanyaan"), max_length=255)
    scale = models.JSONField(_("uraian skala 1–5"), help_text=_("Lima uraian: 1 = sangat buruk … 5 = baik."))
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("indikator kondisi")
        verbose_name_plural = _("indikator kondisi")
        ordering = ["cycle", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="uniq_indicator_code_per_cycle")]

    def __str__(self) -> str:
        return self.name

    @property
    def city_id(self) -> int:
        return self.cycle.city_id

    @property
    def choices(self) -> list[tuple[int, str]]:
        return list(zip(SCALE, self.scale, strict=False))


def survey_photo_path(instance: SurveyResponse, filename: str) -> str:
    return f"kondisi/{instance.cycle.year}/{instance.region.code}/{instance.indicator.code}-{filename}"


class SurveyResponse(models.Model):
    """An RT's or RW's answer to one indicator in one year; a second answer updates it (with its version)."""

    cycle = models.ForeignKey("cycles.PlanningCycle", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("RT/RW"), on_delete=models.PROTECT, related_name="+")
    # The kelurahan of the RT/RW, kept so the gap analysis groups answers with one indexed join.
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="responses")
    score = models.PositiveSmallIntegerField(_("skor"), choices=[(s, str(s)) for s in SCALE])
    note = models.TextField(_("catatan"), blank=True)
    photo = models.FileField(_("foto"), upload_to=survey_photo_path, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("jawaban survei kondisi")
        verbose_name_plural = _("jawaban survei kondisi")
        ordering = ["cycle", "region__code", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "region", "indicator"], name="uniq_survey_answer"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"),
        ]
        indexes = [models.Index(fields=["cycle", "kelurahan"])]

    def __str__(self) -> str:
        return f"{self.region.code} {self.indicator.code}: {self.score}"

    # Served by id through a view that checks the survey's permission, never from MEDIA_URL (decision 0024).
    @property
    def photo_url(self) -> str:
        return reverse("conditions:photo", kwargs={"pk": self.pk}) if self.photo else ""


class CityPriority(models.Model):
    """A theme of the city's plan (RPJMD/RKPD), e.g. "Penanganan banjir dan drainase", with a weight and the
    fields and proposal categories it covers: the top-down side of Permendagri 86/2017."""

    cycle = models.ForeignKey(
        "cycles.PlanningCycle",
        verbose_name=_("tahun perencanaan"),
        on_delete=models.CASCADE,
        related_name="city_priorities",
    )
    theme = models.CharField(_("tema prioritas"), max_length=200)
    weight = models.FloatField(_("bobot"), default=1)
    fields = models.JSONField(_("bidang"), default=list, blank=True)
    categories = models.JSONField(_("kategori usulan"), default=list, blank=True)
    source_note = models.CharField(_("sumber (RPJMD/RKPD)"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("prioritas kota")
        verbose_name_plural = _("prioritas kota")
        ordering = ["cycle", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "theme"], name="uniq_priority_theme_per_cycle"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="priority_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.theme

    @property
    def city_id(self) -> int:
        return self.cycle.city_id
