"""A draft Rembug is built in many small writes (details, attendance, order, delegates): each one is kept, with the
person who made it, so a disputed list can be traced back before it was finalized."""

import pytest
from django.utils import timezone

from rembug.forums.decisions import meeting_finalize, meeting_revise
from rembug.forums.models import AttendanceCount, Attendee, Delegate, Meeting, MeetingItem, MeetingStatus
from rembug.forums.services import (
    attendance_counts_set,
    attendee_remove,
    delegate_set,
    meeting_set_order,
    meeting_update,
)
from tests.test_history import before_after, recent

from .test_rembug import chair, held, proposals  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
PARTS = (Meeting, Attendee, AttendanceCount, MeetingItem, Delegate)


def records_of(meeting: Meeting) -> dict[type, list]:
    """Every history record of the meeting and of its parts (deleted parts included)."""
    found = {Meeting: list(Meeting.history.filter(id=meeting.pk))}
    for model in PARTS[1:]:
        found[model] = list(model.history.filter(meeting_id=meeting.pk))
    return found


def test_every_write_to_a_draft_is_recorded_with_the_chair(chair, cycle, region, proposals):  # noqa: F811
    start = timezone.now()
    meeting = held(chair, cycle, region)
    found = records_of(meeting)
    assert all(found[model] for model in PARTS), {m.__name__: len(r) for m, r in found.items()}
    assert {r.history_user for records in found.values() for r in records} == {chair}
    assert all(recent(r, start) for records in found.values() for r in records)
    # The bulk writes (counts, items, delegates) wrote one record per row too.
    assert len(found[AttendanceCount]) == 2 and len(found[Delegate]) == 1
    assert {r.proposal_id for r in found[MeetingItem] if r.history_type == "+"} == {p.pk for p in proposals}


def test_changing_a_draft_keeps_the_old_and_new_values(chair, cycle, region, proposals):  # noqa: F811
    meeting = held(chair, cycle, region)
    meeting = meeting_update(actor=chair, meeting=meeting, version=meeting.version, place="Musala Al-Ikhlas")
    assert before_after(meeting.history.first())["place"] == ("Balai RW 03", "Musala Al-Ikhlas")

    melati, kenanga, mawar = proposals
    meeting_set_order(
        actor=chair, meeting=meeting, proposal_ids=[mawar.pk, melati.pk, kenanga.pk], version=meeting.version
    )
    moved = {r.proposal_id: r for r in MeetingItem.history.filter(meeting_id=meeting.pk, history_type="~")}
    assert set(moved) == {mawar.pk, melati.pk, kenanga.pk}
    assert before_after(moved[mawar.pk])["rank"] == (3, 1)
    assert before_after(moved[melati.pk])["rank"] == (1, 2)
    assert all(r.history_user == chair for r in moved.values())

    attendance_counts_set(actor=chair, meeting=meeting, counts={"difabel": 3})
    counts = AttendanceCount.history.filter(meeting_id=meeting.pk)
    assert {(r.group, r.count, r.history_type) for r in counts} == {
        ("difabel", 2, "+"),
        ("kelompok_rentan", 1, "+"),
        ("difabel", 2, "-"),
        ("kelompok_rentan", 1, "-"),
        ("difabel", 3, "+"),
    }

    rina = Attendee.objects.get(meeting=meeting, name="Rina")
    delegate_set(actor=chair, meeting=meeting, attendee_ids=[rina.pk], mandate="Mengawal")
    rina_id = rina.pk
    attendee_remove(actor=chair, attendee=rina)
    gone = Attendee.history.filter(id=rina_id).first()
    assert gone.history_type == "-" and gone.history_user == chair and gone.name == "Rina"
    assert Delegate.history.filter(meeting_id=meeting.pk, attendee_id=rina_id, history_type="-").exists()


def test_finalizing_and_revising_are_recorded_too(chair, cycle, region, proposals):  # noqa: F811
    meeting = held(chair, cycle, region)
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    statuses = [r.status for r in meeting.history.order_by("history_date", "history_id")]
    assert statuses[-1] == MeetingStatus.FINALIZED and MeetingStatus.DRAFT in statuses
    revision = meeting_revise(actor=chair, meeting=meeting, reason="Salah ketik nama peserta")
    copied = records_of(revision)
    assert all(copied[model] for model in PARTS)
    assert {r.history_type for records in copied.values() for r in records} == {"+"}
    assert {r.history_user for records in copied.values() for r in records} == {chair}
    revision = meeting_finalize(actor=chair, meeting=revision, version=revision.version)
    superseded = meeting.history.first()
    assert superseded.history_user == chair
    assert before_after(superseded)["status"] == (MeetingStatus.FINALIZED, MeetingStatus.SUPERSEDED)
