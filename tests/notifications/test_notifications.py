"""The proposer is told: every status change reaches the proposer's chair, in the inbox and by e-mail."""

from __future__ import annotations

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from rembug.notifications.models import Notification
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import proposal_create
from rembug.regions.models import CommunityGroup, GroupKind
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
KELURAHAN = "35.73.05.1011"
RW03 = "35.73.05.1011.03"
RT001 = "35.73.05.1011.03.001"
RT002 = "35.73.05.1011.03.002"
REASON = "Disepakati dalam Rembug, peringkat 1."


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise OSError("mail server unreachable")


@pytest.fixture
def paving(malang):
    return dictionary_item(malang)


@pytest.fixture
def operator(person):
    return person("operator_kelurahan", KELURAHAN)


def written(actor, cycle, proposer, item, title="Paving gang Melati"):
    return proposal_create(
        actor=actor,
        cycle=cycle,
        proposer=proposer,
        title=title,
        problem="Gang becek saat hujan",
        idea="Paving 120 m2",
        item=item,
        volume="120",
        address="Gg. Melati",
    )


def agree(proposal, actor, reason=REASON):
    return walk(proposal, Status.AGREED, actor=actor, reason=reason)


def test_a_status_change_reaches_the_rt_chair_with_the_reason_in_the_inbox_and_by_email(
    person, operator, region, cycle, paving, mailoutbox, django_capture_on_commit_callbacks
):
    chair, other_chair = person("ketua_rt", RT001), person("ketua_rt", RT002)
    proposal = written(operator, cycle, region(RT001), paving)
    with django_capture_on_commit_callbacks(execute=True):
        agree(proposal, operator)

    note = Notification.objects.get()
    assert note.recipient == chair and note.proposal == proposal and note.event.to_status == Status.AGREED
    assert note.subject == f"Usulan {proposal.number}: Disepakati di Rembug, diteruskan ke kelurahan"
    assert REASON in note.body and "Draf → Disepakati di Rembug" in note.body and proposal.title in note.body
    assert note.url == f"/usulan/{proposal.number}/" and note.url in note.body
    assert note.read_at is None and note.emailed_at is not None
    assert not Notification.objects.filter(recipient=other_chair).exists()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [chair.email] and mail.subject == note.subject and REASON in mail.body


def test_an_rw_proposal_reaches_the_rw_chair_not_the_rt_chairs_inside_it(
    person, operator, region, cycle, paving, mailoutbox, django_capture_on_commit_callbacks
):
    rw_chair, rt_chair = person("ketua_rw", RW03), person("ketua_rt", RT001)
    proposal = written(operator, cycle, region(RW03), paving)
    with django_capture_on_commit_callbacks(execute=True):
        agree(proposal, operator)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [rw_chair.pk]
    assert not Notification.objects.filter(recipient=rt_chair).exists()


def test_a_rolled_back_change_tells_nobody(
    person, operator, region, cycle, paving, mailoutbox, django_capture_on_commit_callbacks
):
    person("ketua_rt", RT001)
    proposal = written(operator, cycle, region(RT001), paving)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        agree(proposal, operator)
        raise RuntimeError("the meeting could not be finalized")
    assert callbacks == [] and mailoutbox == []
    assert not Notification.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Status.DRAFT


def test_a_pokmas_proposal_reaches_the_pokmas_chair(
    person, operator, region, cycle, paving, mailoutbox, django_capture_on_commit_callbacks
):
    pokmas = CommunityGroup.objects.create(kind=GroupKind.POKMAS, name="Sejahtera", region=region(KELURAHAN))
    other = CommunityGroup.objects.create(kind=GroupKind.POKMAS, name="Makmur", region=region(KELURAHAN))
    chair = person("ketua_pokmas", KELURAHAN, group=pokmas)
    person("ketua_pokmas", KELURAHAN, group=other)
    person("ketua_rt", RT001)
    proposal = written(chair, cycle, pokmas, paving)
    with django_capture_on_commit_callbacks(execute=True):
        agree(proposal, operator)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [chair.pk]
    assert [m.to for m in mailoutbox] == [[chair.email]]


def test_the_chair_is_not_told_of_their_own_change(
    person, region, cycle, paving, mailoutbox, django_capture_on_commit_callbacks
):
    chair = person("ketua_rt", RT001)
    proposal = written(chair, cycle, region(RT001), paving)
    with django_capture_on_commit_callbacks(execute=True):
        agree(proposal, chair)
    assert not Notification.objects.exists() and mailoutbox == []


