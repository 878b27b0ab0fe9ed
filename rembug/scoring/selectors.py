"""Reads of ranking: criteria of a year, a meeting's scores and suggestions, and vote tallies by stakeholder group.

A tally is counted for everyone ("semua") and for each group the seed names, so a forum sees at once whether
women's, youth's or the elderly's priorities differ from the room's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rembug.cycles.models import PlanningCycle
from rembug.forums.inclusion import REQUIRED, Person, groups_of
from rembug.forums.models import Meeting, Stakeholder
from rembug.forums.selectors import meetings_visible_to
from rembug.proposals.models import Proposal
from rembug.ranking import approval, borda, rank_order

from .models import CriteriaSet, ForumScore, Suggestion, Vote, VoteKind, VoteStatus

ALL = "semua"
#: The groups a tally is broken down by, "semua" (everyone who voted) first.
TALLY_GROUPS = (ALL, *REQUIRED)


def group_label(group: str) -> str:
    return str(_("Semua peserta")) if group == ALL else str(Stakeholder(group).label)


def criteria_sets_of(cycle: PlanningCycle) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(cycle=cycle).prefetch_related("criteria").order_by("pk")


def default_criteria_set(cycle: PlanningCycle) -> CriteriaSet | None:
    """The set a forum uses unless it picks another: the year's first."""
    return CriteriaSet.objects.filter(cycle=cycle).order_by("pk").first()


def meeting_forum_scores(meeting: Meeting) -> dict[int, dict[int, int]]:
    """{proposal_id: {criterion_id: value}} in one query."""
    scores: dict[int, dict[int, int]] = {}
    for pid, cid, value in ForumScore.objects.filter(meeting=meeting).values_list(
        "proposal_id", "criterion_id", "value"
    ):
        scores.setdefault(pid, {})[cid] = value
    return scores


def meeting_suggestions(meeting: Meeting) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(meeting=meeting).order_by("-created_at", "-pk")


def meeting_votes(meeting: Meeting) -> QuerySet[Vote]:
    return Vote.objects.filter(meeting=meeting).order_by("-opened_at", "-pk")


def open_vote_of(meeting: Meeting) -> Vote | None:
    """The meeting's open vote, if any (only one is open at a time); the closed one is `latest_closed_vote`."""
    return Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN).order_by("-pk").first()


def vote_visible(user, vote_id: int) -> Vote | None:
    """A vote of a meeting the person may view, with its meeting's holder; None otherwise."""
    return (
        Vote.objects.select_related("meeting", "meeting__holder_region", "meeting__holder_group")
        .filter(pk=vote_id, meeting__in=meetings_visible_to(user))
        .first()
    )


def criteria_set_by_id(set_id: int, *, cycle_id: int | None = None) -> CriteriaSet | None:
    """A criteria set with its year and criteria; with `cycle_id`, only one of that planning year."""
    found = CriteriaSet.objects.select_related("cycle").prefetch_related("criteria").filter(pk=set_id)
    return found.filter(cycle_id=cycle_id).first() if cycle_id is not None else found.first()


def proposal_titles(proposal_ids) -> list[dict]:
    """Number and title of the proposals a tally names (one query)."""
    return list(Proposal.objects.filter(pk__in=proposal_ids).values("id", "number", "title"))


def _count(kind: str, ballots: list[list[int]], n: int) -> list[int]:
    return borda(ballots, n) if kind == VoteKind.BORDA else approval(ballots, n)


@dataclass(frozen=True)
class GroupTally:
    """One group's count of a vote ("semua" is everyone who voted). `points` are {proposal_id: n}; `order` is best
    first; `top` is None when nobody in the group voted or earned a point; `top_tied`: the first two tie."""

    group: str
    label: str
    ballot_count: int
    points: dict[int, int]
    order: list[int]
    top: int | None
    top_tied: bool

    def results(self) -> list[tuple[int, int]]:
        """(proposal_id, points), best first."""
        return [(pid, self.points[pid]) for pid in self.order]


