"""Kelurahan staff keep their own RW, RT, Pokmas and lembaga (issue 11 point 6): add, rename, renumber, retire.

Generated counts are only a start; the kelurahan knows its RW. Every change is recorded (history), edits are
version-guarded, and nothing that a proposal, a forum or a role names is ever deleted: it is retired, which takes it
out of every choice and keeps it for the record. Who may is the named rule (accounts/rules.py): `regions.add_region`
on the parent, `regions.change_region` on the RW/RT, `regions.add_communitygroup` / `change_communitygroup`.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from rembug import history
from rembug.errors import DomainError, NotAllowed, StaleVersion

from .kinds import kinds_of_city
from .models import VILLAGE_LEVELS, CommunityGroup, Level, ProposerHolder, Region

#: The child level each level keeps, and how many digits its number has in the code (RW 03, RT 005).
CHILD_LEVEL = {**dict.fromkeys(VILLAGE_LEVELS, Level.RW), Level.RW: Level.RT}
DIGITS = {Level.RW: 2, Level.RT: 3}
MAX_NUMBER = {Level.RW: 99, Level.RT: 999}
ADDED_BY_KELURAHAN = "Ditambahkan oleh kelurahan"


def _number(level: str, number) -> int:
    try:
        value = int(number)
    except (TypeError, ValueError):
        raise DomainError(_("Nomor harus berupa angka."), field="number") from None
    if not 1 <= value <= MAX_NUMBER[level]:
        raise DomainError(
            _("Nomor %(level)s harus antara 1 dan %(max)s.") % {"level": Level(level).label, "max": MAX_NUMBER[level]},
            field="number",
        )
    return value


def _code(parent: Region, level: str, number: int) -> str:
    return f"{parent.code}.{number:0{DIGITS[level]}d}"


def _taken(parent: Region, number: int, exclude: Region | None = None) -> Region | None:
    siblings = Region.objects.filter(parent=parent, number=number)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    return siblings.first()


def _refuse_taken(level: str, parent: Region, number: int, exclude: Region | None = None) -> None:
    found = _taken(parent, number, exclude)
    if found is not None:
        message = _("%(region)s sudah ada di %(parent)s.")
        if not found.is_active:
            message = _("%(region)s sudah ada di %(parent)s tetapi tidak aktif: aktifkan kembali.")
        raise DomainError(message % {"region": found.label, "parent": parent.label}, field="number")


def _locked(region: Region, version: int) -> Region:
    locked = Region.objects.select_for_update(of=("self",)).select_related("parent").get(pk=region.pk)
    if locked.version != version:
        raise StaleVersion(_("%(region)s baru saja diubah orang lain. Muat ulang halaman.") % {"region": locked.label})
    return locked


@history.recorded
@transaction.atomic
def region_add(*, actor, parent: Region, number, name: str = "") -> Region:
    """A new RW of a kelurahan or RT of an RW, numbered by the kelurahan; its code extends the parent's."""
    if parent.level not in CHILD_LEVEL:
        raise DomainError(_("RW ditambahkan pada kelurahan/desa, RT pada RW."))
    if not actor.has_perm("regions.add_region", parent):
        raise NotAllowed(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
    if not parent.is_active:
        raise DomainError(_("%(region)s tidak aktif.") % {"region": parent.label})
    level = CHILD_LEVEL[parent.level]
    value = _number(level, number)
    _refuse_taken(level, parent, value)
    code = _code(parent, level, value)
    if Region.objects.filter(code=code).exists():  # a renumbered sibling kept its old code
        raise DomainError(_("Kode %(code)s sudah dipakai wilayah lain.") % {"code": code}, field="number")
    try:
        with transaction.atomic():
            return Region.objects.create(
                code=code,
                name=(name or "").strip()[:120] or f"{value:0{DIGITS[level]}d}",
                level=level,
                parent=parent,
                city_id=parent.city_id,
                number=value,
                is_generated=False,
                source=ADDED_BY_KELURAHAN,
            )
    except IntegrityError:  # somebody added the same one at the same moment
        raise DomainError(_("Wilayah ini baru saja ditambahkan orang lain."), field="number") from None


@history.recorded
@transaction.atomic
def region_update(*, actor, region: Region, version: int, name: str | None = None, number=None) -> Region:
    """Rename or renumber an RW/RT. A new number is unique among its siblings; the code follows the number (and
    the RT of a renumbered RW follow it), so codes keep telling where a region lies."""
    if not actor.has_perm("regions.change_region", region):
        raise NotAllowed(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
    locked = _locked(region, version)
    changed = []
    if name is not None and name.strip() and name.strip() != locked.name:
        locked.name = name.strip()[:120]
        changed.append("name")
    if number not in (None, "") and _number(locked.level, number) != locked.number:
        value = _number(locked.level, number)
        _refuse_taken(locked.level, locked.parent, value, exclude=locked)
        new_code = _code(locked.parent, locked.level, value)
        if Region.objects.filter(code=new_code).exists():
            raise DomainError(_("Kode %(code)s sudah dipakai wilayah lain.") % {"code": new_code}, field="number")
        descendants = list(Region.objects.within(locked.code, include_self=False))
        for child in descendants:
            child.code = new_code + child.code[len(locked.code) :]
        locked.code, locked.number = new_code, value
        changed += ["code", "number"]
        history.bulk_update(Region, descendants, ["code"])
    if changed:
        locked.version += 1
        locked.save(update_fields=[*changed, "version"])
    return locked


@history.recorded
@transaction.atomic
def region_set_active(*, actor, region: Region, version: int, active: bool) -> Region:
    """Retire an RW/RT (its RT with it) or bring it back. Retired regions leave every choice and stay for the
    proposals, forums and roles that name them."""
    if not actor.has_perm("regions.change_region", region):
        raise NotAllowed(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
    locked = _locked(region, version)
    if active and not locked.parent.is_active:
        raise DomainError(_("Aktifkan dulu %(parent)s.") % {"parent": locked.parent.label})
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.version += 1
    locked.save(update_fields=["is_active", "version"])
    if not active:
        children = list(Region.objects.within(locked.code, include_self=False).filter(is_active=True))
        for child in children:
            child.is_active = False
            child.version += 1
        history.bulk_update(Region, children, ["is_active", "version"])
    return locked


@history.recorded
@transaction.atomic
def region_delete(*, actor, region: Region) -> None:
    """Remove an RW/RT added by mistake: only one the kelurahan added, with no RT, and that nothing names."""
    if not actor.has_perm("regions.change_region", region):
        raise NotAllowed(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
    if region.is_generated or region.source != ADDED_BY_KELURAHAN or region.children.exists():
        raise DomainError(_("Hanya wilayah yang baru ditambahkan dan belum dipakai yang dapat dihapus; nonaktifkan."))
    try:
        with transaction.atomic():
            region.delete()
    except ProtectedError:
        raise DomainError(_("%(region)s sudah dipakai; nonaktifkan saja.") % {"region": region.label}) from None


# --- Pokmas and lembaga ---------------------------------------------------------------------------------------------


def group_kind_choices(city_id: int) -> list[tuple[str, str]]:
    """(code, name) of the city's active group kinds: Pokmas and every lembaga kemasyarakatan it knows."""
    kinds = [k for k in kinds_of_city(city_id) if k.holder == ProposerHolder.GROUP and k.is_active]
    return [(k.code, k.name) for k in kinds]


def _group_fields(region: Region, kind: str, name: str) -> str:
    if kind not in dict(group_kind_choices(region.city_id)):
        raise DomainError(_("Jenis kelompok ini tidak dikenal di kota ini."), field="kind")
    allowed = (*VILLAGE_LEVELS, Level.RW) if kind == "pokmas" else VILLAGE_LEVELS
    if region.level not in allowed:
        raise DomainError(_("Kelompok ini didaftarkan pada kelurahan/desa (Pokmas juga pada RW)."), field="region")
    name = (name or "").strip()[:160]
    if not name:
        raise DomainError(_("Kolom ini wajib diisi."), field="name")
    return name


@history.recorded
@transaction.atomic
def group_add(*, actor, region: Region, kind: str, name: str, focus: str = "") -> CommunityGroup:
    """Register a Pokmas or a lembaga (PKK, Karang Taruna, …) of the kelurahan."""
    if not actor.has_perm("regions.add_communitygroup", region):
        raise NotAllowed(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
    name = _group_fields(region, kind, name)
    if CommunityGroup.objects.filter(region=region, kind=kind, name=name).exists():
        raise DomainError(_("Kelompok dengan nama ini sudah ada."), field="name")
    if kind == "lpmk" and CommunityGroup.objects.filter(region=region, kind=kind).exists():
        raise DomainError(_("Kelurahan ini sudah memiliki LPMK."), field="kind")
    try:
        with transaction.atomic():
            return CommunityGroup.objects.create(region=region, kind=kind, name=name, focus=(focus or "")[:160])
    except IntegrityError:
        raise DomainError(_("Kelompok dengan nama ini sudah ada."), field="name") from None


@history.recorded
@transaction.atomic
def group_update(
    *, actor, group: CommunityGroup, version: int, name: str | None = None, focus: str | None = None
) -> CommunityGroup:
    if not actor.has_perm("regions.change_communitygroup", group):
        raise NotAllowed(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
    locked = CommunityGroup.objects.select_for_update(of=("self",)).select_related("region").get(pk=group.pk)
    if locked.version != version:
        raise StaleVersion(_("%(group)s baru saja diubah orang lain. Muat ulang halaman.") % {"group": locked})
    if name is not None:
        new = _group_fields(locked.region, locked.kind, name)
        if new != locked.name and CommunityGroup.objects.filter(region=locked.region, kind=locked.kind, name=new):
            raise DomainError(_("Kelompok dengan nama ini sudah ada."), field="name")
        locked.name = new
    if focus is not None:
        locked.focus = focus.strip()[:160]
    locked.version += 1
    locked.save()
    return locked


@history.recorded
@transaction.atomic
def group_set_active(*, actor, group: CommunityGroup, version: int, active: bool) -> CommunityGroup:
    """Retire a Pokmas or lembaga (or bring it back): it leaves the proposer choices, its proposals stay."""
    if not actor.has_perm("regions.change_communitygroup", group):
        raise NotAllowed(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
    locked = CommunityGroup.objects.select_for_update(of=("self",)).select_related("region").get(pk=group.pk)
    if locked.version != version:
        raise StaleVersion(_("%(group)s baru saja diubah orang lain. Muat ulang halaman.") % {"group": locked})
    if locked.is_active != active:
        locked.is_active = active
        locked.version += 1
        locked.save()
    return locked
