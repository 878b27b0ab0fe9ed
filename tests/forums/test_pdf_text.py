"""Whatever people type is printed literally in the Berita Acara (never read as ReportLab markup), and the
delegates section holds only structured facts: no phone number or NIK reaches the paper."""

import importlib
import io

import pytest
from pypdf import PdfReader

from rembug.errors import DomainError
from rembug.forums.decisions import item_decide, meeting_finalize
from rembug.forums.models import Delegate, DelegateMandate, Stakeholder
from rembug.forums.services import (
    attendance_counts_set,
    attendee_add,
    delegate_set,
    has_identity_number,
    meeting_open,
    meeting_sync_items,
    meeting_update,
)
from rembug.proposals.services import funding_set, proposal_create
from tests.factories import dictionary_item
from tests.forums.test_upper_forums import KEL, agreed, all_open  # noqa: F401 — fixtures reused

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"
HOSTILE = ["<b>tebal", "Gang & Co", "<para>", "]]>", "<font name=x>", "</i>", "&amp;", "a<br/>b"]


def pdf_text(field) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(field.read())).pages).split())


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


def test_a_rembug_full_of_markup_characters_is_finalized_and_printed_literally(chair, cycle, region, malang):
    item = dictionary_item(malang, name="Paving <blok> & kanstin")
    titles = [f"Usulan {h} nomor {n}" for n, h in enumerate(HOSTILE, 1)]
    for title in titles:
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=title,
            problem="<x>",
            idea="a & b",
            item=item,
            volume=10,
            address="Gang <Melati> & Mawar",
        )
        funding_set(
            actor=chair, proposal=proposal, version=proposal.version, shares={"apbd_kota": proposal.estimated_cost}
        )
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    meeting = meeting_update(
        actor=chair,
        meeting=meeting,
        version=meeting.version,
        held_on=cycle.stages.first().opens_on,
        place="Balai <RW> 03 & Pos ]]>",
        chair_name="Bu <b>Siti</b> & Rekan",
        agenda="Agenda <para>1</para> & <font name=x>",
        order_method="Mufakat <i>sepenuhnya</i> & voting",
    )
    siti = attendee_add(
        actor=chair,
        meeting=meeting,
        name="Siti <Aminah> & Putri",
        gender="P",
        age_group="dewasa",
        groups=["tokoh_masyarakat"],
        position="Ketua <RT> & PKK",
    )
    attendee_add(actor=chair, meeting=meeting, name="Rina ]]>", gender="P", age_group="pemuda")
    attendee_add(actor=chair, meeting=meeting, name="Pak Darmo", gender="L", age_group="lansia")
    attendance_counts_set(actor=chair, meeting=meeting, counts={"difabel": 2, "kelompok_rentan": 1})
    meeting_sync_items(actor=chair, meeting=meeting)
    delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk], mandate=DelegateMandate.CARRY_AND_REPORT)
    meeting.refresh_from_db()
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    text = pdf_text(meeting.minutes_pdf)
    for literal in [
        *titles,
        "Paving <blok> & kanstin",
        "Balai <RW> 03 & Pos ]]>",
        "Agenda <para>1</para> &",
        "<font name=x>",
        "Mufakat <i>sepenuhnya</i> & voting",
        "Siti <Aminah> & Putri",
    ]:
        assert literal in text, literal
    assert str(DelegateMandate.CARRY_AND_REPORT.label) in text and "Tokoh masyarakat" in text


def test_the_kelurahan_berita_acara_prints_reasons_with_markup_characters(person, region, agreed, all_open):  # noqa: F811
    operator = person("operator_kelurahan", KEL)
    meeting = meeting_open(actor=operator, cycle=all_open, holder=region(KEL))
    meeting = meeting_update(
        actor=operator,
        meeting=meeting,
        version=meeting.version,
        held_on=all_open.stages.first().opens_on,
        place="Kantor <Kelurahan> & Aula",
        chair_name="Lurah <Agus>",
    )
    first = None
    for name, gender, age, groups in [
        ("Lurah <Agus>", "L", "dewasa", ["tokoh_masyarakat"]),
        ("Ibu & PKK", "P", "dewasa", []),
        ("Karang ]]> Taruna", "P", "pemuda", []),
        ("Sesepuh", "L", "lansia", ["difabel", "kelompok_rentan"]),
    ]:
        attendee = attendee_add(actor=operator, meeting=meeting, name=name, gender=gender, age_group=age, groups=groups)
        first = first or attendee
    delegate_set(actor=operator, meeting=meeting, attendee_ids=[first.pk])
    meeting.refresh_from_db()
    drain_a, drain_b, lamp = agreed
    for proposal, decision, reason in [
        (drain_a, "forward", ""),
        (drain_b, "not_accommodated", "duplikasi"),
        (lamp, "fund_here", ""),
    ]:
        item_decide(
            actor=operator,
            meeting=meeting,
            proposal_id=proposal.pk,
            decision=decision,
            reason=reason,
            reason_text="Sama dengan <b>RT 001</b> & <para>" if reason else "",
            version=meeting.version,
        )
        meeting.refresh_from_db()
    meeting = meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)
    text = pdf_text(meeting.minutes_pdf)
    assert "Sama dengan <b>RT 001</b> & <para>" in text
    assert "Kantor <Kelurahan> & Aula" in text and "Lurah <Agus>" in text


# --- delegates: structured, and no phone number or NIK -----------------------------------------------------------


