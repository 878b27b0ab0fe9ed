"""The Rembug: attendance, agreed order within the quota, funding, delegates, finalize, freeze, revise."""

import io
import uuid

import pytest
from pypdf import PdfReader

from rembug.errors import DomainError, Frozen, NotAllowed
from rembug.forums.decisions import meeting_finalize, meeting_revise
from rembug.forums.inclusion import Person, summarize
from rembug.forums.models import MeetingStatus
from rembug.forums.services import (
    attendance_counts_set,
    attendee_add,
    delegate_set,
    meeting_move_item,
    meeting_open,
    meeting_set_order,
    meeting_sync_items,
    meeting_update,
)
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import funding_set, proposal_create, proposal_update
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def proposals(chair, region, cycle, malang):
    paving = dictionary_item(malang)
    drain = dictionary_item(malang, name="Saluran drainase", unit="m", unit_price=1_500_000, category="drainase")
    made = []
    for title, item, volume in [
        ("Paving gang Melati", paving, 100),
        ("Saluran Jl. Kenanga", drain, 20),
        ("Paving gang Mawar", paving, 50),
    ]:
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=title,
            problem="Rusak",
            idea="Perbaiki",
            item=item,
            volume=volume,
            address="RT 001",
        )
        funding_set(
            actor=chair,
            proposal=proposal,
            version=proposal.version,
            shares={"swadaya": 1_000_000, "apbd_kota": proposal.estimated_cost - 1_000_000},
        )
        made.append(proposal)
    return made


def held(chair, cycle, region, *, everyone=True):
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    meeting = meeting_update(
        actor=chair,
        meeting=meeting,
        version=meeting.version,
        held_on=cycle.stages.first().opens_on,
        place="Balai RW 03",
        chair_name="Bu Siti Aminah",
        agenda="Usulan 2027",
    )
    siti = attendee_add(
        actor=chair,
        meeting=meeting,
        name="Siti Aminah",
        gender="P",
        age_group="dewasa",
        groups=["tokoh_masyarakat"],
        position="Ketua RT",
    )
    attendee_add(actor=chair, meeting=meeting, name="Rina", gender="P", age_group="pemuda")
    attendee_add(actor=chair, meeting=meeting, name="Pak Darmo", gender="L", age_group="lansia")
    if everyone:
        attendance_counts_set(actor=chair, meeting=meeting, counts={"difabel": 2, "kelompok_rentan": 1})
    meeting_sync_items(actor=chair, meeting=meeting)
    delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk], mandate="mengawal")
    meeting.refresh_from_db()
    return meeting


def test_the_inclusion_summary_counts_groups_from_people_and_counts():
    people = [Person("P", "dewasa", ("tokoh_masyarakat",)), Person("L", "pemuda"), Person("L", "lansia")]
    summary = summarize(people, {"difabel": 1})
    assert summary.total == 4 and summary.by_group["perempuan"] == 1
    assert summary.missing == ["kelompok_rentan"]
    assert summary.under_represented == ["perempuan"]  # 1 of 4 is under 30 %


def test_finalizing_agrees_the_list_within_the_quota_and_keeps_the_rest(chair, cycle, region, proposals):
    cycle.priority_quota = 2
    cycle.save()
    meeting = held(chair, cycle, region)
    melati, kenanga, mawar = proposals
    meeting_set_order(
        actor=chair, meeting=meeting, proposal_ids=[kenanga.pk, melati.pk, mawar.pk], version=meeting.version
    )
    meeting.refresh_from_db()
    meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    statuses = {p.pk: p.status for p in type(melati).objects.filter(pk__in=[p.pk for p in proposals])}
    assert statuses == {kenanga.pk: Status.AGREED, melati.pk: Status.AGREED, mawar.pk: Status.OUTSIDE_QUOTA}
    assert mawar.events.filter(to_status=Status.OUTSIDE_QUOTA, reason__contains="melewati kuota 2").exists()


