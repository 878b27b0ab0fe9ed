"""City agencies (Perangkat Daerah / OPD) that verify and carry out proposals, one list per kota/kabupaten."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked


class Agency(models.Model):
    city = models.ForeignKey(
        "regions.Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT, related_name="agencies"
    )
    code = models.CharField(_("kode"), max_length=40, help_text=_("Kode urusan/unit, mis. 1.03.0.00.0.00.01.0000"))
    short_name = models.CharField(_("singkatan"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("perangkat daerah (OPD)")
        verbose_name_plural = _("perangkat daerah (OPD)")
        ordering = ["city__code", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "short_name"], name="uniq_agency_short_name_per_city"),
        ]

    def __str__(self) -> str:
        return self.short_name
