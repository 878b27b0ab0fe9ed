"""Focus and feedback on the server side (issue 13, point 5; decision 0033): a refused form says so in the title
and lists its errors as links to the fields; moving an item or adding an attendee comes back to where the person
was, with a message to announce; the funding links are told apart by name."""

import re
import uuid

import pytest

from rembug.forums.services import meeting_open
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


def test_a_refused_proposal_form_prefixes_the_title_and_links_each_error_to_its_field(client, chair, cycle):
    client.force_login(chair)
    page = client.post(f"/usulan/baru/{RT001}/", {"title": "", "volume": "abc"})
    assert page.status_code == 200
    assert title_of(page.text) == "Kesalahan: Usulan baru · Rembug"
    summary = re.search(r'<div class="form-errors error-summary".*?</div>', page.text, re.S).group(0)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert '<a href="#id_title">Judul usulan: ' in summary
    assert '<a href="#id_address">Lokasi / alamat: ' in summary
    assert 'href="#id_volume"' in summary


def test_a_refused_sign_in_lists_the_non_field_error_and_prefixes_the_title(client, chair):
    page = client.post("/masuk/", {"username": chair.username, "password": "salah"})
    assert title_of(page.text).startswith("Kesalahan: ")
    assert "data-error-summary" in page.text


def test_a_page_without_errors_keeps_its_title(client, chair, cycle):
    client.force_login(chair)
    page = client.get(f"/usulan/baru/{RT001}/")
    assert title_of(page.text) == "Usulan baru · Rembug"
    assert "data-error-summary" not in page.text


def test_an_error_message_after_a_redirect_also_prefixes_the_title(client, chair, cycle, region):
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    client.force_login(chair)
    page = client.post(f"/rembug/{meeting.pk}/urutan/", {"proposal": "x", "version": meeting.version}, follow=True)
    assert title_of(page.text).startswith("Kesalahan: ")
    assert "Permintaan tidak lengkap." in page.text


@pytest.fixture
def meeting(chair, cycle, region, malang):
    for title in ("Paving gang Melati", "Saluran Jl. Kenanga"):
        proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=title,
            problem="Rusak",
            idea="Perbaiki",
            item=dictionary_item(malang),
            volume=10,
            address="RT 001",
        )
    return meeting_open(actor=chair, cycle=cycle, holder=region(RT001))


def test_moving_an_item_returns_to_its_button_and_says_where_it_now_stands(client, chair, meeting):
    first = meeting.items.order_by("rank").first()
    client.force_login(chair)
    moved = client.post(
        f"/rembug/{meeting.pk}/urutan/",
        {"proposal": first.proposal_id, "version": meeting.version, "direction": "down"},
    )
    assert moved.status_code == 302 and moved["Location"].endswith(f"#fokus-turun-{first.proposal_id}")
    page = client.get(moved["Location"].split("#")[0])
    assert f"{first.proposal.title} kini di urutan 2." in page.text
    html = page.text
    # The button it came back to exists; at the bottom it is disabled, and its group hands focus on (feedback.js).
    assert re.search(rf'id="turun-{first.proposal_id}"[^>]*disabled', html)
    assert 'class="order-buttons" data-focus-group' in html


def test_each_funding_link_is_named_after_its_proposal(client, chair, meeting):
    client.force_login(chair)
    html = client.get(f"/rembug/{meeting.pk}/").text
    links = re.findall(r'>Atur pendanaan<span class="visually-hidden"> ([^<]+)</span></a>', html)
    assert len(links) == 2 and len(set(links)) == 2
    assert any("Saluran Jl. Kenanga" in name for name in links)


def test_adding_an_attendee_returns_to_the_name_field(client, chair, meeting):
    client.force_login(chair)
    added = client.post(
        f"/rembug/{meeting.pk}/peserta/",
        {
            "form": "attendee",
            "name": "Bu Warsini",
            "gender": "P",
            "age_group": "dewasa",
            "client_token": str(uuid.uuid4()),
        },
    )
    assert added.status_code == 302 and added["Location"].endswith("/peserta/#id_name")
    assert "Bu Warsini tercatat hadir." in client.get(added["Location"].split("#")[0]).text
