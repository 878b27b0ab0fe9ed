"""Progress photos are served with DEBUG off, by id: public with the proposal's public page (decision 0024)."""

import io

import pytest
from PIL import Image

from rembug.delivery.services import progress_report
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal

from .conftest import days_ago, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.fixture
def report(activity, pupr):
    return progress_report(
        actor=pupr, activity=activity, percent=30, reported_on=days_ago(2), photo=jpeg(), version=activity.version
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_agency_and_a_visitor_see_the_progress_photo_and_its_thumbnail(client, report, pupr):
    client.force_login(pupr)
    response = client.get(report.photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    # Public works paid with public money, already on the proposal's public page: residents follow them.
    assert client.get(report.photo_url).status_code == 200
    thumb = client.get(report.photo_thumb_url)
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(body(thumb))) as image:
        assert image.format == "JPEG" and max(image.size) <= 320


def test_the_public_proposal_page_shows_the_thumbnail(client, report, accommodated):
    page = client.get(f"/cari/{accommodated.number}/").content.decode()
    assert f'<a href="{report.photo_url}"><img src="{report.photo_thumb_url}" width="140" height="105"' in page
    assert "/media/" not in page


def test_a_withdrawn_proposals_photos_are_not_public(client, report, accommodated, chair, pupr, planner):
    # Not a path the lifecycle offers today; the rule follows the public page whatever the status.
    Proposal.objects.filter(pk=accommodated.pk).update(status=Status.WITHDRAWN)
    response = client.get(report.photo_url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    client.force_login(chair)
    assert client.get(report.photo_url).status_code == 404
    for allowed in (pupr, planner):
        client.force_login(allowed)
        assert client.get(report.photo_url).status_code == 200


def test_a_report_without_a_photo_has_none_to_serve(client, activity, pupr):
    plain = progress_report(actor=pupr, activity=activity, percent=5, reported_on=days_ago(1), version=activity.version)
    assert plain.photo_url == ""
    assert client.get(f"/pelaksanaan/foto/{plain.pk}/").status_code == 404
