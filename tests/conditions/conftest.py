"""Kota Malang's planning year with the default survey, and builders of answers and proposals in Dinoyo."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rembug.conditions.services import Answer, indicators_default, survey_submit
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item, walk

LOWOKWARU = "35.73.05"
DINOYO = "35.73.05.1004"
TLOGOMAS = "35.73.05.1003"
DINOYO_RT = f"{DINOYO}.01.001"
DINOYO_RT2 = f"{DINOYO}.01.002"
TLOGOMAS_RT = f"{TLOGOMAS}.01.001"
PATHS = {
    Status.DRAFT: (),
    Status.WITHDRAWN: (Status.WITHDRAWN,),
    Status.NOT_ACCOMMODATED: (Status.AGREED, Status.NOT_ACCOMMODATED),
    Status.FUNDED_KELURAHAN: (Status.AGREED, Status.FUNDED_KELURAHAN),
    Status.ACCOMMODATED: (
        Status.AGREED,
        Status.FORWARDED_KECAMATAN,
        Status.FORWARDED_OPD,
        Status.VERIFIED,
        Status.ACCOMMODATED,
    ),
}


@pytest.fixture
def indicators(cycle):
    return {i.code: i for i in indicators_default(cycle)}


@pytest.fixture
def operator(person):
    return person("operator_kelurahan", DINOYO)


@pytest.fixture
def answer(cycle, indicators, person, region):
    """answer(rt_code, jalan=2, drainase=3, ...) → an RT's or RW's answers, entered by its kelurahan's staff."""
    staff: dict[str, object] = {}

    def make(code: str, **scores: int):
        rt_rw = region(code)
        if rt_rw.village_code not in staff:
            staff[rt_rw.village_code] = person("operator_kelurahan", rt_rw.village_code)
        return survey_submit(
            actor=staff[rt_rw.village_code],
            cycle=cycle,
            region=rt_rw,
            answers=[Answer(indicator=k, score=v) for k, v in scores.items()],
        )

    return make


@pytest.fixture
def proposal(cycle, person, region, malang):
    """proposal(rt_code, category, thousands, status=DRAFT, times=1) → a proposal of that cost and status."""
    items: dict[str, object] = {}
    chairs: dict[str, object] = {}
    fields = {"jalan": "sarana_umum", "drainase": "sarana_umum", "air_bersih": "kebutuhan_warga", "umkm": "ekonomi"}

    def make(code: str, category: str, thousands: int, *, status: str = Status.DRAFT, times: int = 1):
        if category not in items:
            items[category] = dictionary_item(
                malang,
                name=f"Kegiatan {category}",
                unit="paket",
                unit_price=1000,
                category=category,
                field=fields[category],
            )
        if code not in chairs:
            chairs[code] = person("ketua_rt", code)
        made = proposal_create(
            actor=chairs[code],
            cycle=cycle,
            proposer=region(code),
            title=f"Usulan {category}",
            problem="Rusak",
            idea="Perbaiki",
            item=items[category],
            volume=Decimal(thousands),
            address="RT 001",
        )
        for step in PATHS[status]:
            made = walk(made, step)
        Proposal.objects.filter(pk=made.pk).update(times_proposed=times)  # as if carried over for years
        return made

    return make
