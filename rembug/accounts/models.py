"""Users and their role assignments, each scoped to one region (and an agency or Pokmas where the role needs it)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked
from rembug.regions.models import Level

from .roles import ROLE_SPECS, Role


class User(AbstractUser):
    """A person who logs in. Residents need no account: public pages are open.

    Only what the work needs is kept (UU 27/2022): a name to sign minutes with and a way to be told of changes.
    """

    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("peran"), max_length=24, choices=Role.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("perangkat daerah"), null=True, blank=True, on_delete=models.PROTECT
    )
    group = models.ForeignKey(
        "regions.CommunityGroup", verbose_name=_("Pokmas"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = tracked()

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        ordering = ["user", "role"]
        # NULLs are distinct in unique indexes, so each shape of assignment gets its own partial constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(agency__isnull=True, group__isnull=True),
                name="uniq_role_in_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "agency"],
                condition=models.Q(agency__isnull=False),
                name="uniq_role_for_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "group"],
                condition=models.Q(group__isnull=False),
                name="uniq_role_for_group",
            ),
        ]
        indexes = [models.Index(fields=["city", "role"])]

    def __str__(self) -> str:
        where = self.agency or self.group or self.region
        return f"{self.get_role_display()} — {where}"

    def save(self, *args, **kwargs) -> None:
        self.city_id = self.region.city_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A role sits only at its own level: a Ketua RT on an RT, a verifier on a city with an agency."""
        if not self.role or self.region_id is None:
            return  # the missing field already carries its own message
        spec = ROLE_SPECS[Role(self.role)]
        region = self.region
        if region.level not in spec.levels:
            allowed = ", ".join(str(Level(lv).label) for lv in spec.levels)
            message = _("Peran %(role)s harus ditempatkan pada: %(levels)s.")
            raise ValidationError({"region": message % {"role": self.get_role_display(), "levels": allowed}})
        if spec.needs_agency and (self.agency is None or self.agency.city_id != region.city_id):
            raise ValidationError({"agency": _("Pilih perangkat daerah dari kota/kabupaten yang sama.")})
        if not spec.needs_agency and self.agency_id:
            raise ValidationError({"agency": _("Peran ini tidak terikat pada perangkat daerah.")})
        if spec.needs_group and (self.group is None or not region.contains(self.group.region)):
            raise ValidationError({"group": _("Pilih Pokmas yang berada di wilayah ini.")})
        if not spec.needs_group and self.group_id:
            raise ValidationError({"group": _("Peran ini tidak terikat pada Pokmas.")})
