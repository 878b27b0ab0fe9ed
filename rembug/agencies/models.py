"""City agencies (Perangkat Daerah / OPD) that verify and carry out proposals, one list per kota/kabupaten.

Each agency carries the names SIPD and people use for it (official name, short name, aliases), so every import can
find it however a spreadsheet writes it (issue 11 point 4, docs/decisions/0027). The kecamatan and kelurahan/desa
offices are agencies too, linked to the region they serve.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked
from rembug.regions.models import Level

# The regions whose office is an agency of the city (SIPD routes proposals to "Kecamatan X", "Kelurahan Y").
OFFICE_LEVELS = (Level.KECAMATAN, Level.KELURAHAN, Level.DESA)

MAX_ALIASES = 20
MAX_ALIAS_LENGTH = 200


def clean_aliases(value) -> list[str]:
    """The aliases as stored: a list of trimmed, non-empty, distinct strings within the bounds.

    Raises ValidationError naming the first problem, so a hand-made admin post or import is refused, not truncated.
    """
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Alias harus berupa daftar teks."), code="invalid")
    aliases: list[str] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str):
            raise ValidationError(_("Setiap alias harus berupa teks."), code="invalid")
        alias = " ".join(item.split())
        if not alias or alias.casefold() in seen:
            continue
        if len(alias) > MAX_ALIAS_LENGTH:
            raise ValidationError(
                _("Alias “%(alias)s…” terlalu panjang; paling banyak %(max)d karakter.")
                % {"alias": alias[:30], "max": MAX_ALIAS_LENGTH},
                code="max_length",
            )
        seen.add(alias.casefold())
        aliases.append(alias)
    if len(aliases) > MAX_ALIASES:
        raise ValidationError(
            _("Paling banyak %(max)d alias untuk satu perangkat daerah.") % {"max": MAX_ALIASES}, code="max_count"
        )
    return aliases


def validate_aliases(value) -> None:
    clean_aliases(value)


class Agency(models.Model):
    city = models.ForeignKey(
        "regions.Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT, related_name="agencies"
    )
    code = models.CharField(_("kode"), max_length=40, help_text=_("Kode urusan/unit, mis. 1.03.0.00.0.00.01.0000"))
    short_name = models.CharField(_("singkatan"), max_length=40)
    name = models.CharField(
        _("nama resmi (SIPD)"),
        max_length=200,
        help_text=_("Nama seperti tertulis di SIPD, mis. “Dinas Lingkungan Hidup” atau “Kecamatan Klojen”."),
    )
    aliases = models.JSONField(
        _("alias"),
        default=list,
        blank=True,
        validators=[validate_aliases],
        help_text=_("Nama lain yang dipakai di berkas impor; dicocokkan tanpa membedakan huruf besar dan spasi."),
    )
    # The kecamatan or kelurahan/desa an office serves; empty for a dinas or badan.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah layanan kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
        help_text=_("Hanya untuk kantor kecamatan atau kelurahan/desa."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("perangkat daerah (OPD)")
        verbose_name_plural = _("perangkat daerah (OPD)")
        ordering = ["city__code", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "short_name"], name="uniq_agency_short_name_per_city"),
            models.UniqueConstraint(fields=["region"], name="one_office_per_region"),
        ]

    def __str__(self) -> str:
        return self.short_name

    def clean(self) -> None:
        self.aliases = clean_aliases(self.aliases)
        if self.region_id and self.city_id and self.region.city_id != self.city_id:
            raise ValidationError({"region": _("Pilih wilayah dari kota/kabupaten yang sama.")})
        if self.region_id and self.region.level not in OFFICE_LEVELS:
            raise ValidationError({"region": _("Kantor wilayah hanya untuk kecamatan atau kelurahan/desa.")})
