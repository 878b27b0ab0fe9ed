"""The web shell: Indonesian by default, English on request, a dashboard that says what to do now."""

import re
from pathlib import Path

import pytest

import rembug

pytestmark = pytest.mark.django_db
PACKAGE = Path(rembug.__file__).parent


def test_the_front_page_speaks_indonesian_to_everyone(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "Alur perencanaan" in response.text


def test_english_can_be_chosen(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.text
    assert "Planning flow" in response.text


def test_the_dashboard_asks_for_a_login(client):
    response = client.get("/dasbor/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")


def test_login_with_a_wrong_password_says_so_in_indonesian(client, person):
    person("ketua_rt", "35.73.05.1011.03.001", username="rt-login")
    response = client.post("/masuk/", {"username": "rt-login", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau sandi salah." in response.text


def test_an_rt_chair_sees_what_to_do_in_the_open_rembug(client, person, cycle):
    client.force_login(person("ketua_rt", "35.73.05.1011.03.001"))
    response = client.get("/dasbor/")
    assert response.status_code == 200
    assert "Rembug RT/RW/Pokmas" in response.text
    assert "Selenggarakan Rembug RT" in response.text
    assert "RW 03" in response.text and "Kelurahan Lowokwaru" in response.text


def test_an_agency_verifier_has_nothing_to_do_during_the_rembug_but_sees_the_next_stage(client, person, cycle):
    client.force_login(person("verifikator_opd", "35.73", agency="DPUPRPKP"))
    response = client.get("/dasbor/")
    assert "Tidak ada tugas untuk peran ini" in response.text
    assert "Tahap berikutnya: Musrenbang Kelurahan" in response.text


def test_a_person_without_a_role_is_told_whom_to_ask(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("tanpa-peran", password="x-y-z-123"))
    assert "belum diberi peran" in client.get("/dasbor/").text


def test_the_dashboard_query_count_is_bounded(client, person, cycle, django_assert_max_num_queries):
    user = person("ketua_rt", "35.73.05.1011.03.001")
    from rembug.accounts.services import role_assign
    from rembug.regions.models import Region

    for code in ("35.73.05.1011.03", "35.73.05.1011.04", "35.73.05.1011.05"):
        role_assign(actor=None, user=user, role="ketua_rw", region=Region.objects.get(code=code))
    client.force_login(user)
    # Four roles, each with its open stage's to-do list and self-ticking guide checklist: a fixed budget,
    # whatever the number of proposals, attendees or RTs.
    with django_assert_max_num_queries(24):
        assert client.get("/dasbor/").status_code == 200


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_or_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if inline_script.search(text) or re.search(r"\sstyle=|<style|\son[a-z]+=", text, re.IGNORECASE):
            offenders.append(str(template.relative_to(PACKAGE)))
    assert offenders == []


def test_a_browser_asking_for_english_still_gets_indonesian_until_english_is_chosen(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.text and "Alur perencanaan" in response.text


def test_the_footer_links_open_data_not_the_developer_api_docs(client):
    """The Swagger viewer is for developers and fails axe-core; people reach it from the README (issue 13 point 11)."""
    page = client.get("/").text
    footer = page[page.index('<footer class="site-footer">') :]
    assert "/api/v1/docs/" not in page
    assert 'href="/portal/data/"' in footer
