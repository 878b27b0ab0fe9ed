"""A chair's checklist steps on the dashboard are buttons to the page where each is done (issue 13, point 6):
"Buka Usulan → Tulis usulan baru" as text only helped those who already knew the way."""

import re

import pytest

from rembug.forums.services import meeting_open

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


def buttons(html: str) -> dict[str, str]:
    """Accessible name → address of each step button."""
    found = re.findall(
        r'<a class="button secondary check-action" href="([^"]+)">([^<]+)'
        r'<span class="visually-hidden">: ([^<]+)</span>',
        html,
    )
    return {f"{text}: {step}": href for href, text, step in found}


def test_an_rt_chairs_steps_go_to_their_pages(guide, all_open, client, person, region):
    chair = person("ketua_rt", RT001)
    client.force_login(chair)
    before = buttons(client.get("/dasbor/").text)
    assert before["Tulis usulan baru: Tulis usulan unit Anda"] == f"/usulan/baru/{RT001}/"
    assert before["Buka daftar usulan: Lengkapi setiap usulan dengan foto"] == "/usulan/"
    assert before["Buka Rembug: Buka Rembug di aplikasi"] == f"/rembug/unit/{RT001}/"
    assert before["Buka Rembug: Catat daftar hadir"] == f"/rembug/unit/{RT001}/"  # no Rembug yet: open it first
    assert len(set(before)) == len(before)  # every button has its own name

    meeting = meeting_open(actor=chair, cycle=all_open, holder=region(RT001))
    after = buttons(client.get("/dasbor/").text)
    assert after["Buka daftar hadir: Catat daftar hadir"] == f"/rembug/{meeting.pk}/peserta/"
    assert after["Pilih delegasi: Pilih delegasi ke Musrenbang Kelurahan"] == f"/rembug/{meeting.pk}/delegasi/"
    for href in after.values():
        assert client.get(href).status_code in (200, 302)


def test_other_roles_keep_their_own_buttons_and_get_no_chair_steps(guide, all_open, client, person):
    client.force_login(person("operator_kelurahan", "35.73.05.1011"))
    html = client.get("/dasbor/").text
    assert "check-action" not in html
    assert 'href="/rembug/forum/35.73.05.1011/"' in html