@pytest.fixture
def meeting_with_people(chair, cycle, region):
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    siti = attendee_add(
        actor=chair,
        meeting=meeting,
        name="Siti",
        gender="P",
        age_group="dewasa",
        groups=["perempuan", "tokoh_masyarakat"],
    )
    rina = attendee_add(actor=chair, meeting=meeting, name="Rina", gender="P", age_group="pemuda")
    return meeting, siti, rina


def test_a_delegates_unsur_comes_from_the_attendees_group_or_the_given_choice(chair, meeting_with_people):
    meeting, siti, rina = meeting_with_people
    delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk, rina.pk], roles={rina.pk: "pemuda"})
    roles = dict(Delegate.objects.filter(meeting=meeting).values_list("attendee__name", "role"))
    assert roles == {"Siti": Stakeholder.PEREMPUAN, "Rina": Stakeholder.PEMUDA}
    assert set(Delegate.objects.values_list("mandate", flat=True)) == {DelegateMandate.CARRY}


def test_a_free_text_mandate_is_refused_and_a_label_is_understood(chair, meeting_with_people):
    meeting, siti, _rina = meeting_with_people
    with pytest.raises(DomainError, match="Pilih mandat delegasi dari daftar") as refused:
        delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk], mandate="Hubungi 0812-3456-7890")
    assert refused.value.field == "mandate"
    label = str(DelegateMandate.SPEAK.label).upper()
    (made,) = delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk], mandate=label)
    assert made.mandate == DelegateMandate.SPEAK


def test_an_unknown_unsur_is_refused(chair, meeting_with_people):
    meeting, siti, _rina = meeting_with_people
    with pytest.raises(DomainError, match="Unsur delegasi tidak dikenal: bos"):
        delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk], roles={siti.pk: "bos"})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Siti 0812-3456-7890"),
        ("name", "Siti (+62 812 345 678)"),
        ("position", "NIK 3573051234560001"),
        ("position", "HP 081234567"),
    ],
)
def test_a_phone_number_or_nik_in_an_attendees_name_or_position_is_refused(chair, meeting_with_people, field, value):
    meeting, _siti, _rina = meeting_with_people
    given = {"name": "Budi", "position": ""} | {field: value}
    with pytest.raises(DomainError, match="nomor telepon atau NIK") as refused:
        attendee_add(actor=chair, meeting=meeting, gender="L", age_group="dewasa", **given)
    assert refused.value.field == field


@pytest.mark.parametrize("value", ["Ketua RT 003 RW 05", "Siti Aminah", "Kader PKK 2024", "Pos 1/2"])
def test_positions_with_short_numbers_are_not_mistaken_for_phone_numbers(value):
    assert not has_identity_number(value)


def test_the_migration_cuts_phone_numbers_and_nik_out_of_old_names_and_positions():
    migration = importlib.import_module("rembug.forums.migrations.0004_delegate_role_and_structured_mandate")
    assert migration._strip_numbers("Siti Aminah 0812-3456-7890") == "Siti Aminah"
    assert migration._strip_numbers("Ketua RT 003, NIK 3573051234560001") == "Ketua RT 003, NIK"
    assert migration._strip_numbers("Pak Darmo (+62 812 345 678)") == "Pak Darmo"
    assert migration._strip_numbers("Ketua RW 05") == "Ketua RW 05"


def test_the_delegates_page_offers_the_fixed_mandates_and_saves_the_chosen_one(client, chair, meeting_with_people):
    meeting, siti, _rina = meeting_with_people
    client.force_login(chair)
    page = client.get(f"/rembug/{meeting.pk}/delegasi/")
    assert str(DelegateMandate.SPEAK.label) in page.content.decode()
    saved = client.post(f"/rembug/{meeting.pk}/delegasi/", {"attendees": [siti.pk], "mandate": "juru_bicara"})
    assert saved.status_code == 302
    assert list(Delegate.objects.values_list("role", "mandate")) == [("perempuan", "juru_bicara")]
    refused = client.post(f"/rembug/{meeting.pk}/delegasi/", {"attendees": [siti.pk], "mandate": "HP 0812345678"})
    assert refused.status_code == 200 and refused.context["form"].errors["mandate"]
    assert list(Delegate.objects.values_list("mandate", flat=True)) == ["juru_bicara"]


def test_the_data_migration_drops_old_mandates_and_numbers_and_takes_the_unsur_from_groups(chair, cycle, region):
    from django.apps import apps

    from rembug.forums.models import Attendee

    migration = importlib.import_module("rembug.forums.migrations.0004_delegate_role_and_structured_mandate")
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    # Rows as the old free-text fields held them (written directly: the services now refuse them).
    siti = Attendee.objects.create(
        meeting=meeting,
        name="Siti 0812-3456-7890",
        gender="P",
        age_group="dewasa",
        groups=["pemuda"],
        position="Ketua RT 003 NIK 3573051234560001",
    )
    budi = Attendee.objects.create(meeting=meeting, name="Budi", gender="L", age_group="dewasa")
    Delegate.objects.create(meeting=meeting, attendee=siti, role="lainnya", mandate="HP 08123456789")
    Delegate.objects.create(meeting=meeting, attendee=budi, role="lainnya", mandate="Kawal")
    migration.forwards(apps, None)
    siti.refresh_from_db()
    assert (siti.name, siti.position) == ("Siti", "Ketua RT 003 NIK")
    assert dict(Delegate.objects.values_list("attendee__name", "role")) == {"Siti": "pemuda", "Budi": "lainnya"}
    assert set(Delegate.objects.values_list("mandate", flat=True)) == {DelegateMandate.CARRY}
