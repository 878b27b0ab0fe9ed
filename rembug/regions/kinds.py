"""The kinds of proposer a city knows (issue 11 point 1): the defaults every city starts with, and which kind a
proposer is.

Kinds are data (`ProposerKind`): a city renames them, adds its own lembaga ("Karang Werdha") and says who may write
for each, without code. The defaults follow Kota Malang's practice: RT, RW and Pokmas agree their lists in a Rembug;
the kelurahan itself (SIPD's Profil "Lurah …") and its lembaga kemasyarakatan propose directly into the Musrenbang
Kelurahan; Tematik groups in their Musrenbang Tematik.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from rembug import history

from .models import VILLAGE_LEVELS, CommunityGroup, EntryForum, Level, ProposerHolder, ProposerKind, Region

# Role codes of accounts.Role, written out: regions sits below accounts (they are data here, as in the table).
_KELURAHAN_STAFF = ["operator_kelurahan", "lurah"]
#: Lembaga write through the kelurahan (staff) or through the LPMK, which gathers the lembaga's proposals.
_LEMBAGA_WRITERS = [*_KELURAHAN_STAFF, "lpmk"]


@dataclass(frozen=True)
class DefaultKind:
    code: str
    name: str
    holder: str
    entry_forum: str
    writer_roles: tuple[str, ...]
    profile: str = ""
    aliases: tuple[str, ...] = ()


def _lembaga(code: str, name: str, *aliases: str) -> DefaultKind:
    return DefaultKind(
        code, name, ProposerHolder.GROUP, EntryForum.KELURAHAN, tuple(_LEMBAGA_WRITERS), "Ketua {nama}", aliases
    )


DEFAULT_KINDS: tuple[DefaultKind, ...] = (
    DefaultKind("rt", "RT", ProposerHolder.RT, EntryForum.REMBUG, ("ketua_rt", *_KELURAHAN_STAFF), "Ketua {nama}"),
    DefaultKind("rw", "RW", ProposerHolder.RW, EntryForum.REMBUG, ("ketua_rw", *_KELURAHAN_STAFF), "Ketua {nama}"),
    DefaultKind(
        "pokmas", "Pokmas", ProposerHolder.GROUP, EntryForum.REMBUG, ("ketua_pokmas", *_KELURAHAN_STAFF), "Ketua {nama}"
    ),
    DefaultKind(
        "kelurahan",
        "Kelurahan/Desa",
        ProposerHolder.VILLAGE,
        EntryForum.KELURAHAN,
        tuple(_KELURAHAN_STAFF),
        "Lurah {wilayah}",
        ("Lurah", "Kepala Desa", "Kelurahan", "Desa"),
    ),
    _lembaga("lpmk", "LPMK", "Lembaga Pemberdayaan Masyarakat Kelurahan", "LPMD"),
    _lembaga("pkk", "PKK", "TP PKK", "Tim Penggerak PKK"),
    _lembaga("karang_taruna", "Karang Taruna"),
    _lembaga("posyandu", "Posyandu"),
    _lembaga("forum_anak", "Forum Anak"),
    _lembaga("bkm", "BKM", "Badan Keswadayaan Masyarakat"),
    _lembaga("pokdarwis", "Pokdarwis", "Kelompok Sadar Wisata"),
    DefaultKind(
        "tematik",
        "Kelompok Tematik",
        ProposerHolder.THEME,
        EntryForum.TEMATIK,
        tuple(_KELURAHAN_STAFF),
        "Lurah {wilayah}",
        ("Musrenbang Tematik",),
    ),
)

#: The holder a region of each level proposes as.
HOLDER_OF_LEVEL = {Level.RT: ProposerHolder.RT, Level.RW: ProposerHolder.RW}
HOLDER_OF_LEVEL.update(dict.fromkeys(VILLAGE_LEVELS, ProposerHolder.VILLAGE))


def _unsaved(city_id: int, spec: DefaultKind) -> ProposerKind:
    return ProposerKind(
        city_id=city_id,
        code=spec.code,
        name=spec.name,
        holder=spec.holder,
        entry_forum=spec.entry_forum,
        writer_roles=list(spec.writer_roles),
        profile=spec.profile,
        aliases=list(spec.aliases),
    )


@transaction.atomic
def proposer_kinds_ensure_defaults(cities: Region | Iterable[Region | int]) -> int:
    """Give each city the default kinds it lacks (by code); a kind the city changed or retired is left alone.

    Idempotent and bulk: one read and one insert for any number of cities (a national load has 514). Returns how
    many kinds were created.
    """
    ids = [cities.pk] if isinstance(cities, Region) else [c if isinstance(c, int) else c.pk for c in cities]
    if not ids:
        return 0
    have = set(ProposerKind.objects.filter(city_id__in=ids).values_list("city_id", "code"))
    new = [_unsaved(city_id, spec) for city_id in ids for spec in DEFAULT_KINDS if (city_id, spec.code) not in have]
    history.bulk_create(ProposerKind, new)
    return len(new)


def default_kinds(city_id: int) -> list[ProposerKind]:
    """The default kinds, unsaved: what a city without any kind row works with (a city loaded by hand)."""
    return [_unsaved(city_id, spec) for spec in DEFAULT_KINDS]


def kinds_of_city(city_id: int) -> list[ProposerKind]:
    """Every kind of the city (active or not), or the unsaved defaults when it has none yet."""
    found = list(ProposerKind.objects.filter(city_id=city_id).order_by("name"))
    return found or default_kinds(city_id)


def kind_of_proposer(
    kinds: Iterable[ProposerKind],
    *,
    region: Region,
    group: CommunityGroup | None = None,
    theme: str = "",
    code: str = "",
) -> ProposerKind | None:
    """Which of the city's `kinds` this proposer is: a group's own kind, the tematik kind for a Musrenbang
    Tematik, else the kind held by the region's level (`code` picks one when a city has several). None: no kind
    fits (a kecamatan, a kind the group names that the city does not have)."""
    kinds = list(kinds)
    if group is not None:
        wanted = [k for k in kinds if k.code == group.kind and k.holder == ProposerHolder.GROUP]
    elif theme:
        wanted = [k for k in kinds if k.holder == ProposerHolder.THEME]
    else:
        holder = HOLDER_OF_LEVEL.get(region.level)
        wanted = [k for k in kinds if holder and k.holder == holder]
    if code:
        wanted = [k for k in wanted if k.code == code]
    # The kind named like its holder ("rt", "kelurahan") is the default among several.
    wanted.sort(key=lambda k: (not k.is_active, k.code != k.holder, k.name))
    return wanted[0] if wanted else None


def profile_of(kind: ProposerKind | None, *, region: Region, group: CommunityGroup | None = None) -> str:
    """SIPD's "Profil" of a proposer: the kind's pattern filled in ("Lurah Dinoyo", "Ketua PKK Kelurahan Dinoyo")."""
    if kind is None or not kind.profile:
        return str(group) if group else region.label
    village = region.village() or region
    return kind.profile.replace("{wilayah}", village.name).replace("{nama}", str(group) if group else region.label)


def proposer_label(region: Region, group: CommunityGroup | None = None) -> str:
    """How a proposer reads: "RT 005", "Kelurahan Dinoyo", "Pokmas Sumber Rejeki", "PKK Kelurahan Dinoyo" (a lembaga
    is named with its kelurahan unless its name already says it)."""
    if group is None:
        return region.label
    text = str(group)
    if group.kind != "pokmas" and region.level in VILLAGE_LEVELS and region.name.casefold() not in text.casefold():
        text = f"{text} {region.label}"
    return text
