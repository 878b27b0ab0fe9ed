"""The administrative tree: provinsi → kota/kabupaten → kecamatan → kelurahan/desa → RW → RT, and community groups.

One table holds every level so that "everything inside this region" is a single indexed prefix query on the
Kemendagri code, whatever the depth, and every role can be scoped to any node of the tree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked


class Level(models.TextChoices):
    """Levels of the tree, named as Kemendagri and residents name them (no English twin fits)."""

    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


#: Depth in the tree of each level; kota and kabupaten are peers, as are kelurahan and desa.
DEPTH = {
    Level.PROVINSI: 1,
    Level.KABUPATEN: 2,
    Level.KOTA: 2,
    Level.KECAMATAN: 3,
    Level.KELURAHAN: 4,
    Level.DESA: 4,
    Level.RW: 5,
    Level.RT: 6,
}
CITY_LEVELS = (Level.KOTA, Level.KABUPATEN)
VILLAGE_LEVELS = (Level.KELURAHAN, Level.DESA)


class RegionQuerySet(models.QuerySet):
    def within(self, region: Region | str, *, include_self: bool = True) -> RegionQuerySet:
        """The region's subtree, by code prefix (uses the code index, also `LIKE 'x.%'` on PostgreSQL)."""
        code = region if isinstance(region, str) else region.code
        inner = self.filter(code__startswith=f"{code}.")
        return inner | self.filter(code=code) if include_self else inner


class Region(models.Model):
    """A node of the administrative tree, identified by its Kemendagri code.

    RW and RT have no Kemendagri code; they extend their kelurahan's code with their numbers
    (`35.73.05.1011.03` is RW 03, `35.73.05.1011.03.005` is RT 005 of it), so prefix queries still hold.
    """

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The kota/kabupaten a region belongs to (itself for a kota/kabupaten): planning records and staff are per city.
    city = models.ForeignKey(
        "self", verbose_name=_("kota/kabupaten"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("nomor"), null=True, blank=True, help_text=_("Nomor RW atau RT."))
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    boundary = models.JSONField(_("batas wilayah (GeoJSON)"), null=True, blank=True)
    is_generated = models.BooleanField(
        _("dibangkitkan"), default=False, help_text=_("Dibuat untuk data demo karena angka resmi tidak tersedia.")
    )
    source = models.CharField(_("sumber data"), max_length=200, blank=True)
    # A retired RW or RT (merged, renumbered) leaves every choice but stays for the proposals and forums that name
    # it (issue 11 point 6); kelurahan staff keep their own RW, RT and lembaga, so edits are version-guarded.
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Bulk loads (the national list, generated RW/RT) write no history: they are reproducible from their source.
    # What people change by hand is recorded (decision 0030).
    history = tracked()

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"]), models.Index(fields=["city", "level"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How people say it: "Kelurahan Dinoyo", "RW 03", "RT 005"."""
        if self.level in (Level.RW, Level.RT):
            return f"{self.get_level_display()} {self.name}"
        if self.level in (Level.PROVINSI, Level.KOTA, Level.KABUPATEN):
            return self.name  # Kemendagri names already say "Kota Malang", "Kabupaten Malang"
        return f"{self.get_level_display()} {self.name}"

    @property
    def depth(self) -> int:
        return DEPTH[Level(self.level)]

    def contains(self, other: Region) -> bool:
        """True when `other` is this region or lies inside it."""
        return other.code == self.code or other.code.startswith(f"{self.code}.")

    @property
    def village_code(self) -> str | None:
        """The kelurahan/desa this region lies in (itself at that level), from the code alone."""
        parts = self.code.split(".")
        return ".".join(parts[:4]) if len(parts) >= 4 else None

    def village(self) -> Region | None:
        """The kelurahan/desa this region lies in (itself at that level), or None above that level.

        Proposals, forums and condition surveys are filed under their kelurahan; this is the one walk up the tree
        that finds it (following `parent`, so rows loaded with `select_related("parent")` cost no query).
        """
        node: Region | None = self
        while node is not None and node.level not in VILLAGE_LEVELS:
            if node.depth < DEPTH[Level.KELURAHAN]:
                return None
            node = node.parent
        return node

    def ancestor_codes(self) -> list[str]:
        """Codes of this region and all above it, nearest last (e.g. 35, 35.73, 35.73.05, ...)."""
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]


