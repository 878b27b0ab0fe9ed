"""A resident on a cheap phone opens the portal of their kelurahan, finds a proposal by its number and reads
what became of it; the portal and the forum page pass axe-core and never show an attendee's name."""

import pytest

from rembug.forums.models import Meeting
from rembug.proposals.models import Proposal

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_finds_a_proposal_on_the_portal_and_sees_its_history(phone, demo):
    proposal = Proposal.objects.exclude(status="draft").filter(sipd_id="").order_by("number").first()
    meeting = Meeting.objects.get(status="finalized")
    problems = []

    def check(path):
        for violation in axe_violations(phone):
            problems.append(f"{path}: {violation}")
        if phone.evaluate("document.documentElement.scrollWidth") > 360:
            problems.append(f"{path}: wider than the screen")
        assert "Bambang Sutrisno" not in phone.content()  # an attendee of the demo's Rembug

    phone.goto("/portal/35.73.05.1011/")
    phone.locator("[data-points-loaded][data-boundaries-loaded]").wait_for(state="attached")
    from rembug.proposals.public import public_proposals

    mapped = public_proposals().filter(kelurahan__code="35.73.05.1011", latitude__isnull=False).count()
    assert mapped >= 3  # the demo's Rembug proposals and its past year imported from SIPD
    assert phone.get_attribute("[data-portal-map]", "data-points-loaded") == str(mapped)
    assert phone.get_attribute("[data-portal-map]", "data-boundaries-loaded") == "1"
    check("/portal/35.73.05.1011/")
    phone.get_by_label("Nomor usulan atau kata kunci").fill(proposal.number)
    phone.get_by_role("button", name="Tampilkan").click()
    phone.wait_for_url(f"**/cari/{proposal.number}/")
    history = phone.get_by_role("heading", name="Perjalanan usulan")
    assert history.is_visible()
    assert phone.locator(".history li").count() >= 2  # written, then agreed in the Rembug
    assert (
        phone.get_by_role("link", name="Bagikan lewat WhatsApp")
        .get_attribute("href")
        .startswith("https://wa.me/?text=")
    )
    check(f"/cari/{proposal.number}/")
    for path in (f"/portal/forum/{meeting.pk}/", "/portal/35.73/", "/portal/data/"):
        phone.goto(path)
        check(path)
    assert problems == []
    assert phone.console_errors == []
