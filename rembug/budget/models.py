"""Indicative ceilings (pagu indikatif) of a planning year, and each run of the budget fit that Bappeda makes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked
from rembug.proposals.choices import FundingSource
from rembug.rupiah import rupiah


class CeilingKind(models.TextChoices):
    KECAMATAN = "kec", _("Kecamatan")
    KELURAHAN = "kel", _("Kelurahan")
    AGENCY = "opd", _("Perangkat daerah")
    SOURCE = "src", _("Sumber dana")


#: Kinds whose target is a region (the rest name an agency or a funding source).
REGION_KINDS = (CeilingKind.KECAMATAN, CeilingKind.KELURAHAN)


class Ceiling(models.Model):
    """A pagu indikatif: what one kecamatan, kelurahan, agency or funding source may spend in the budget year."""

    cycle = models.ForeignKey("cycles.PlanningCycle", on_delete=models.CASCADE, related_name="ceilings")
    kind = models.CharField(_("jenis pagu"), max_length=3, choices=CeilingKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("sumber dana"), max_length=20, blank=True, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(_("pagu (Rp)"))
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("pagu indikatif")
        verbose_name_plural = _("pagu indikatif")
        ordering = ["cycle", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "region"],
                condition=models.Q(region__isnull=False),
                name="one_ceiling_per_region",
            ),
            models.UniqueConstraint(
                fields=["cycle", "kind", "agency"],
                condition=models.Q(agency__isnull=False),
                name="one_ceiling_per_agency",
            ),
            models.UniqueConstraint(
                fields=["cycle", "kind", "source"], condition=~models.Q(source=""), name="one_ceiling_per_source"
            ),
            # Each kind names exactly one target: a region, an agency or a funding source.
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["kec", "kel"], region__isnull=False, agency__isnull=True, source="")
                    | models.Q(kind="opd", region__isnull=True, agency__isnull=False, source="")
                    | (models.Q(kind="src", region__isnull=True, agency__isnull=True) & ~models.Q(source=""))
                ),
                name="ceiling_names_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {rupiah(self.amount)}"

    @property
    def key(self) -> str:
        """The ceiling's key in the fit: kec:<code>, kel:<code>, opd:<short name>, src:<funding source>."""
        if self.kind in REGION_KINDS:
            return f"{self.kind}:{self.region.code}"
        if self.kind == CeilingKind.AGENCY:
            return f"opd:{self.agency.short_name}"
        return f"src:{self.source}"

    @property
    def label(self) -> str:
        """How Bappeda says it: "Kelurahan Dinoyo", "Kecamatan Lowokwaru", "DPUPRPKP", "APBD Kota"."""
        if self.kind in REGION_KINDS:
            return self.region.label
        if self.kind == CeilingKind.AGENCY:
            return self.agency.short_name
        return str(FundingSource(self.source).label)

    @property
    def city_id(self) -> int:
        """For the city-scoped rules (is_city_planner_of)."""
        return self.cycle.city_id


class ValueBasis(models.TextChoices):
    RANK = "rank", _("Peringkat Musrenbang Kecamatan")
    SCORE = "score", _("Skor saran urutan (SAW/TOPSIS), bila ada")


class FitStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Diumumkan")


class FitRun(models.Model):
    """One run of the fit with its inputs and answers, kept so the published choice can be explained later.

    Everything is a snapshot taken when the run was made, so the run page and the record need no other table:
    - ``items``: proposal number → {id, title, kelurahan, kecamatan, agency, rank, cost, value, groups};
    - ``ceilings``: key → capacity (rupiah); ``labels``: key → "Kelurahan Dinoyo", "DPUPRPKP", "APBD Kota";
    - ``precedence``: [[a, b], ...] (b only if a: the forum's order within one agency);
    - ``selected``/``reasons``/``remaining`` for the optimum, ``greedy_*`` for the greedy rule on the same input;
      a reason is ``Reason.as_dict()`` of :mod:`rembug.fitting`.
    """

    cycle = models.ForeignKey("cycles.PlanningCycle", on_delete=models.CASCADE, related_name="fit_runs")
    value_basis = models.CharField(_("dasar nilai"), max_length=10, choices=ValueBasis.choices, default=ValueBasis.RANK)
    forced_in = models.JSONField(default=list, blank=True)
    forced_out = models.JSONField(default=list, blank=True)
    time_limit = models.FloatField(default=10.0)
    items = models.JSONField(default=dict)
    ceilings = models.JSONField(default=dict)
    labels = models.JSONField(default=dict)
    precedence = models.JSONField(default=list)
    selected = models.JSONField(default=list)
    objective = models.FloatField(default=0)
    optimal = models.BooleanField(default=False)
    gap = models.FloatField(null=True, blank=True)  # None: not finite (no bound proven)
    solver_status = models.CharField(max_length=60, blank=True)
    reasons = models.JSONField(default=dict)
    remaining = models.JSONField(default=dict)
    greedy_selected = models.JSONField(default=list)
    greedy_objective = models.FloatField(default=0)
    greedy_reasons = models.JSONField(default=dict)
    greedy_remaining = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=FitStatus.choices, default=FitStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penyesuaian pagu")
        verbose_name_plural = _("penyesuaian pagu")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Fit {self.cycle.year} #{self.pk}"

    @property
    def city_id(self) -> int:
        return self.cycle.city_id
