"""The Berita Acara prints volumes as people write them ("130 m²", "12,5 m", "1.500 m²", never "130.00 m²") and
the moment it was finalized in the city's own time with its zone (WIB for Kota Malang), never in UTC."""

import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from rembug.forums.decisions import item_decide, meeting_finalize
from rembug.forums.services import (
    attendee_add,
    delegate_set,
    meeting_open,
    meeting_sync_items,
    meeting_update,
)
from rembug.proposals.services import funding_set, proposal_create
from tests.factories import dictionary_item
from tests.forums.test_upper_forums import KEL, agreed, all_open, held  # noqa: F401 — fixtures reused

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def pdf_text(field) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(field.read())).pages).split())


def in_malang(moment: datetime.datetime) -> str:
    local = moment.astimezone(ZoneInfo("Asia/Jakarta"))
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} pukul {local:%H.%M} WIB"


def test_the_rembug_berita_acara_prints_plain_volumes_and_the_time_in_wib(
    person, cycle, region, malang, client, settings
):
    chair = person("ketua_rt", RT001)
    for name, unit, volume in [("Paving gang", "m²", "130"), ("Saluran", "m", "12.5"), ("Taman", "m²", "1500")]:
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=f"{name} RT 001",
            problem="Rusak",
            idea="Perbaiki",
            item=dictionary_item(malang, name=name, unit=unit, unit_price=1_000),
            volume=Decimal(volume),
            address="Gang Mawar",
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
        place="Balai RW 03",
        chair_name="Bu Siti",
        order_method="Musyawarah",
    )
    siti = attendee_add(
        actor=chair, meeting=meeting, name="Siti", gender="P", age_group="dewasa", groups=["tokoh_masyarakat"]
    )
    attendee_add(actor=chair, meeting=meeting, name="Darmo", gender="L", age_group="lansia")
    meeting_sync_items(actor=chair, meeting=meeting)
    delegate_set(actor=chair, meeting=meeting, attendee_ids=[siti.pk])
    meeting.refresh_from_db()
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version, accept_inclusion_gaps=True)
    text = pdf_text(meeting.minutes_pdf)
    assert "130 m²" in text and "12,5 m" in text and "1.500 m²" in text
    assert not re.search(r"\d\.\d\d m", text)  # "130.00 m²", "12.50 m"
    assert f"Ditetapkan di Rembug pada {in_malang(meeting.finalized_at)}." in text
    # The stored file, as downloaded from the meeting's page with DEBUG off: read in the browser, never sniffed.
    settings.DEBUG = False
    client.force_login(chair)
    download = client.get(f"/rembug/{meeting.pk}/berita-acara.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Disposition"].startswith("inline;")
    assert pdf_text(io.BytesIO(b"".join(download.streaming_content))) == text


def test_the_kelurahan_berita_acara_prints_plain_volumes(person, region, agreed, all_open):  # noqa: F811
    operator = person("operator_kelurahan", KEL)
    meeting = held(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    for proposal in agreed:
        item_decide(
            actor=operator, meeting=meeting, proposal_id=proposal.pk, decision="forward", version=meeting.version
        )
        meeting.refresh_from_db()
    meeting = meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)
    text = pdf_text(meeting.minutes_pdf)
    assert "10 m " in text and "2 unit" in text and "10.00" not in text
