"""Proposers a person works for (RT, RW, Pokmas; the kelurahan itself and its lembaga), and what each has on its
plate this year. Which kinds a person writes for is the city's data (ProposerKind.writer_roles, issue 11 point 1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from rembug.accounts.roles import KELURAHAN_STAFF, Role
from rembug.accounts.scopes import assignments_of
from rembug.cycles.models import PlanningCycle
from rembug.errors import DomainError
from rembug.regions.kinds import kind_of_proposer, proposer_kinds_ensure_defaults, proposer_label
from rembug.regions.models import (
    VILLAGE_LEVELS,
    CommunityGroup,
    EntryForum,
    Level,
    ProposerHolder,
    ProposerKind,
    Region,
)

from .lifecycle import CARRY_OVER_FROM
from .models import Proposal
from .rules import city_kinds


@dataclass
class Proposer:
    """A proposer of any kind: an RT or RW, a Pokmas or lembaga (group), or the kelurahan itself."""

    region: Region
    group: CommunityGroup | None = None
    kind: ProposerKind | None = None
    proposals: list[Proposal] = field(default_factory=list)
    carry_over: list[Proposal] = field(default_factory=list)

    @property
    def key(self) -> str:
        """`g<group id>`, a region code, or `<kind code>@<region code>` for a region's kind other than the default."""
        if self.group:
            return f"g{self.group.pk}"
        if self.kind is not None and self.kind.code != self.kind.holder:
            return f"{self.kind.code}@{self.region.code}"
        return self.region.code

    @property
    def label(self) -> str:
        if self.group or self.region.level != Level.RT:
            return proposer_label(self.region, self.group)
        return f"{self.region.label}, {self.region.parent.label}"

    @property
    def target(self) -> Region | CommunityGroup:
        return self.group or self.region

    @property
    def holds_rembug(self) -> bool:
        """RT, RW and Pokmas agree their list in a Rembug; the kelurahan and lembaga go straight to its Musrenbang."""
        return self.kind is None or self.kind.entry_forum == EntryForum.REMBUG

    def permission_target(self) -> Proposal:
        """What the rule `proposals.add_proposal` is checked on: the proposer with its kind (unsaved)."""
        kind = self.kind if self.kind is not None and self.kind.pk else None
        return Proposal(proposer_region=self.region, proposer_group=self.group, proposer_kind=kind)


def proposer_and_kind(
    proposer: Region | CommunityGroup, theme: str = "", kind_code: str = ""
) -> tuple[Region, CommunityGroup | None, ProposerKind]:
    """The proposer and its kind (the city's data, issue 11 point 1): an RT, RW, Pokmas or lembaga, the kelurahan
    itself, or, for a Musrenbang Tematik, the kelurahan that holds it (the tematik kind)."""
    region, group = (proposer.region, proposer) if isinstance(proposer, CommunityGroup) else (proposer, None)
    if group is None and region.level not in (Level.RT, Level.RW, *VILLAGE_LEVELS):
        raise DomainError(_("Usulan diajukan oleh RT, RW, kelompok/lembaga atau kelurahan/desa."), field="proposer")
    if theme and (group is not None or region.level not in VILLAGE_LEVELS):
        raise DomainError(_("Usulan Musrenbang Tematik diajukan oleh kelurahan."), field="proposer")
    proposer_kinds_ensure_defaults([region.city_id])
    kinds = ProposerKind.objects.filter(city_id=region.city_id)
    kind = kind_of_proposer(kinds, region=region, group=group, theme=theme, code=kind_code)
    if kind is None or not kind.is_active:
        raise DomainError(_("Jenis pengusul ini tidak dikenal atau tidak aktif di kota ini."), field="proposer_kind")
    return region, group, kind


def chaired_proposers(user) -> list[Proposer]:
    """The proposers the person chairs (Ketua RT/RW/Pokmas): where they write proposals and hold the Rembug."""
    proposers = []
    for a in assignments_of(user):
        if a.role in (Role.KETUA_RT, Role.KETUA_RW):
            proposers.append(Proposer(a.region))
        elif a.role == Role.KETUA_POKMAS and a.group is not None:
            proposers.append(Proposer(a.group.region, a.group))
    return proposers


