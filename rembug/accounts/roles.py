"""The roles of the Musrenbang process and the region each one is scoped to, declared in one table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.regions.models import CITY_LEVELS, VILLAGE_LEVELS, Level


class Role(models.TextChoices):
    KETUA_RT = "ketua_rt", _("Ketua RT")
    KETUA_RW = "ketua_rw", _("Ketua RW")
    KETUA_POKMAS = "ketua_pokmas", _("Ketua Pokmas")
    LPMK = "lpmk", _("LPMK")
    OPERATOR_KELURAHAN = "operator_kelurahan", _("Operator Kelurahan")
    LURAH = "lurah", _("Lurah")
    OPERATOR_KECAMATAN = "operator_kecamatan", _("Operator Kecamatan")
    CAMAT = "camat", _("Camat")
    VERIFIKATOR_OPD = "verifikator_opd", _("Verifikator Perangkat Daerah")
    BAPPEDA = "bappeda", _("Perencana Bappeda")
    ADMIN = "admin", _("Administrator Kota")


@dataclass(frozen=True)
class RoleSpec:
    """Where a role sits: the region levels it may be assigned to, and whether it needs an agency or a Pokmas."""

    levels: tuple[str, ...]
    needs_agency: bool = False
    needs_group: bool = False
    #: City-wide staff may use the Django admin for their own city.
    city_staff: bool = False


ROLE_SPECS: dict[str, RoleSpec] = {
    Role.KETUA_RT: RoleSpec(levels=(Level.RT,)),
    Role.KETUA_RW: RoleSpec(levels=(Level.RW,)),
    Role.KETUA_POKMAS: RoleSpec(levels=(*VILLAGE_LEVELS, Level.RW), needs_group=True),
    Role.LPMK: RoleSpec(levels=VILLAGE_LEVELS),
    Role.OPERATOR_KELURAHAN: RoleSpec(levels=VILLAGE_LEVELS),
    Role.LURAH: RoleSpec(levels=VILLAGE_LEVELS),
    Role.OPERATOR_KECAMATAN: RoleSpec(levels=(Level.KECAMATAN,)),
    Role.CAMAT: RoleSpec(levels=(Level.KECAMATAN,)),
    Role.VERIFIKATOR_OPD: RoleSpec(levels=CITY_LEVELS, needs_agency=True),
    Role.BAPPEDA: RoleSpec(levels=CITY_LEVELS, city_staff=True),
    Role.ADMIN: RoleSpec(levels=CITY_LEVELS, city_staff=True),
}

#: Roles that chair a proposer (an RT, an RW or a Pokmas, each holding its Rembug).
PROPOSER_CHAIRS = (Role.KETUA_RT, Role.KETUA_RW, Role.KETUA_POKMAS)
KELURAHAN_STAFF = (Role.OPERATOR_KELURAHAN, Role.LURAH)
KECAMATAN_STAFF = (Role.OPERATOR_KECAMATAN, Role.CAMAT)
CITY_PLANNERS = (Role.BAPPEDA, Role.ADMIN)
