"""The demo's full planning year is made through the services and leaves a record of every kind."""

import pytest

from rembug.demo.services import demo_load
from rembug.demo.year import demo_year
from rembug.forums.models import Meeting, MeetingKind
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent

pytestmark = pytest.mark.django_db


def test_a_whole_demo_year_runs_from_rembug_to_the_agencies(malang):
    demo_load()
    cycle = demo_year(city=malang, year=2025)
    kinds = set(Meeting.objects.filter(cycle=cycle).values_list("kind", flat=True))
    assert {MeetingKind.REMBUG_RT, MeetingKind.MUSRENBANG_KELURAHAN, MeetingKind.MUSRENBANG_KECAMATAN} <= kinds
    statuses = set(Proposal.objects.filter(cycle=cycle).values_list("status", flat=True))
    assert {Status.OUTSIDE_QUOTA, Status.MERGED, Status.FUNDED_KELURAHAN, Status.NOT_ACCOMMODATED} <= statuses
    assert ProposalEvent.objects.filter(proposal__cycle=cycle, kind="rerouted").exists()
    assert statuses & {Status.VERIFIED, Status.ACCOMMODATED, Status.IN_PROGRESS, Status.DONE}
    assert cycle.stages.get(kind="rembug").opens_on.year == 2025
    assert demo_year(city=malang, year=2025) is None  # a second load changes nothing
