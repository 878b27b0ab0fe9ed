"""Ranking is there in every forum: the Musrenbang Kelurahan's staff score, compute and vote on its list."""

import datetime

import pytest

from rembug.cycles.models import Stage
from rembug.cycles.selectors import today
from rembug.errors import NotAllowed
from rembug.forums.models import MeetingKind
from rembug.forums.services import attendee_add, meeting_open
from rembug.proposals.lifecycle import Status
from rembug.scoring.criteria import criteria_set_save
from rembug.scoring.selectors import vote_tally
from rembug.scoring.services import ballot_cast, suggestion_compute, vote_open
from tests.factories import walk

from .conftest import RT001

pytestmark = pytest.mark.django_db
KEL = "35.73.05.1011"


def test_the_kelurahan_forum_ranks_the_lists_it_received(person, region, cycle, chair, proposals, planner):
    Stage.objects.filter(cycle=cycle).update(
        opens_on=today() - datetime.timedelta(days=1), closes_on=today() + datetime.timedelta(days=1)
    )
    for proposal in proposals:
        walk(proposal, Status.AGREED)
    criteria_set_save(
        actor=planner,
        cycle=cycle,
        name="Kelurahan",
        method="topsis",
        criteria=[
            {"name": "Penerima manfaat", "source": "beneficiaries", "weight": 2},
            {"name": "Biaya", "source": "estimated_cost", "weight": 1},
        ],
    )
    operator = person("operator_kelurahan", KEL)
    forum = meeting_open(actor=operator, cycle=cycle, holder=region(KEL))
    assert forum.kind == MeetingKind.MUSRENBANG_KELURAHAN and forum.items.count() == 3
    suggestion = suggestion_compute(actor=operator, meeting=forum)
    assert suggestion.method == "topsis" and len(suggestion.order) == 3
    lpmk = attendee_add(actor=operator, meeting=forum, name="Ketua LPMK", gender="P", age_group="dewasa")
    vote = vote_open(actor=operator, meeting=forum, kind="approval")
    ballot_cast(actor=operator, vote=vote, attendee=lpmk, approved=[proposals[1].pk])
    assert vote_tally(vote).groups["perempuan"].top == proposals[1].pk
    with pytest.raises(NotAllowed):
        suggestion_compute(actor=person("ketua_rt", RT001), meeting=forum)
