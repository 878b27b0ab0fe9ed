"""A map with a marker, with static files as `make run` serves them (collected, hashed names): the marker image
loads (Leaflet's own guess of its image folder fails on hashed names: a broken image on every map), and the
proposal's photo thumbnail loads through its permission-checked address."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.templatetags.static import static
from PIL import Image

from rembug.cycles.selectors import current_cycle
from rembug.proposals.attachments import attachment_add
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import DictionaryItem
from rembug.proposals.services import proposal_create
from rembug.regions.models import Region
from tests.factories import walk

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hashed_static(settings, tmp_path):
    """collectstatic with the manifest (hashed names), and the live server serving the collected files."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]
    assert ".png" in static("leaflet/images/marker-icon.png") and "marker-icon.png" not in static(
        "leaflet/images/marker-icon.png"
    )


def test_the_review_map_shows_its_marker_and_the_photo_thumbnail(phone, demo, hashed_static, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    chair = get_user_model().objects.get(username="rt.lowokwaru")
    item = DictionaryItem.objects.filter(city__code="35.73", agency__short_name="DPUPRPKP", active_until=None).first()
    proposal = proposal_create(
        actor=chair,
        cycle=current_cycle(Region.objects.get(code="35.73")),
        proposer=Region.objects.get(code="35.73.05.1011.03.001"),
        title="Saluran Gang Kenanga",
        problem="Banjir",
        idea="Saluran baru",
        item=item,
        volume=12,
        address="Gang Kenanga",
        latitude=-7.9385,
        longitude=112.6135,
    )
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "brown").save(buffer, "JPEG")
    attachment_add(actor=chair, proposal=proposal, upload=SimpleUploadedFile("g.jpg", buffer.getvalue(), "image/jpeg"))
    proposal = walk(proposal, Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD, reason="Lanjut")

    login(phone, "opd.pupr")
    phone.goto(f"/verifikasi/{proposal.number}/")
    marker = phone.locator("img.leaflet-marker-icon")
    marker.wait_for()
    phone.wait_for_function("document.querySelector('img.leaflet-marker-icon').complete")
    assert marker.evaluate("img => img.naturalWidth") > 0
    assert marker.get_attribute("src") in (
        static("leaflet/images/marker-icon.png"),
        static("leaflet/images/marker-icon-2x.png"),
    )
    thumb = phone.locator(".gallery img").first
    thumb.scroll_into_view_if_needed()
    phone.wait_for_function("[...document.querySelectorAll('.gallery img')].every(i => i.complete)")
    assert thumb.evaluate("img => img.naturalWidth") == 320
    assert phone.console_errors == []
