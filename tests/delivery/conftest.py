"""Kota Malang proposals accommodated in the RKPD, the people who plan and build them, and the calendar."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.cycles.models import Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.delivery.services import activity_plan
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item
from tests.factories import walk as lifecycle_walk

RT001 = "35.73.05.1011.03.001"
#: Rembug → Musrenbang Kelurahan → Kecamatan → Forum Perangkat Daerah → Musrenbang Kota (checks tested elsewhere).
TO_RKPD = (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD, Status.VERIFIED, Status.ACCOMMODATED)
TO_KELURAHAN_FUNDS = (Status.AGREED, Status.FUNDED_KELURAHAN)


def move_implementation(cycle, *, opens: int, closes: int) -> None:
    """Put the implementation stage's window at today+opens .. today+closes."""
    day = today()
    Stage.objects.filter(cycle=cycle, kind=StageKind.IMPLEMENTATION).update(
        opens_on=day + datetime.timedelta(days=opens), closes_on=day + datetime.timedelta(days=closes)
    )


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def jpeg(name="paving.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "gray").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def fake_photo(name="paving.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a photo at all", content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def paving(malang):
    """A dictionary item that routes to the public works agency (DPUPRPKP), Rp150.000 per m²."""
    return dictionary_item(malang)


@pytest.fixture
def make_proposals(chair, region, cycle, paving):
    """make_proposals(n, walk=TO_RKPD) → n proposals of RT 001 walked along `walk`."""

    def make(n: int = 1, *, walk=TO_RKPD, title: str = "Paving Gang Mawar"):
        made = []
        for i in range(n):
            proposal = proposal_create(
                actor=chair,
                cycle=cycle,
                proposer=region(RT001),
                title=f"{title} {i + 1}",
                problem="Jalan becek",
                idea="Paving 20 m²",
                item=paving,
                volume=20,
                address="Gang Mawar RT 001",
            )
            lifecycle_walk(proposal, *walk, reason=lambda to: f"Ke {to}.")
            made.append(proposal)
        return made

    return make


@pytest.fixture
def accommodated(make_proposals):
    return make_proposals(1)[0]


@pytest.fixture
def planner(person):
    return person("bappeda", "35.73")


@pytest.fixture
def batu_planner(person):
    return person("bappeda", "35.79")


@pytest.fixture
def pupr(person):
    return person("verifikator_opd", "35.73", agency="DPUPRPKP")


@pytest.fixture
def dlh(person):
    return person("verifikator_opd", "35.73", agency="DLH")


@pytest.fixture
def batu_pupr(person):
    """A verifier of the same-named agency in another city (Kota Batu)."""
    return person("verifikator_opd", "35.79", agency="DPUPRPKP")


@pytest.fixture
def plan(cycle):
    """plan(proposal) → its activity, planned by the system for the whole budget year."""

    def make(proposal, **changes):
        year = cycle.budget_year
        given = {
            "budget_amount": 3_000_000,
            "starts_on": datetime.date(year, 1, 1),
            "ends_on": datetime.date(year, 12, 31),
        } | changes
        return activity_plan(actor=None, proposal=proposal, **given)

    return make


@pytest.fixture
def activity(accommodated, plan, cycle):
    """DPUPRPKP's activity for the accommodated proposal, the implementation stage open today."""
    made = plan(accommodated)
    move_implementation(cycle, opens=-30, closes=30)
    return made