class ProposerHolder(models.TextChoices):
    """What identifies a proposer of a kind: a region of the tree, or a community group of that kind."""

    RT = "rt", _("RT")
    RW = "rw", _("RW")
    VILLAGE = "kelurahan", _("Kelurahan/desa itu sendiri")
    GROUP = "kelompok", _("Kelompok/lembaga")
    THEME = "tematik", _("Kelompok Musrenbang Tematik")


class EntryForum(models.TextChoices):
    """Where a kind's proposals first enter the flow (issue 11, point 1)."""

    REMBUG = "rembug", _("Rembug RT/RW/Pokmas")
    KELURAHAN = "musrenbang_kelurahan", _("Langsung ke Musrenbang Kelurahan")
    TEMATIK = "tematik", _("Musrenbang Tematik")


class ProposerKind(models.Model):
    """A kind of proposer of one city (RT, RW, Pokmas, the kelurahan itself, LPMK, PKK, Karang Taruna, …).

    Data, not code: a city adds the lembaga it has, says who may write for each (`writer_roles`, role codes of
    `accounts.Role`) and where their proposals enter (a Rembug, or directly the Musrenbang Kelurahan). `profile`
    is how SIPD's "Profil" column names such a proposer ("Lurah {kelurahan}", "Ketua {nama}").
    """

    city = models.ForeignKey(
        "Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT, related_name="proposer_kinds"
    )
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=120)
    holder = models.CharField(_("pengusul dikenali dari"), max_length=12, choices=ProposerHolder.choices)
    entry_forum = models.CharField(
        _("usulan masuk ke"), max_length=24, choices=EntryForum.choices, default=EntryForum.REMBUG
    )
    writer_roles = models.JSONField(_("peran yang boleh menulis"), default=list, blank=True)
    profile = models.CharField(
        _("profil SIPD"), max_length=120, blank=True, help_text=_('Mis. "Lurah {wilayah}" atau "Ketua {nama}".')
    )
    aliases = models.JSONField(_("nama lain"), default=list, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("jenis pengusul")
        verbose_name_plural = _("jenis pengusul")
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="uniq_proposer_kind_per_city")]

    def __str__(self) -> str:
        return self.name


class GroupKind(models.TextChoices):
    POKMAS = "pokmas", _("Pokmas")
    LPMK = "lpmk", _("LPMK")


#: Names of the default group kinds, for labels that need no query (a city's own kinds fall back to their code).
GROUP_KIND_NAMES = {
    "pokmas": _("Pokmas"),
    "lpmk": _("LPMK"),
    "pkk": _("PKK"),
    "karang_taruna": _("Karang Taruna"),
    "posyandu": _("Posyandu"),
    "forum_anak": _("Forum Anak"),
    "bkm": _("BKM"),
    "pokdarwis": _("Pokdarwis"),
}


class CommunityGroup(models.Model):
    """A Pokmas (community group, attached to a kelurahan or RW) or a lembaga kemasyarakatan of a kelurahan
    (LPMK, PKK, Karang Taruna, Posyandu, Forum Anak, BKM, Pokdarwis, or a kind the city added).

    Pokmas propose like an RT or RW does, through their Rembug; lembaga propose directly into the Musrenbang
    Kelurahan (their ProposerKind says so).
    """

    # A ProposerKind code of the city (pokmas, lpmk, pkk, karang_taruna, …); GroupKind names the built-in two.
    kind = models.CharField(_("jenis"), max_length=30)
    name = models.CharField(_("nama"), max_length=160)
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="groups")
    city = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    focus = models.CharField(_("bidang kegiatan"), max_length=160, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("kelompok masyarakat")
        verbose_name_plural = _("kelompok masyarakat")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "name"], name="uniq_group_name_in_region"),
            models.UniqueConstraint(fields=["region"], condition=models.Q(kind="lpmk"), name="one_lpmk_per_kelurahan"),
        ]

    def __str__(self) -> str:
        """ "Pokmas Sumber Rejeki", "PKK Kelurahan Dinoyo": the kind's name unless the name already says it."""
        kind = self.kind_label
        return self.name if kind.casefold() in self.name.casefold() else f"{kind} {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.city_id = self.region.city_id
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        known = GROUP_KIND_NAMES.get(self.kind)
        return str(known) if known else self.kind.replace("_", " ").title()
