"""Photos and documents are checked by content and size, and only the proposer may add them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.errors import DomainError, NotAllowed
from rembug.proposals.attachments import attachment_add
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item
from tests.hostile_files import pdf_bytes

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


def jpeg(name="gang.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def proposal(person, region, cycle, malang, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chair = person("ketua_rt", RT001)
    made = proposal_create(
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
    made.chair = chair
    return made


def test_a_photo_is_stored_and_recorded_in_the_history(proposal):
    attachment = attachment_add(actor=proposal.chair, proposal=proposal, upload=jpeg())
    assert attachment.kind == "photo" and attachment.content_type == "image/jpeg"
    assert proposal.events.filter(kind="attachment").exists()


def test_a_file_that_only_pretends_to_be_a_photo_is_refused(proposal):
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError, match=r"foto\.jpg bukan foto"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=fake)


def test_a_pdf_document_is_accepted(proposal):
    pdf = SimpleUploadedFile("proposal.pdf", pdf_bytes(), content_type="application/pdf")
    assert attachment_add(actor=proposal.chair, proposal=proposal, upload=pdf).kind == "document"


def test_a_too_large_photo_is_refused_with_its_size(proposal, monkeypatch):
    monkeypatch.setattr("rembug.uploads.MAX_PHOTO_BYTES", 100)
    with pytest.raises(DomainError, match="terlalu besar"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=jpeg())


def test_another_rt_chair_cannot_add_photos(proposal, person):
    with pytest.raises(NotAllowed):
        attachment_add(actor=person("ketua_rt", "35.73.05.1011.03.002"), proposal=proposal, upload=jpeg())
