"""The in-app guide (Bimtek): for each role and stage a page of plain text with a checklist, and help for form fields.

Everything here is content the city edits in the Django admin; a row without a city is the default for every city.
What a checklist item *checks* is not content: it names a function in `checks.REGISTRY` that reads the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.accounts.roles import Role
from rembug.cycles.phases import StageKind
from rembug.regions.models import CITY_LEVELS

from .checks import check_choices

CITY_HELP = _("Kosongkan untuk isi bawaan yang berlaku di semua kota (hanya administrator sistem).")


class GuidePage(models.Model):
    """What a person in `role` must do while `stage` is open, in plain Indonesian (Bimtek RT/RW, Kota Malang 2022)."""

    city = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kota/kabupaten"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level__in": CITY_LEVELS},
        help_text=CITY_HELP,
    )
    role = models.CharField(_("peran"), max_length=24, choices=Role.choices)
    stage = models.CharField(_("tahap"), max_length=24, choices=StageKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(
        _("isi"),
        help_text=_(
            "Teks biasa. Pisahkan paragraf dengan baris kosong. Baris yang diawali “- ” menjadi daftar. "
            "HTML tidak dijalankan."
        ),
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("halaman panduan")
        verbose_name_plural = _("halaman panduan")
        ordering = ["stage", "role", "city__code"]
        # NULLs are distinct in unique indexes: the default (no city) gets its own partial constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["city", "role", "stage"],
                condition=models.Q(city__isnull=False),
                name="uniq_guide_page_per_city",
            ),
            models.UniqueConstraint(
                fields=["role", "stage"], condition=models.Q(city__isnull=True), name="uniq_default_guide_page"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """One step on a page; `check_key` names a function that ticks it from the data (empty: a reminder only)."""

    page = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    label = models.CharField(_("langkah"), max_length=200)
    check_key = models.CharField(
        _("diperiksa dari data"),
        max_length=40,
        blank=True,
        choices=check_choices,
        help_text=_("Pemeriksaan otomatis yang mencentang langkah ini."),
    )
    hint = models.CharField(_("petunjuk bila belum"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("langkah daftar periksa")
        verbose_name_plural = _("daftar periksa")
        ordering = ["page", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class FieldHelp(models.Model):
    """Short help shown beside a form field, e.g. key `proposals.ProposalForm.problem` (see forms.HelpFromGuide)."""

    key = models.CharField(
        _("kunci isian"),
        max_length=120,
        help_text=_("aplikasi.NamaForm.nama_isian, mis. proposals.ProposalForm.problem"),
    )
    city = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kota/kabupaten"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level__in": CITY_LEVELS},
        help_text=CITY_HELP,
    )
    text = models.TextField(_("bantuan"), max_length=500)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("bantuan isian")
        verbose_name_plural = _("bantuan isian")
        ordering = ["key", "city__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "city"], condition=models.Q(city__isnull=False), name="uniq_field_help_per_city"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(city__isnull=True), name="uniq_default_field_help"
            ),
        ]

    def __str__(self) -> str:
        return self.key
