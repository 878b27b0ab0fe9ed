"""A survey answer's photo is served with DEBUG off, by id, to those who answer that RT's survey (0024)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.conditions.services import Answer, survey_submit

from .conftest import DINOYO_RT, DINOYO_RT2

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGBA", (800, 400), (0, 90, 0, 128)).save(buffer, "PNG")
    return SimpleUploadedFile("selokan.png", buffer.getvalue(), content_type="image/png")


def test_the_chair_sees_the_photo_another_rt_chair_does_not(client, cycle, indicators, person, region):
    chair = person("ketua_rt", DINOYO_RT)
    [answer] = survey_submit(
        actor=chair, cycle=cycle, region=region(DINOYO_RT), answers=[Answer(indicator="jalan", score=2, photo=png())]
    )
    client.force_login(chair)
    response = client.get(answer.photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    thumb = client.get(f"{answer.photo_url}?size=thumb")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(thumb.streaming_content))) as image:
        assert image.size == (320, 160)
    client.force_login(person("ketua_rt", DINOYO_RT2))
    assert client.get(answer.photo_url).status_code == 404
    client.logout()
    assert client.get(answer.photo_url)["Location"].startswith("/masuk/?next=")
