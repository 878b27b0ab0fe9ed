"""The city's own word lists (issue 11, point 3): units of measure, urusan/bidang, jenis usulan, kategori, jenis
belanja, program, sub kegiatan, output and outcome.

Cities name these differently and SIPD changes them yearly, so they are data Bappeda edits, not choices in code.
Every term has aliases: what a spreadsheet or SIPD writes ("m2", "M2", "meter persegi") is matched to the term
("m²") by `lookups.TermMatcher`, and an unknown word is an error naming the allowed ones, never a silent change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked


class Vocabulary(models.TextChoices):
    """Which list a term belongs to. The lists are fixed by SIPD's columns; their contents are the city's."""

    UNIT = "satuan", _("Satuan")
    AFFAIR = "urusan", _("Urusan/bidang urusan")
    PROPOSAL_TYPE = "jenis_usulan", _("Jenis usulan")
    CATEGORY = "kategori", _("Kategori")
    SPENDING_TYPE = "jenis_belanja", _("Jenis belanja")
    PROGRAM = "program", _("Program")
    SUB_ACTIVITY = "sub_kegiatan", _("Sub kegiatan")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class Term(models.Model):
    """One word of one of the city's lists, with its code (nomenclature code for program and sub kegiatan)."""

    city = models.ForeignKey(
        "regions.Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    vocabulary = models.CharField(_("daftar"), max_length=16, choices=Vocabulary.choices)
    code = models.CharField(_("kode"), max_length=60, blank=True)
    name = models.CharField(_("nama"), max_length=255)
    aliases = models.JSONField(
        _("nama lain"),
        default=list,
        blank=True,
        help_text=_("Tulisan lain yang berarti istilah ini, mis. m2 untuk m²."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("istilah")
        verbose_name_plural = _("istilah")
        ordering = ["city", "vocabulary", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "vocabulary", "name"], name="uniq_term_name_per_list"),
        ]
        indexes = [models.Index(fields=["city", "vocabulary", "is_active"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()