@dataclass(frozen=True)
class Tally:
    """A vote counted overall and per stakeholder group: the one shape every page, the API and the Berita Acara
    read (it used to be a dict reshaped in four places)."""

    vote_id: int
    kind: str
    status: str
    proposal_ids: list[int]
    groups: dict[str, GroupTally]

    @property
    def overall(self) -> GroupTally:
        return self.groups[ALL]

    @property
    def ballot_count(self) -> int:
        return self.overall.ballot_count

    @property
    def points(self) -> dict[int, int]:
        return self.overall.points

    @property
    def order(self) -> list[int]:
        return self.overall.order

    @property
    def top(self) -> int | None:
        return self.overall.top

    @property
    def top_tied(self) -> bool:
        return self.overall.top_tied

    @property
    def is_borda(self) -> bool:
        return self.kind == VoteKind.BORDA

    def results(self) -> list[tuple[int, int]]:
        """(proposal_id, points) of everyone, best first."""
        return self.overall.results()

    def voted_groups(self) -> list[GroupTally]:
        """The groups (everyone first) with at least one ballot: the columns a results table shows."""
        return [g for g in self.groups.values() if g.ballot_count]

    def required_groups(self) -> list[GroupTally]:
        """The groups the seed names (women, youth, elderly, ...), without "semua", voted or not."""
        return [self.groups[g] for g in REQUIRED]


def vote_tally(vote: Vote) -> Tally:
    """Points per proposal overall and per stakeholder group, and the order they give (one query for ballots).

    Borda: a ranking of n proposals gives n-1 points to the first, 0 to any left out; approval: one point per
    ballot approving. `order` is best first; equal points keep the list's order when the vote opened.
    """
    proposal_ids = [int(p) for p in vote.proposal_ids]
    index = {pid: i for i, pid in enumerate(proposal_ids)}
    n = len(proposal_ids)
    by_group: dict[str, list[list[int]]] = {g: [] for g in TALLY_GROUPS}
    tracked = set(REQUIRED)
    for ballot in vote.ballots.select_related("attendee").order_by("pk"):
        entries = ballot.ranking if vote.kind == VoteKind.BORDA else ballot.approved
        indices = [index[int(p)] for p in entries if int(p) in index]
        a = ballot.attendee
        by_group[ALL].append(indices)
        for group in groups_of(Person(a.gender, a.age_group, tuple(a.groups))) & tracked:
            by_group[group].append(indices)
    groups: dict[str, GroupTally] = {}
    for group, ballots in by_group.items():
        points = _count(vote.kind, ballots, n) if n else []
        order = [proposal_ids[i] for i in rank_order(points)] if n else []
        best = points[index[order[0]]] if order else 0
        groups[group] = GroupTally(
            group=group,
            label=group_label(group),
            ballot_count=len(ballots),
            points=dict(zip(proposal_ids, points, strict=True)),
            order=order,
            top=order[0] if best > 0 else None,
            top_tied=best > 0 and len(order) > 1 and points[index[order[1]]] == best,
        )
    return Tally(vote_id=vote.pk, kind=vote.kind, status=vote.status, proposal_ids=proposal_ids, groups=groups)


def latest_closed_vote(meeting: Meeting) -> Vote | None:
    """The vote whose tally stands for the meeting: the one closed last (only one vote is open at a time).

    The meeting page and the Berita Acara / public page each had their own rule (the newest of the last three
    votes by id, and the last closed); one rule keeps them from ever showing different results."""
    return Vote.objects.filter(meeting=meeting, status=VoteStatus.CLOSED).order_by("-closed_at", "-pk").first()


@dataclass(frozen=True)
class RankingSummary:
    """What the Berita Acara and the pages say about how the order was reached, besides the people's words."""

    suggestion: Suggestion | None
    vote: Vote | None
    tally: Tally | None

    @property
    def empty(self) -> bool:
        return self.suggestion is None and self.vote is None


def meeting_ranking_summary(meeting: Meeting) -> RankingSummary:
    """The latest suggestion and the latest closed vote with its tallies (three queries at most)."""
    suggestion = meeting_suggestions(meeting).first()
    vote = latest_closed_vote(meeting)
    return RankingSummary(suggestion=suggestion, vote=vote, tally=vote_tally(vote) if vote else None)
