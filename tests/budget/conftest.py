"""Verified proposals of Kota Malang ready for the Musrenbang Kota, and the forums' agreed order of them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rembug.cycles.models import Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.forums.models import Meeting, MeetingItem, MeetingKind, MeetingStatus
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item, walk

LOWOKWARU = "35.73.05"
DINOYO = "35.73.05.1004"
TLOGOMAS = "35.73.05.1003"
KLOJEN = "35.73.02"
MILLION = 1_000_000
#: The walk every candidate took before the Musrenbang Kota (each step is its forum's decision, tested elsewhere).
WALK = (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD, Status.VERIFIED)


@pytest.fixture
def all_open(cycle):
    """Every stage open today (test setup only: real windows follow one another)."""
    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    return cycle


@pytest.fixture
def close_kota(all_open):
    """Close the Musrenbang Kota stage (it ended yesterday)."""

    def close() -> None:
        day = today()
        Stage.objects.filter(cycle=all_open, kind=StageKind.MUSRENBANG_KOTA).update(
            opens_on=day - datetime.timedelta(days=5), closes_on=day - datetime.timedelta(days=1)
        )

    return close


@pytest.fixture
def bappeda(person):
    return person("bappeda", "35.73")


@pytest.fixture
def verified(person, region, all_open, malang):
    """verified(title, cost_in_millions, kelurahan=DINOYO, agency="DPUPRPKP") → a VERIFIED proposal of RT 001 of
    RW 01 of that kelurahan, costing that much (no funding plan: the city share is the whole cost)."""
    items: dict[str, object] = {}
    chairs: dict[str, object] = {}

    def make(title: str, millions: int, *, kelurahan: str = DINOYO, agency: str = "DPUPRPKP"):
        if agency not in items:
            items[agency] = dictionary_item(
                malang, name=f"Kegiatan {agency}", unit="paket", unit_price=MILLION, agency=agency
            )
        rt = f"{kelurahan}.01.001"
        if rt not in chairs:
            chairs[rt] = person("ketua_rt", rt)
        proposal = proposal_create(
            actor=chairs[rt],
            cycle=all_open,
            proposer=region(rt),
            title=title,
            problem="Rusak",
            idea="Perbaiki",
            item=items[agency],
            volume=Decimal(millions),
            address="RT 001",
        )
        for status in WALK:
            proposal = walk(proposal, status)
        return proposal

    return make


@pytest.fixture
def kecamatan_forum(region, all_open, malang):
    """kecamatan_forum(proposals, kecamatan=LOWOKWARU) → the finalized Musrenbang Kecamatan that agreed this order."""

    def make(proposals, *, kecamatan: str = LOWOKWARU) -> Meeting:
        meeting = Meeting.objects.create(
            cycle=all_open,
            city=malang,
            kind=MeetingKind.MUSRENBANG_KECAMATAN,
            holder_region=region(kecamatan),
            status=MeetingStatus.FINALIZED,
        )
        MeetingItem.objects.bulk_create(
            [
                MeetingItem(meeting=meeting, proposal=p, rank=rank, decision="forward")
                for rank, p in enumerate(proposals, start=1)
            ]
        )
        return meeting

    return make
