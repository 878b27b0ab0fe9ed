"""A small history of Kota Malang for the portal: three planning years, a proposal asked for three years running,
one built, drafts and withdrawn ones that must stay hidden, and a finalized Rembug with named attendees."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.forums import decisions as forum_decisions
from rembug.forums import services as forums
from rembug.forums.models import Meeting
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import (
    funding_set,
    proposal_carry_over,
    proposal_create,
    proposal_withdraw,
)
from tests.factories import dictionary_item
from tests.factories import walk as lifecycle_walk

KEL = "35.73.05.1011"
RW = f"{KEL}.03"
RT001 = f"{RW}.001"
RT002 = f"{RW}.002"
OTHER_KEL = "35.73.01.1001"
#: A name that appears nowhere but in the attendance list of the Rembug.
SECRET_NAME = "Zulkarnaen Wiryosentono"
SECRET_DELEGATE = "Theresia Purbonegoro"

TO_NOT_ACCOMMODATED = (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.NOT_ACCOMMODATED)
TO_DONE = (
    Status.AGREED,
    Status.FORWARDED_KECAMATAN,
    Status.FORWARDED_OPD,
    Status.VERIFIED,
    Status.ACCOMMODATED,
    Status.IN_PROGRESS,
    Status.DONE,
)


@dataclass
class World:
    years: list[int]
    cycles: dict
    repeated: Proposal = None
    built: Proposal = None
    draft: Proposal = None
    withdrawn: Proposal = None
    elsewhere: Proposal = None
    meeting: Meeting = None
    proposals: list = field(default_factory=list)


def schedule(year: int) -> dict:
    """Every year's Rembug stage open today (test data only: it lets one chair write each year's proposals)."""
    stages = demo_schedule(year, today())
    last = max(end for kind, (_, end) in stages.items() if kind != StageKind.IMPLEMENTATION)
    stages[StageKind.IMPLEMENTATION] = (last + datetime.timedelta(days=1), last + datetime.timedelta(days=365))
    return stages


def walk(proposal, actor, path, reason="Alasan"):
    """Along `path`, each step made through the lifecycle gate (by the setup's steward; `actor` names the proposer)."""
    return lifecycle_walk(proposal, *path, reason=lambda to: f"{reason}: {Status(to).label}")


def make_world(person, region, malang) -> World:
    year = today().year + 1
    years = [year - 2, year - 1, year]
    cycles = {y: cycle_create(city=malang, year=y, schedule=schedule(y)) for y in years}
    world = World(years=years, cycles=cycles)
    chair = person("ketua_rt", RT001)
    drain = dictionary_item(malang, name="Saluran drainase", unit="m", unit_price=1_500_000, category="drainase")
    paving = dictionary_item(malang)

    first = proposal_create(
        actor=chair,
        cycle=cycles[years[0]],
        proposer=region(RT001),
        title="Saluran Jl. Kenanga",
        problem="Banjir",
        idea="Saluran",
        item=drain,
        volume=20,
        address="Jl. Kenanga",
        latitude=-7.9385,
        longitude=112.6135,
    )
    first = walk(first, chair, TO_NOT_ACCOMMODATED, "Melebihi pagu")
    second = walk(
        proposal_carry_over(actor=chair, previous=first, cycle=cycles[years[1]]),
        chair,
        TO_NOT_ACCOMMODATED,
        "Melebihi pagu lagi",
    )
    third = walk(
        proposal_carry_over(actor=chair, previous=second, cycle=cycles[years[2]]),
        chair,
        (Status.AGREED,),
        "Peringkat 1",
    )
    world.repeated = third
    built = proposal_create(
        actor=chair,
        cycle=cycles[years[1]],
        proposer=region(RT001),
        title="Paving gang Melati",
        problem="Becek",
        idea="Paving",
        item=paving,
        volume=100,
        address="Gang Melati",
    )
    world.built = walk(built, chair, TO_DONE, "Lanjut")
    world.draft = proposal_create(
        actor=chair,
        cycle=cycles[year],
        proposer=region(RT001),
        title="Rahasia draf Anggrek",
        problem="x",
        idea="y",
        item=paving,
        volume=5,
        address="a",
    )
    withdrawn = proposal_create(
        actor=chair,
        cycle=cycles[year],
        proposer=region(RT001),
        title="Usulan ditarik Dahlia",
        problem="x",
        idea="y",
        item=paving,
        volume=5,
        address="a",
    )
    world.withdrawn = proposal_withdraw(actor=chair, proposal=withdrawn, reason="Sudah dikerjakan warga")
    other_chair = person("ketua_rw", f"{OTHER_KEL}.01")
    elsewhere = proposal_create(
        actor=other_chair,
        cycle=cycles[year],
        proposer=region(f"{OTHER_KEL}.01"),
        title="Lampu jalan Balearjosari",
        problem="Gelap",
        idea="Lampu",
        item=paving,
        volume=30,
        address="RW 01",
    )
    world.elsewhere = walk(elsewhere, other_chair, (Status.AGREED,))
    world.meeting = finalized_rembug(person, region, cycles[year], malang)
    world.proposals = list(Proposal.objects.all())
    return world


def finalized_rembug(person, region, cycle, malang, code: str = RT002) -> Meeting:
    """A Rembug of an RT with named attendees, a count of difabel participants and a delegate, finalized."""
    chair = person("ketua_rt", code)
    item = dictionary_item(malang, name="MCK komunal", unit="unit", unit_price=50_000_000, category="mck")
    proposal = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(code),
        title=f"MCK umum {code}",
        problem="Tidak ada MCK",
        idea="MCK",
        item=item,
        volume=1,
        address=code,
    )
    funding_set(actor=chair, proposal=proposal, version=proposal.version, shares={"apbd_kota": 50_000_000})
    meeting = forums.meeting_open(actor=chair, cycle=cycle, holder=region(code))
    meeting = forums.meeting_update(
        actor=chair,
        meeting=meeting,
        version=meeting.version,
        held_on=today(),
        place="Balai RW 03",
        chair_name=SECRET_DELEGATE,
        order_method="Musyawarah",
    )
    delegate = forums.attendee_add(
        actor=chair,
        meeting=meeting,
        name=SECRET_DELEGATE,
        gender="P",
        age_group="dewasa",
        groups=["tokoh_masyarakat"],
        position="Ketua RT",
    )
    forums.attendee_add(
        actor=chair, meeting=meeting, name=SECRET_NAME, gender="L", age_group="lansia", groups=["kelompok_rentan"]
    )
    forums.attendee_add(actor=chair, meeting=meeting, name="Rina Pemudi", gender="P", age_group="pemuda")
    forums.attendance_counts_set(actor=chair, meeting=meeting, counts={"difabel": 2, "kelompok_rentan": 1})
    forums.meeting_sync_items(actor=chair, meeting=meeting)
    forums.delegate_set(actor=chair, meeting=meeting, attendee_ids=[delegate.pk], mandate="mengawal")
    meeting.refresh_from_db()
    return forum_decisions.meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)


@pytest.fixture
def world(db, person, region, malang, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return make_world(person, region, malang)
