"""Photos and forms on weak signal, server side (issue 13, points 1-2; decision 0032): one photo at a time,
stored once per client upload id; the page's script gets JSON; a body cut off mid-photo creates nothing; an
oversized request is a clear 413 page; the service worker and the manifest are served as browsers require."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.proposals.models import Attachment, Proposal
from tests.api.world import RT001, build_world

pytestmark = pytest.mark.django_db
ASYNC = {"HTTP_X_REMBUG_ASYNC": "1"}


@pytest.fixture
def world(person, region, cycle, malang, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(person=person, region=region, cycle=cycle, city=malang)


def _jpeg(name: str = "gang.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _fields(world, **changes) -> dict:
    proposal = world.proposals[0]
    return {
        "title": "Saluran tersumbat",
        "problem": "Banjir",
        "idea": "Normalisasi",
        "item": proposal.item_id,
        "volume": "10",
        "address": "RT 001",
        "beneficiaries": "40",
        "client_token": str(uuid.uuid4()),
        **changes,
    }


def _editable(world) -> Proposal:
    return Proposal.objects.get(pk=world.proposals[0].pk)


def test_one_photo_is_stored_with_its_thumbnail_and_a_retry_stores_it_once(client, world):
    client.force_login(world.chair)
    proposal = _editable(world)
    url = f"/usulan/{proposal.number}/foto/"
    upload_id = str(uuid.uuid4())
    first = client.post(url, {"file": _jpeg(), "client_upload": upload_id}, **ASYNC)
    again = client.post(url, {"file": _jpeg(), "client_upload": upload_id}, **ASYNC)
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert proposal.attachments.count() == 1
    thumb = client.get(first.json()["thumb_url"])
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_a_file_that_is_no_photo_is_a_json_message(client, world):
    client.force_login(world.chair)
    fake = SimpleUploadedFile("foto.jpg", b"MZ not an image", content_type="image/jpeg")
    answer = client.post(
        f"/usulan/{_editable(world).number}/foto/", {"file": fake, "client_upload": str(uuid.uuid4())}, **ASYNC
    )
    assert answer.status_code == 400
    assert "bukan foto" in answer.json()["error"]
    assert not Attachment.objects.exists()


def test_another_rt_chair_cannot_send_photos_to_the_proposal(client, world, person):
    client.force_login(person("ketua_rt", "35.73.05.1011.03.002"))
    answer = client.post(
        f"/usulan/{_editable(world).number}/foto/", {"file": _jpeg(), "client_upload": str(uuid.uuid4())}, **ASYNC
    )
    assert answer.status_code == 404
    assert not Attachment.objects.exists()


def test_the_pages_script_gets_json_for_a_saved_proposal_and_for_errors(client, world):
    client.force_login(world.chair)
    fields = _fields(world)
    saved = client.post(f"/usulan/baru/{RT001}/", fields, **ASYNC)
    assert saved.status_code == 201
    number = saved.json()["number"]
    assert saved.json()["upload_url"] == f"/usulan/{number}/foto/"
    resent = client.post(f"/usulan/baru/{RT001}/", fields, **ASYNC)  # the offline queue sending it again
    assert resent.json()["number"] == number
    assert Proposal.objects.filter(client_token=fields["client_token"]).count() == 1
    wrong = client.post(f"/usulan/baru/{RT001}/", _fields(world, title=""), **ASYNC)
    assert wrong.status_code == 400 and "title" in wrong.json()["errors"]


def test_a_form_cut_off_during_its_photo_creates_nothing_and_says_so(client, world):
    client.force_login(world.chair)
    before = Proposal.objects.count()
    cut = client.post(f"/usulan/baru/{RT001}/", _fields(world, form_start="1"))  # its last field never arrived
    assert cut.status_code == 200
    assert "Kiriman terputus" in cut.content.decode()
    assert Proposal.objects.count() == before
    whole = client.post(f"/usulan/baru/{RT001}/", _fields(world, form_start="1", form_end="1", photos=_jpeg()))
    assert whole.status_code == 302
    assert Proposal.objects.latest("pk").attachments.count() == 1


def test_an_oversized_request_is_a_clear_413_page_not_a_server_error(client, world, settings):
    settings.REMBUG_MAX_REQUEST_BYTES = 1000
    client.force_login(world.chair)
    big = SimpleUploadedFile("besar.jpg", b"x" * 5000, content_type="image/jpeg")
    page = client.post(f"/usulan/baru/{RT001}/", _fields(world, photos=big))
    assert page.status_code == 413
    assert "Kiriman terlalu besar" in page.content.decode()
    big = SimpleUploadedFile("besar.jpg", b"x" * 5000, content_type="image/jpeg")
    answer = client.post(f"/usulan/{_editable(world).number}/foto/", {"file": big, "client_upload": "x"}, **ASYNC)
    assert answer.status_code == 413 and "terlalu besar" in answer.json()["error"]


def test_the_service_worker_and_the_manifest_are_served_as_browsers_require(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    assert "rembug/js/offline.js" in worker.content.decode()
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    icons = manifest.json()["icons"]
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in icons}
    assert client.get("/luring/").status_code == 200
