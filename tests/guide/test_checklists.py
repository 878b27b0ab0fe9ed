"""The guide's checklist ticks itself from the data: it follows what the chair, the kelurahan and the agency did."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.forums.decisions import item_decide, meeting_finalize
from rembug.forums.services import attendee_add, delegate_set, meeting_open, meeting_update
from rembug.guide.selectors import guide_for
from rembug.proposals.attachments import attachment_add
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import funding_set, proposal_create
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
KEL = "35.73.05.1011"
RT001 = f"{KEL}.03.001"


def ticks(user, **kwargs) -> dict[str, bool | None]:
    """check key → state, over all the user's current guides."""
    return {i.check: i.done for g in guide_for(user, **kwargs) for i in g.items if i.check}


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("gang.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def proposal(chair, region, cycle, malang, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Paving gang Melati",
        problem="Becek",
        idea="Paving",
        item=dictionary_item(malang),
        volume=100,
        address="Gang Melati",
    )


def test_a_new_chair_sees_the_rembug_guide_with_nothing_ticked(guide, chair, cycle):
    [rembug] = guide_for(chair)
    assert rembug.page.title.startswith("Rembug RT") and rembug.stage == "rembug"
    state = ticks(chair)
    assert state["proposals_written"] is False and state["rembug_opened"] is False
    assert state["carry_over_followed"] is None  # no earlier proposal to follow up: not applicable


def test_writing_a_proposal_with_photo_and_map_point_ticks_those_steps(guide, chair, proposal):
    state = ticks(chair)
    assert state["proposals_written"] and not state["photos_attached"] and not state["location_marked"]
    attachment_add(actor=chair, proposal=proposal, upload=jpeg())
    proposal.latitude, proposal.longitude = -7.94, 112.61
    proposal.save()
    state = ticks(chair)
    assert state["photos_attached"] and state["location_marked"]


def test_funding_complete_follows_funding_set(guide, chair, proposal):
    assert ticks(chair)["funding_complete"] is False
    funding_set(
        actor=chair,
        proposal=proposal,
        version=proposal.version,
        shares={"swadaya": 1_000_000, "apbd_kota": proposal.estimated_cost - 1_000_000},
    )
    assert ticks(chair)["funding_complete"] is True


def test_attendance_and_women_follow_the_attendance_list(guide, chair, proposal, cycle, region):
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    state = ticks(chair)
    assert state["rembug_opened"] and state["attendance_recorded"] is False and state["women_represented"] is False
    attendee_add(actor=chair, meeting=meeting, name="Pak Darmo", gender="L", age_group="lansia")
    state = ticks(chair)
    assert state["attendance_recorded"] is True and state["women_represented"] is False
    attendee_add(actor=chair, meeting=meeting, name="Bu Siti", gender="P", age_group="dewasa")
    state = ticks(chair)
    assert state["women_represented"] is True  # 1 of 2 is at least 30 %
    assert state["all_groups_present"] is False  # no youth, difabel, tokoh or vulnerable group yet


def test_finalizing_ticks_the_chair_and_the_kelurahan(guide, chair, proposal, cycle, region, person):
    operator = person("operator_kelurahan", KEL)
    assert ticks(operator) == {"kelurahan_lists_received": False, "all_rw_handed_over": False}
    funding_set(actor=chair, proposal=proposal, version=proposal.version, shares={"swadaya": proposal.estimated_cost})
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    meeting = meeting_update(
        actor=chair,
        meeting=meeting,
        version=meeting.version,
        held_on=cycle.stages.first().opens_on,
        place="Balai RW",
        chair_name="Bu Siti",
    )
    siti = attendee_add(actor=chair, meeting=meeting, name="Siti", gender="P", age_group="dewasa")
    delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk])
    meeting.refresh_from_db()
    state = ticks(chair)
    assert state["meeting_details_filled"] and state["delegates_chosen"] and state["order_agreed"]
    assert state["rembug_finalized"] is False
    meeting_finalize(actor=chair, meeting=meeting, version=meeting.version, accept_inclusion_gaps=True)
    assert ticks(chair)["rembug_finalized"] is True
    # One RT of one RW has handed over; the kelurahan has many RWs, so only the first step is done.
    assert ticks(operator) == {"kelurahan_lists_received": True, "all_rw_handed_over": False}


def test_a_check_that_does_not_apply_to_the_role_is_left_unticked(guide, person, cycle):
    from rembug.accounts.scopes import assignments_of
    from rembug.guide.checks import CheckContext, GuideData, evaluate

    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    [assignment] = assignments_of(verifier)
    ctx = CheckContext(assignment, cycle, GuideData([assignment], {cycle.city_id: cycle}))
    assert evaluate("funding_complete", verifier, ctx) is None
    assert evaluate("attendance_recorded", verifier, ctx) is None
    assert evaluate("no_such_check", verifier, ctx) is None
    assert evaluate("queue_empty", verifier, ctx) is True


def test_the_verifier_queue_check_follows_the_forum(guide, person, region, all_open, malang):
    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    assert ticks(verifier)["queue_empty"] is True
    chair = person("ketua_rt", RT001)
    proposal = proposal_create(
        actor=chair,
        cycle=all_open,
        proposer=region(RT001),
        title="Paving",
        problem="x",
        idea="y",
        item=dictionary_item(malang),
        volume=10,
        address="RT 001",
    )
    for status in (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD):
        proposal = walk(proposal, status)
    assert ticks(verifier)["queue_empty"] is False
    other = person("verifikator_opd", "35.73", agency="DLH")
    assert ticks(other)["queue_empty"] is True  # routed to DPUPRPKP, not to DLH


def test_the_kelurahan_forum_decisions_need_a_reason_to_tick(guide, person, region, all_open, malang):
    operator = person("operator_kelurahan", KEL)
    chair = person("ketua_rt", RT001)
    proposal = proposal_create(
        actor=chair,
        cycle=all_open,
        proposer=region(RT001),
        title="Paving",
        problem="x",
        idea="y",
        item=dictionary_item(malang),
        volume=10,
        address="RT 001",
    )
    walk(proposal, Status.AGREED)
    assert ticks(operator)["kelurahan_forum_opened"] is False
    meeting = meeting_open(actor=operator, cycle=all_open, holder=region(KEL))
    assert ticks(operator)["decisions_made"] is False
    meeting = item_decide(
        actor=operator, meeting=meeting, proposal_id=proposal.pk, decision="forward", version=meeting.version
    ).meeting
    state = ticks(operator)
    assert state["kelurahan_forum_opened"] and state["decisions_made"] is True