def test_a_chair_without_an_email_address_still_gets_the_inbox_notification(
    person, operator, region, cycle, paving, mailoutbox, django_capture_on_commit_callbacks
):
    chair = person("ketua_rt", RT001)
    type(chair).objects.filter(pk=chair.pk).update(email="")
    proposal = written(operator, cycle, region(RT001), paving)
    with django_capture_on_commit_callbacks(execute=True):
        agree(proposal, operator)
    assert Notification.objects.get().emailed_at is None and mailoutbox == []


def test_a_mail_failure_does_not_break_the_status_change(
    person, operator, region, cycle, paving, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.test_notifications.FailingBackend"
    chair = person("ketua_rt", RT001)
    proposal = written(operator, cycle, region(RT001), paving)
    with django_capture_on_commit_callbacks(execute=True):
        agree(proposal, operator)
    assert Proposal.objects.get(pk=proposal.pk).status == Status.AGREED
    note = Notification.objects.get(recipient=chair)
    assert note.emailed_at is None
    assert "could not be e-mailed" in caplog.text


# --- the inbox pages -------------------------------------------------------------------------------------------


def _notes(user, count):
    return Notification.objects.bulk_create(
        [Notification(recipient=user, subject=f"Usulan {i}", body="Isi", url="/usulan/X/") for i in range(count)]
    )


def test_the_inbox_lists_newest_first_marks_unread_and_counts_them_in_the_menu(client, person):
    chair = person("ketua_rt", RT001)
    first, _second = _notes(chair, 2)
    Notification.objects.filter(pk=first.pk).update(subject="Lama")
    client.force_login(chair)
    page = client.get("/kotak-masuk/").content.decode()
    assert "Kotak masuk (2)" in page and "Baru" in page
    assert page.index("Usulan 1") < page.index("Lama")


def test_opening_a_notification_marks_it_read_and_goes_to_the_proposal(client, person):
    chair = person("ketua_rt", RT001)
    note, _other = _notes(chair, 2)
    client.force_login(chair)
    assert client.get(f"/kotak-masuk/{note.pk}/buka/").status_code == 405  # a state change is a POST
    response = client.post(f"/kotak-masuk/{note.pk}/buka/")
    assert response.status_code == 302 and response["Location"] == "/usulan/X/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Kotak masuk (1)" in client.get("/kotak-masuk/").content.decode()
    client.post("/kotak-masuk/dibaca-semua/")
    assert not Notification.objects.filter(recipient=chair, read_at__isnull=True).exists()


def test_only_the_recipient_may_mark_a_notification_read(client, person):
    chair, intruder = person("ketua_rt", RT001), person("ketua_rt", RT002)
    (note,) = _notes(chair, 1)
    client.force_login(intruder)
    assert client.post(f"/kotak-masuk/{note.pk}/dibaca/").status_code == 404
    assert client.post(f"/kotak-masuk/{note.pk}/buka/").status_code == 404
    assert client.post(f"/api/v1/notifications/{note.pk}/read").status_code == 404
    client.post("/kotak-masuk/dibaca-semua/")
    client.post("/api/v1/notifications/read-all")
    note.refresh_from_db()
    assert note.read_at is None


def test_the_inbox_asks_for_a_login(client):
    response = client.get("/kotak-masuk/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("count", [2, 25])
def test_the_inbox_query_count_does_not_grow_with_the_notifications(
    client, person, count, django_assert_max_num_queries
):
    chair = person("ketua_rt", RT001)
    _notes(chair, count)
    client.force_login(chair)
    with django_assert_max_num_queries(6):
        assert client.get("/kotak-masuk/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/notifications").status_code == 200


# --- the API ----------------------------------------------------------------------------------------------------


def test_the_api_lists_unread_and_marks_read(client, person):
    chair = person("ketua_rt", RT001)
    first, second = _notes(chair, 2)
    client.force_login(chair)
    listed = client.get("/api/v1/notifications").json()
    assert listed["count"] == 2 and {"subject", "body", "url", "read", "proposal"} <= set(listed["results"][0])
    marked = client.post(f"/api/v1/notifications/{first.pk}/read")
    assert marked.status_code == 200 and marked.json()["read"] is True
    unread = client.get("/api/v1/notifications?unread=1").json()
    assert [n["id"] for n in unread["results"]] == [second.pk]
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=1").json()["count"] == 0


def test_the_api_needs_a_signed_in_user(client):
    assert client.get("/api/v1/notifications").status_code == 401


def test_the_notifications_api_is_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/notifications",
        "/api/v1/notifications/read-all",
        "/api/v1/notifications/{notification_id}/read",
    } <= set(schema["paths"])
    assert schema["paths"]["/api/v1/notifications"]["get"]["tags"] == ["notifications"]