def test_moving_an_item_up_swaps_it_with_the_one_above(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    meeting_move_item(
        actor=chair, meeting=meeting, proposal_id=proposals[2].pk, direction="up", version=meeting.version
    )
    order = list(meeting.items.order_by("rank").values_list("proposal_id", flat=True))
    assert order == [proposals[0].pk, proposals[2].pk, proposals[1].pk]


def test_the_order_must_name_every_item_once(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    with pytest.raises(DomainError, match="tepat satu kali"):
        meeting_set_order(
            actor=chair, meeting=meeting, proposal_ids=[proposals[0].pk, proposals[0].pk], version=meeting.version
        )


def test_finalizing_with_missing_groups_needs_an_explicit_acknowledgement(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region, everyone=False)
    with pytest.raises(DomainError, match="kurang terwakili"):
        meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    meeting_finalize(actor=chair, meeting=meeting, version=meeting.version, accept_inclusion_gaps=True)


def test_finalizing_refuses_an_incomplete_funding_split(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    proposal_update(actor=chair, proposal=proposals[0], version=proposals[0].version + 1, volume="10")
    with pytest.raises(DomainError, match="Rencana pendanaan usulan"):
        meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)


def test_a_finalized_rembug_and_its_proposals_cannot_change(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    with pytest.raises(Frozen):
        attendee_add(actor=chair, meeting=meeting, name="Terlambat", gender="L", age_group="dewasa")
    with pytest.raises(Frozen):
        meeting_update(actor=chair, meeting=meeting, version=meeting.version, place="Tempat lain")
    proposals[0].refresh_from_db()
    with pytest.raises(Frozen):
        proposal_update(actor=chair, proposal=proposals[0], version=proposals[0].version, volume="1")


def test_the_berita_acara_pdf_states_the_list_groups_and_delegates(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(meeting.minutes_pdf.read())).pages)
    assert "BERITA ACARA REMBUG RT" in text
    assert "Kelurahan Lowokwaru" in text and "Kecamatan Lowokwaru" in text
    assert "Paving gang Melati" in text and "Rp15.000.000" in text
    assert "Difabel" in text and "Siti Aminah" in text and "mengawal usulan prioritas" in text
    assert "Tokoh masyarakat" in text  # the delegate's unsur, a structured choice
    assert len(meeting.minutes_sha256) == 64 and meeting.list_xlsx.name.endswith(".xlsx")


def test_another_rt_chair_cannot_hold_this_rembug(person, cycle, region):
    with pytest.raises(NotAllowed):
        meeting_open(actor=person("ketua_rt", "35.73.05.1011.03.002"), cycle=cycle, holder=region(RT001))


def test_a_correction_is_a_linked_revision_and_the_original_stays_frozen(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    original = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    revision = meeting_revise(actor=chair, meeting=original, reason="Nama peserta salah tulis")
    assert revision.revision_of == original and revision.status == MeetingStatus.DRAFT
    assert revision.attendees.count() == 3 and revision.items.count() == 3
    meeting_finalize(actor=chair, meeting=revision, version=revision.version)
    original.refresh_from_db()
    assert original.status == MeetingStatus.SUPERSEDED and original.minutes_pdf


def test_the_kelurahan_operator_sees_the_finalized_list_at_once(
    client, person, chair, cycle, region, proposals, django_assert_max_num_queries
):
    meeting = held(chair, cycle, region)
    meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    client.force_login(person("operator_kelurahan", "35.73.05.1011"))
    with django_assert_max_num_queries(12):
        page = client.get("/dasbor/").text
    assert "Hasil Rembug yang sudah diserahkan" in page
    # 15 jt (Melati) + 30 jt (Kenanga) + 7,5 jt (Mawar), all within the default quota of 5, summed in SQL.
    assert "RT 001" in page and "Rp52.500.000" in page


def test_another_kelurahan_does_not_see_it(client, person, chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    client.force_login(person("operator_kelurahan", "35.73.05.1004"))
    assert "RT 001" not in client.get("/dasbor/").text


def test_a_client_token_already_used_in_another_meeting_is_refused_with_a_message(person, cycle, region):
    operator = person("operator_kelurahan", "35.73.05.1011")
    first = meeting_open(actor=operator, cycle=cycle, holder=region(RT001))
    other = meeting_open(actor=operator, cycle=cycle, holder=region("35.73.05.1011.03.002"))
    token = uuid.uuid4()
    attendee_add(actor=operator, meeting=first, name="Rina", gender="P", age_group="pemuda", client_token=token)
    with pytest.raises(DomainError, match="sudah dipakai"):
        attendee_add(actor=operator, meeting=other, name="Rina", gender="P", age_group="pemuda", client_token=token)


def test_a_rembug_whose_attendees_were_added_on_the_web_can_be_revised(client, chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    client.force_login(chair)
    page = f"/rembug/{meeting.pk}/peserta/"
    for name, token in [
        ("Bu Warsini", "6b1f8a3e-2f1c-4a7e-9d3b-1f0c2e4d5a61"),
        ("Pak Slamet", "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f"),
    ]:
        added = client.post(
            page, {"form": "attendee", "name": name, "gender": "P", "age_group": "dewasa", "client_token": token}
        )
        assert added.status_code == 302
    meeting.refresh_from_db()
    original = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)

    revised = client.post(f"/rembug/{original.pk}/revisi/", {"reason": "Nama peserta salah tulis"})

    revision = original.revised_by
    assert revised.status_code == 302 and revised["Location"] == f"/rembug/{revision.pk}/"
    assert revision.status == MeetingStatus.DRAFT and revision.attendees.count() == 5
    assert sorted(revision.attendees.values_list("name", flat=True)) == sorted(
        original.attendees.values_list("name", flat=True)
    )
    # The entry form's token belongs to the original entry; the copy does not take it over.
    assert not revision.attendees.exclude(client_token=None).exists()
