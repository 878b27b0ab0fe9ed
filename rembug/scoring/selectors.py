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


def latest_votes(meeting: Meeting, *, limit: int = 3) -> list[Vote]:
    """The meeting's last votes, newest first: enough to find the open one and the last closed one."""
    return list(Vote.objects.filter(meeting=meeting).order_by("-pk")[:limit])


def vote_visible(user, vote_id: int) -> Vote | None:
    """A vote of a meeting the person may view, with its meeting's unit; None otherwise."""
    return (
        Vote.objects.select_related("meeting", "meeting__unit_region", "meeting__unit_group")
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


def vote_tally(vote: Vote) -> dict:
    """Points per proposal overall and per stakeholder group, and the order they give (one query for ballots).

    Borda: a ranking of n proposals gives n-1 points to the first, 0 to any left out; approval: one point per
    ballot approving. `order` is best first; equal points keep the list's order when the vote opened. A group's
    `top` is None when none of its members voted or nobody earned a point; `top_tied` says the first two tie.
    Returns {vote_id, kind, status, proposal_ids, ballot_count, points, order, top, top_tied,
    groups: {group: {group, label, ballot_count, points, order, top, top_tied}}}; points are {proposal_id: n}.
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
    groups = {}
    for group, ballots in by_group.items():
        points = _count(vote.kind, ballots, n) if n else []
        order = [proposal_ids[i] for i in rank_order(points)] if n else []
        best = points[index[order[0]]] if order else 0
        groups[group] = {
            "group": group,
            "label": group_label(group),
            "ballot_count": len(ballots),
            "points": dict(zip(proposal_ids, points, strict=True)),
            "order": order,
            "top": order[0] if best > 0 else None,
            "top_tied": best > 0 and len(order) > 1 and points[index[order[1]]] == best,
        }
    overall = groups[ALL]
    return {
        "vote_id": vote.pk,
        "kind": vote.kind,
        "status": vote.status,
        "proposal_ids": proposal_ids,
        "ballot_count": overall["ballot_count"],
        "points": overall["points"],
        "order": overall["order"],
        "top": overall["top"],
        "top_tied": overall["top_tied"],
        "groups": groups,
    }


@dataclass(frozen=True)
class RankingSummary:
    """What the Berita Acara and the pages say about how the order was reached, besides the people's words."""

    suggestion: Suggestion | None
    vote: Vote | None
    tally: dict | None

    @property
    def empty(self) -> bool:
        return self.suggestion is None and self.vote is None


def meeting_ranking_summary(meeting: Meeting) -> RankingSummary:
    """The latest suggestion and the latest closed vote with its tallies (three queries at most)."""
    suggestion = meeting_suggestions(meeting).first()
    vote = meeting_votes(meeting).filter(status=VoteStatus.CLOSED).order_by("-closed_at", "-pk").first()
    return RankingSummary(suggestion=suggestion, vote=vote, tally=vote_tally(vote) if vote else None)
