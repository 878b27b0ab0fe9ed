"""Proposal photos are served in every mode (DEBUG off too), by id, to those who may see the proposal (0024)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.proposals.attachments import attachment_add
from rembug.proposals.models import Attachment
from rembug.proposals.services import proposal_create
from rembug.uploads import THUMB_SIZE, thumbnail_name
from tests.factories import dictionary_item
from tests.hostile_files import pdf_bytes

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


def jpeg(width=1200, height=900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile("gang.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _production(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def photo(chair, region, cycle, malang) -> Attachment:
    proposal = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Paving Gang Mawar",
        problem="Becek",
        idea="Paving",
        item=dictionary_item(malang),
        volume=10,
        address="RT 001",
    )
    return attachment_add(actor=chair, proposal=proposal, upload=jpeg())


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_verifier_of_the_routed_agency_sees_the_photo_with_debug_off(client, photo, person):
    client.force_login(person("verifikator_opd", "35.73", agency="DPUPRPKP"))
    response = client.get(photo.file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    with photo.file.open("rb") as stored:
        assert body(response) == stored.read()


def test_the_thumbnail_is_made_when_the_photo_is_stored_and_is_smaller(client, photo, chair):
    assert photo.file.storage.exists(thumbnail_name(photo.file.name))
    client.force_login(chair)
    response = client.get(photo.thumb_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    thumb = body(response)
    assert len(thumb) < photo.size
    with Image.open(io.BytesIO(thumb)) as image:
        assert max(image.size) == THUMB_SIZE and image.size == (320, 240)


def test_a_photo_stored_before_thumbnails_gets_one_on_first_request(client, photo, chair):
    photo.file.storage.delete(thumbnail_name(photo.file.name))
    client.force_login(chair)
    assert client.get(photo.thumb_url).status_code == 200
    assert photo.file.storage.exists(thumbnail_name(photo.file.name))


def test_an_rt_chair_of_another_rt_gets_404(client, photo, person):
    client.force_login(person("ketua_rt", "35.73.05.1011.03.002"))
    assert client.get(photo.file_url).status_code == 404
    assert client.get(photo.thumb_url).status_code == 404


def test_a_visitor_is_sent_to_the_login_page(client, photo):
    response = client.get(photo.file_url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")


def test_an_api_client_fetches_the_photo_with_its_bearer_token(client, photo, chair):
    token = client.post("/api/v1/auth/token", {"username": chair.username, "password": "pw-rembug-123"}).json()
    response = client.get(photo.file_url, HTTP_AUTHORIZATION=f"Bearer {token['token']}")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_the_web_server_sends_the_file_when_told_to(client, photo, chair, settings):
    settings.REMBUG_MEDIA_ACCEL_PREFIX = "/_media/"
    client.force_login(chair)
    response = client.get(photo.file_url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_media/{photo.file.name}"
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"


def test_a_document_is_a_download_and_has_no_thumbnail(client, photo, chair):
    pdf = attachment_add(
        actor=chair,
        proposal=photo.proposal,
        upload=SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    client.force_login(chair)
    response = client.get(pdf.file_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert client.get(pdf.thumb_url).status_code == 404


def test_the_detail_page_shows_the_thumbnail_linking_to_the_photo(client, photo, chair):
    client.force_login(chair)
    page = client.get(f"/usulan/{photo.proposal.number}/").content.decode()
    assert f'<a href="{photo.file_url}"><img src="{photo.thumb_url}" width="140" height="105"' in page
    assert "/media/" not in page


def test_the_chairs_list_shows_the_photo_as_a_thumbnail(client, photo, chair):
    client.force_login(chair)
    page = client.get("/usulan/").content.decode()
    assert f'<img class="list-thumb" src="{photo.thumb_url}" width="64" height="48" loading="lazy"' in page


def test_the_api_links_the_checked_addresses(client, photo, chair):
    client.force_login(chair)
    answer = client.get(f"/api/v1/proposals/{photo.proposal.number}").json()
    assert answer["attachments"][0]["url"] == f"http://testserver{photo.file_url}"
    assert answer["attachments"][0]["thumbnail"] == f"http://testserver{photo.thumb_url}"
