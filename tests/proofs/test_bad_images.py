"""Proof 3 (images): hostile files fed to every upload path end as a stored, re-encoded file of an allowed type or
as a domain error with a message — never another exception, and nothing written when refused.

Paths: a proposal attachment (photo or PDF), an agency's progress photo, a condition-survey photo. Each example
is one file: random bytes, truncated or bit-flipped images, valid images of refused types (GIF, BMP, TIFF, ICO,
PPM), PNG and JPEG headers that declare absurd sizes, EXIF junk, SVG/HTML/PDF under image names, PDFs with
scripts. `test_*_quick` runs in the normal suite; `test_*_long` (500+ files per path) with `-m long`.
"""

from __future__ import annotations

import datetime
import io
import re
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rembug.conditions.models import SurveyResponse
from rembug.conditions.services import Answer, indicators_default, survey_submit
from rembug.cycles.models import Stage
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.delivery.models import Activity, ProgressReport
from rembug.delivery.services import activity_plan, progress_report
from rembug.errors import DomainError
from rembug.proposals.attachments import attachment_add
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Attachment
from rembug.proposals.services import proposal_create
from rembug.uploads import PHOTO_TYPES
from tests.factories import dictionary_item, walk
from tests.hostile_files import HTML, SVG, image_bytes, jpeg_with_gps, pdf_bytes, png_header, upload

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"
DINOYO_RT = "35.73.05.1004.01.001"
TO_RKPD = (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD, Status.VERIFIED, Status.ACCOMMODATED)
EXTENSIONS = {ext: fmt for fmt, (ext, _type) in PHOTO_TYPES.items()}

# --- the hostile files ----------------------------------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "foto.jpg",
        "foto.png",
        "x.html",
        "x.svg",
        "x.exe",
        "surat.pdf",
        "../../etc/passwd",
        "a" * 300 + ".jpg",
        "foto.JPG.php",
        "rumah",
    ]
)
SMALL = st.tuples(st.integers(1, 48), st.integers(1, 48))
ALLOWED = st.sampled_from(
    [
        ("JPEG", "RGB"),
        ("JPEG", "L"),
        ("JPEG", "CMYK"),
        ("PNG", "RGB"),
        ("PNG", "RGBA"),
        ("PNG", "P"),
        ("PNG", "1"),
        ("PNG", "I;16"),
        ("WEBP", "RGB"),
        ("WEBP", "RGBA"),
    ]
)
REFUSED = st.sampled_from(
    [("GIF", "P"), ("BMP", "RGB"), ("TIFF", "RGB"), ("ICO", "RGBA"), ("PPM", "RGB"), ("TGA", "RGB"), ("PCX", "RGB")]
)


def _image(kind, size) -> bytes:
    fmt, mode = kind
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt)
    return buffer.getvalue()


@st.composite
def valid_images(draw) -> bytes:
    return _image(draw(ALLOWED), draw(SMALL))


@st.composite
def refused_types(draw) -> bytes:
    return _image(draw(REFUSED), draw(SMALL))


@st.composite
def truncated(draw) -> bytes:
    data = _image(draw(st.one_of(ALLOWED, REFUSED)), draw(SMALL))
    return data[: draw(st.integers(0, max(0, len(data) - 1)))]


@st.composite
def bit_flipped(draw) -> bytes:
    data = bytearray(_image(draw(ALLOWED), draw(SMALL)))
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@st.composite
def huge_png(draw) -> bytes:
    return png_header(draw(st.integers(0, 2**31 - 1)), draw(st.integers(0, 2**31 - 1)))


@st.composite
def absurd_jpeg(draw) -> bytes:
    """A real JPEG whose frame header (SOF0) is rewritten to declare another height and width."""
    data = bytearray(image_bytes("JPEG", (16, 16)))
    at = data.find(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", draw(st.integers(0, 65535)), draw(st.integers(0, 65535)))
    return bytes(data)


@st.composite
def exif_junk(draw) -> bytes:
    """A JPEG with an APP1 Exif segment of random bytes, or a valid EXIF with a random orientation."""
    if draw(st.booleans()):
        return jpeg_with_gps(draw(SMALL), orientation=draw(st.integers(0, 65535)))
    data = image_bytes("JPEG", draw(SMALL))
    junk = b"Exif\x00\x00" + draw(st.binary(max_size=300))
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(junk) + 2) + junk + data[2:]


@st.composite
def disguised(draw) -> bytes:
    return draw(
        st.sampled_from(
            [
                SVG,
                HTML,
                b"<svg onload=alert(1)>",
                b"GIF89a<script>",
                b"\x89PNG\r\n\x1a\n<html>",
                pdf_bytes(),
                pdf_bytes(javascript="app.alert(1)"),
                pdf_bytes(embedded=True),
                pdf_bytes(launch=True),
                b"%PDF-1.7\n/JavaScript",
                b"%PDF-" + b"\x00" * 64,
                b"MZ\x90\x00\x03",
                b"PK\x03\x04 zip",
                b"\xff\xd8\xff",
                b"RIFF\x00\x00\x00\x00WEBP",
            ]
        )
    )


