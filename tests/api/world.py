"""A small city year that API-wide tests (input bounds, fuzzing) work on, so that their calls touch real objects.

Every stage is open (test setup only), an RT chair has two proposals with funding plans and a draft Rembug
with two participants and an open vote; Bappeda has a criteria set and a ceiling.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from rembug.budget.services import ceiling_set
from rembug.cycles.models import PlanningCycle, Stage
from rembug.cycles.selectors import today
from rembug.forums.models import Meeting
from rembug.forums.services import attendee_add, meeting_open
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import funding_set, proposal_create
from rembug.scoring.criteria import scoring_demo_criteria
from rembug.scoring.models import CriteriaSet, Vote
from rembug.scoring.services import vote_open
from tests.factories import dictionary_item, walk

RT001 = "35.73.05.1011.03.001"


@dataclass
class World:
    cycle: PlanningCycle
    chair: object
    bappeda: object
    proposals: list[Proposal]
    forwarded: Proposal
    meeting: Meeting
    criteria_set: CriteriaSet
    vote: Vote
    ceiling: object


def build_world(*, person, region, cycle: PlanningCycle, city) -> World:
    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    chair = person("ketua_rt", RT001, username="ketua-rt-001")
    bappeda = person("bappeda", city.code, username="bappeda-malang")
    paving = dictionary_item(city)
    made = []
    for title, volume in [("Paving gang Melati", 100), ("Paving gang Mawar", 50)]:
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=title,
            problem="Rusak",
            idea="Perbaiki",
            item=paving,
            volume=volume,
            address="RT 001",
        )
        funding_set(
            actor=chair,
            proposal=proposal,
            version=proposal.version,
            shares={"swadaya": 1_000_000, "apbd_kota": proposal.estimated_cost - 1_000_000},
        )
        proposal.refresh_from_db()
        made.append(proposal)
    # A third one reached the Forum Perangkat Daerah (the paving's agency verifies it).
    forwarded = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Paving gang Kenanga",
        problem="Rusak",
        idea="Perbaiki",
        item=paving,
        volume=20,
        address="RT 001",
    )
    for status in (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD):
        forwarded = walk(forwarded, status)
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    for name, gender in [("Siti Aminah", "P"), ("Pak Darmo", "L")]:
        attendee_add(actor=chair, meeting=meeting, name=name, gender=gender, age_group="dewasa")
    vote = vote_open(actor=chair, meeting=meeting, kind="borda")
    criteria_set = scoring_demo_criteria(cycle=cycle)
    ceiling = ceiling_set(actor=bappeda, cycle=cycle, kind="kec", amount=5_000_000_000, region=region("35.73.05"))
    meeting.refresh_from_db()
    return World(
        cycle=cycle,
        chair=chair,
        bappeda=bappeda,
        proposals=made,
        forwarded=forwarded,
        meeting=meeting,
        criteria_set=criteria_set,
        vote=vote,
        ceiling=ceiling,
    )
