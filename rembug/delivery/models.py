"""Activities of the RKPD (an accommodated proposal with its budget, agency and schedule) and their progress reports.

Residents should be able to follow their proposal to the end (Permendagri 86/2017: the RKPD is carried out in
the budget year); every report keeps its date, percent, note and photo, and is never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rembug.proposals.choices import FundingSource


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")


class Activity(models.Model):
    """A planned activity of the budget year: one per accommodated (or kelurahan-funded) proposal."""

    proposal = models.OneToOneField(
        "proposals.Proposal", verbose_name=_("usulan"), on_delete=models.PROTECT, related_name="activity"
    )
    city = models.ForeignKey(
        "regions.Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    # The implementing agency: the proposal's current agency unless Bappeda names another.
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah pelaksana"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    budget_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    budget_amount = models.PositiveBigIntegerField(_("pagu kegiatan (Rp)"))
    funding_source = models.CharField(_("sumber dana"), max_length=20, choices=FundingSource.choices)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    # Denormalized from the latest report, so lists need no aggregate.
    percent_done = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        editable=False,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="activity_percent_max_100"),
            models.CheckConstraint(condition=models.Q(budget_amount__gt=0), name="activity_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["city", "budget_year", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.number} ({self.budget_year})"


def report_photo_path(instance: ProgressReport, filename: str) -> str:
    return f"pelaksanaan/{instance.activity.budget_year}/{instance.activity.proposal.number}/{filename}"


class ProgressReport(models.Model):
    """What the agency saw on a day: how far the work is, a note and a photo. Never updated or deleted."""

    activity = models.ForeignKey(Activity, verbose_name=_("kegiatan"), on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("tanggal"))
    percent = models.PositiveSmallIntegerField(_("kemajuan (%)"))
    note = models.TextField(_("catatan"), blank=True)
    photo = models.FileField(_("foto"), upload_to=report_photo_path, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("laporan kemajuan")
        verbose_name_plural = _("laporan kemajuan")
        ordering = ["reported_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(percent__lte=100), name="report_percent_max_100")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.reported_on} {self.percent}%"

    # Served by id through a view that checks who may see it, never from MEDIA_URL (decision 0024).
    @property
    def photo_url(self) -> str:
        return reverse("delivery:photo", kwargs={"pk": self.pk}) if self.photo else ""

    @property
    def photo_thumb_url(self) -> str:
        return f"{self.photo_url}?size=thumb" if self.photo else ""