def direct_proposers(user) -> list[Proposer]:
    """The kelurahan itself and its lembaga, for the people their kinds name as writers (kelurahan staff, the
    LPMK): proposers whose proposals go straight to the Musrenbang Kelurahan. One query for the groups."""
    villages = [a for a in assignments_of(user) if a.region.level in VILLAGE_LEVELS and a.group_id is None]
    if not villages:
        return []
    roles: dict[int, set[str]] = {}
    for a in villages:
        roles.setdefault(a.region_id, set()).add(a.role)
    regions = {a.region_id: a.region for a in villages}
    groups = CommunityGroup.objects.filter(region_id__in=list(regions), is_active=True).order_by("kind", "name")
    proposers = []
    for region_id, region in sorted(regions.items(), key=lambda pair: pair[1].code):
        kinds = [k for k in city_kinds(user, region.city_id) if k.is_active and k.entry_forum == EntryForum.KELURAHAN]
        writes = [k for k in kinds if roles[region_id] & set(k.writer_roles)]
        proposers += [Proposer(region, kind=k) for k in writes if k.holder == ProposerHolder.VILLAGE]
        by_code = {k.code: k for k in writes if k.holder == ProposerHolder.GROUP}
        proposers += [
            Proposer(region, g, by_code[g.kind]) for g in groups if g.region_id == region_id and g.kind in by_code
        ]
    return proposers


def proposer_from_key(user, key: str) -> Proposer | None:
    """A proposer the person may write for, from its key (see `Proposer.key`); None if not theirs."""
    kind_code, _, key = key.rpartition("@")
    group = None
    if key.startswith("g"):
        group = (
            CommunityGroup.objects.select_related("region", "region__parent").filter(pk=key[1:]).first()
            if key[1:].isdigit()
            else None
        )
        region = group.region if group else None
    else:
        levels = (Level.RT, Level.RW, *VILLAGE_LEVELS)
        region = Region.objects.select_related("parent").filter(code=key, level__in=levels).first()
    if region is None or region.city_id is None:
        return None
    kind = kind_of_proposer(city_kinds(user, region.city_id), region=region, group=group, code=kind_code)
    if kind is None:
        return None
    proposer = Proposer(region, group, kind)
    return proposer if user.has_perm("proposals.add_proposal", proposer.permission_target()) else None


def kelurahan_proposers(user) -> list[Region]:
    """For kelurahan staff entering paper results: the RW and RT of their kelurahan (a few hundred at most)."""
    regions = [a.region for a in assignments_of(user) if a.role in KELURAHAN_STAFF]
    if not regions:
        return []
    codes = [r.code for r in regions]
    queryset = Region.objects.none()
    for code in codes:
        queryset = queryset | Region.objects.within(code, include_self=False)
    regions = queryset.filter(level__in=(Level.RW, Level.RT), is_active=True)
    return list(regions.select_related("parent").order_by("code")[:2000])


def fill_proposers(proposers: list[Proposer], cycle: PlanningCycle) -> list[Proposer]:
    """Attach this year's proposals and earlier years' carry-over candidates to each proposer (two queries)."""
    if not proposers:
        return proposers
    regions = {u.region.pk for u in proposers}
    current = (
        Proposal.objects.filter(cycle=cycle, proposer_region_id__in=regions).select_related("item").order_by("sequence")
    )
    earlier = (
        Proposal.objects.filter(
            city_id=cycle.city_id,
            cycle__year__lt=cycle.year,
            proposer_region_id__in=regions,
            status__in=CARRY_OVER_FROM,
            carried_into__isnull=True,
        )
        .select_related("cycle", "item")
        .order_by("-cycle__year", "sequence")[:200]
    )
    for proposer in proposers:
        proposer.proposals = [p for p in current if _belongs(p, proposer)]
        proposer.carry_over = [p for p in earlier if _belongs(p, proposer)]
    return proposers


def _belongs(proposal: Proposal, proposer: Proposer) -> bool:
    """The proposal is this proposer's: same region and group, and for the kelurahan itself the same kind (its
    Musrenbang Tematik proposals are the tematik kind's)."""
    group_id = proposer.group.pk if proposer.group else None
    if proposal.proposer_region_id != proposer.region.pk or proposal.proposer_group_id != group_id:
        return False
    by_kind = proposer.group is None and proposer.region.level in VILLAGE_LEVELS and proposer.kind and proposer.kind.pk
    return not by_kind or proposal.proposer_kind_id == proposer.kind.pk
