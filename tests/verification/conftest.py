"""Proposals that reached the Forum Perangkat Daerah of Kota Malang, and the verifiers who act on them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.cycles.models import Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.proposals.attachments import attachment_add
from rembug.proposals.lifecycle import Status
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item, walk

RT001 = "35.73.05.1011.03.001"
WALK = (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD)


def move_forum(cycle, *, opens: int, closes: int) -> None:
    """Put the Forum Perangkat Daerah window at today+opens .. today+closes, the earlier stages before it."""
    day = today()
    at = day + datetime.timedelta(days=opens)
    earlier = [StageKind.MUSRENBANG_KECAMATAN, StageKind.MUSRENBANG_KELURAHAN, StageKind.REMBUG]
    for n, kind in enumerate(earlier, start=1):
        start = at - datetime.timedelta(days=10 * n)
        Stage.objects.filter(cycle=cycle, kind=kind).update(opens_on=start, closes_on=start + datetime.timedelta(9))
    Stage.objects.filter(cycle=cycle, kind=StageKind.FORUM_OPD).update(
        opens_on=at, closes_on=day + datetime.timedelta(days=closes)
    )
    later = day + datetime.timedelta(days=closes + 1)
    Stage.objects.filter(cycle=cycle, kind=StageKind.MUSRENBANG_KOTA).update(
        opens_on=later, closes_on=later + datetime.timedelta(days=10)
    )


def walk_to_forum(proposal, actor) -> None:
    """Agreed in the Rembug, forwarded by the Musrenbang Kelurahan and Kecamatan (their checks are not tested here)."""
    for to in WALK:
        walk(proposal, to, reason=f"Ke {to}.")


def jpeg(name="saluran.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def drain(malang):
    """A dictionary item that routes to the public works agency (DPUPRPKP), Rp150.000 per metre."""
    return dictionary_item(malang, name="Saluran drainase", unit="m", category="drainase")


@pytest.fixture
def make_forwarded(chair, region, cycle, drain, settings, tmp_path):
    """make_forwarded(n, photo=False) → n proposals of RT 001 walked up to the Forum Perangkat Daerah.

    Proposals are written while the Rembug is open; `move_forum` moves the calendar afterwards."""
    settings.MEDIA_ROOT = tmp_path

    def make(n: int = 1, *, photo: bool = False, title: str = "Saluran Jl. Kenanga", walk: bool = True):
        made = []
        for i in range(n):
            proposal = proposal_create(
                actor=chair,
                cycle=cycle,
                proposer=region(RT001),
                title=f"{title} {i + 1}",
                problem="Banjir tiap hujan",
                idea="Saluran baru 20 m",
                item=drain,
                volume=20,
                address="Jl. Kenanga RT 001",
                latitude=-7.9466,
                longitude=112.6155,
            )
            if photo:
                attachment_add(actor=chair, proposal=proposal, upload=jpeg())
            if walk:
                walk_to_forum(proposal, chair)
            made.append(proposal)
        return made

    return make


@pytest.fixture
def forwarded(make_forwarded, cycle):
    """One proposal (with a photo) waiting for DPUPRPKP's verification, the Forum open today."""
    proposal = make_forwarded(1, photo=True)[0]
    move_forum(cycle, opens=0, closes=7)
    return proposal


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