@st.composite
def pdf_mutations(draw) -> bytes:
    data = bytearray(pdf_bytes(javascript=draw(st.sampled_from([None, "app.alert(1)"]))))
    for _ in range(draw(st.integers(1, 6))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


HOSTILE = st.one_of(
    st.binary(max_size=2048),
    valid_images(),
    refused_types(),
    truncated(),
    bit_flipped(),
    huge_png(),
    absurd_jpeg(),
    exif_junk(),
    disguised(),
    pdf_mutations(),
)

# --- the three upload paths -----------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def proposal_path(person, region, cycle, malang, media):
    """Add the file to a draft proposal; the stored attachment is removed after each success (10 per proposal)."""
    chair = person("ketua_rt", RT001)
    proposal = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Paving",
        problem="Becek",
        idea="Paving",
        item=dictionary_item(malang),
        volume=10,
        address="RT 001",
    )

    def submit(given):
        attachment = attachment_add(actor=chair, proposal=proposal, upload=given)
        stored = (attachment.file.name, attachment.content_type, attachment.file.read())
        attachment.file.delete(save=False)
        attachment.delete()
        return stored

    return submit, Attachment.objects.count


@pytest.fixture
def delivery_path(person, region, cycle, malang, media):
    """Report 10 % with the file as the photo, on an accommodated proposal's activity."""
    chair = person("ketua_rt", RT001)
    proposal = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Saluran",
        problem="Banjir",
        idea="Saluran",
        item=dictionary_item(malang),
        volume=10,
        address="RT 001",
    )
    for to in TO_RKPD:
        walk(proposal, to, reason="Ke tahap berikut.")
    year = cycle.budget_year
    activity = activity_plan(
        actor=None,
        proposal=proposal,
        budget_amount=3_000_000,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
    )
    Stage.objects.filter(cycle=cycle, kind=StageKind.IMPLEMENTATION).update(
        opens_on=today() - datetime.timedelta(days=30), closes_on=today() + datetime.timedelta(days=30)
    )
    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")

    def submit(given):
        fresh = Activity.objects.get(pk=activity.pk)
        report = progress_report(
            actor=verifier, activity=fresh, percent=10, reported_on=today(), photo=given, version=fresh.version
        )
        return report.photo.name, None, report.photo.read()

    return submit, ProgressReport.objects.count


@pytest.fixture
def conditions_path(person, region, cycle, media):
    """Answer one survey indicator of an RT with the file as its photo."""
    indicators_default(cycle)
    operator = person("operator_kelurahan", DINOYO_RT.rsplit(".", 2)[0])
    rt = region(DINOYO_RT)

    def submit(given):
        (response,) = survey_submit(
            actor=operator, cycle=cycle, region=rt, answers=[Answer(indicator="jalan", score=3, photo=given)]
        )
        return response.photo.name, None, response.photo.read()

    return submit, lambda: SurveyResponse.objects.filter(photo__gt="").count()


PATHS = ["proposal_path", "delivery_path", "conditions_path"]


def files_under(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def feed(submit, count, media, name: str, data: bytes) -> None:
    """One hostile file through one path: stored safely, or refused with a message and nothing written."""
    rows, files = count(), files_under(media)
    try:
        stored_name, content_type, content = submit(upload(name, data))
    except DomainError as error:
        assert error.message.strip()
        assert count() == rows and files_under(media) == files
        return
    ext = stored_name.rsplit(".", 1)[-1]
    assert ext in {*EXTENSIONS, "pdf"}, stored_name
    assert re.search(r"(^|/|-)[0-9a-f]{32}\.[a-z]+$", stored_name), stored_name  # a name we made, not theirs
    if ext == "pdf":
        assert content.startswith(b"%PDF-") and content_type == "application/pdf"
        assert b"/JavaScript" not in content and b"/Launch" not in content
        return
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == EXTENSIONS[ext]
        assert not image.getexif() and "exif" not in image.info
        image.load()
    if content_type is not None:
        assert content_type == PHOTO_TYPES[EXTENSIONS[ext]][1]


def _run(request, path: str, media, examples: int) -> None:
    submit, count = request.getfixturevalue(path)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(name=NAMES, data=HOSTILE)
    def check(name, data):
        feed(submit, count, media, name, data)

    check()


@pytest.mark.parametrize("path", PATHS)
def test_hostile_files_are_stored_safely_or_refused_quick(request, media, path):
    _run(request, path, media, examples={"proposal_path": 50, "delivery_path": 25, "conditions_path": 25}[path])


@pytest.mark.long
@pytest.mark.parametrize("path", PATHS)
def test_hostile_files_are_stored_safely_or_refused_long(request, media, path):
    _run(request, path, media, examples=600)


def test_valid_photos_of_every_accepted_kind_pass_every_path(request, media):
    """The proof is not vacuous: allowed images really are stored (re-encoded), on each path."""
    for path in PATHS:
        submit, _count = request.getfixturevalue(path)
        for kind in [("JPEG", "CMYK"), ("PNG", "P"), ("WEBP", "RGBA")]:
            name, _type, content = submit(upload("foto.jpg", _image(kind, (8, 8))))
            assert name.endswith("." + PHOTO_TYPES[kind[0]][0])
            with Image.open(io.BytesIO(content)) as image:
                assert image.format == kind[0]
