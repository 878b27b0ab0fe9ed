"""Proposers (RT, RW, Pokmas) a person works for, and what each has on its plate this year."""

from __future__ import annotations

from dataclasses import dataclass, field

from rembug.accounts.roles import KELURAHAN_STAFF, Role
from rembug.accounts.scopes import assignments_of
from rembug.cycles.models import PlanningCycle
from rembug.regions.models import CommunityGroup, Level, Region

from .lifecycle import CARRY_OVER_FROM
from .models import Proposal


@dataclass
class Proposer:
    """An RT, an RW or a Pokmas, as a proposer."""

    region: Region
    group: CommunityGroup | None = None
    proposals: list[Proposal] = field(default_factory=list)
    carry_over: list[Proposal] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"g{self.group.pk}" if self.group else self.region.code

    @property
    def label(self) -> str:
        if self.group:
            return str(self.group)
        parent = self.region.parent
        return f"{self.region.label}, {parent.label}" if self.region.level == Level.RT else self.region.label

    @property
    def target(self) -> Region | CommunityGroup:
        return self.group or self.region


def chaired_proposers(user) -> list[Proposer]:
    """The proposers the person chairs (Ketua RT/RW/Pokmas): where they write proposals and hold the Rembug."""
    proposers = []
    for a in assignments_of(user):
        if a.role in (Role.KETUA_RT, Role.KETUA_RW):
            proposers.append(Proposer(a.region))
        elif a.role == Role.KETUA_POKMAS and a.group is not None:
            proposers.append(Proposer(a.group.region, a.group))
    return proposers


def proposer_from_key(user, key: str) -> Proposer | None:
    """A proposer the person may write for, from its key (region code or `g<group id>`); None if not theirs."""
    for proposer in chaired_proposers(user):
        if proposer.key == key:
            return proposer
    if key.startswith("g"):
        group = (
            CommunityGroup.objects.select_related("region").filter(pk=key[1:]).first() if key[1:].isdigit() else None
        )
        proposer = Proposer(group.region, group) if group else None
    else:
        region = Region.objects.select_related("parent").filter(code=key, level__in=(Level.RT, Level.RW)).first()
        proposer = Proposer(region) if region else None
    if proposer and user.has_perm("proposals.add_proposal", proposer.target):
        return proposer
    return None


def kelurahan_proposers(user) -> list[Region]:
    """For kelurahan staff entering paper results: the RW and RT of their kelurahan (a few hundred at most)."""
    regions = [a.region for a in assignments_of(user) if a.role in KELURAHAN_STAFF]
    if not regions:
        return []
    codes = [r.code for r in regions]
    queryset = Region.objects.none()
    for code in codes:
        queryset = queryset | Region.objects.within(code, include_self=False)
    return list(queryset.filter(level__in=(Level.RW, Level.RT)).select_related("parent").order_by("code")[:2000])


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
        group_id = proposer.group.pk if proposer.group else None
        proposer.proposals = [
            p for p in current if p.proposer_region_id == proposer.region.pk and p.proposer_group_id == group_id
        ]
        proposer.carry_over = [
            p for p in earlier if p.proposer_region_id == proposer.region.pk and p.proposer_group_id == group_id
        ]
    return proposers
