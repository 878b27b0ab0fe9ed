"""Refusals in words people understand: with DEBUG off, 403/404 are Indonesian pages inside the site's layout
(English when chosen), saying the page is missing or not theirs without telling which; 400/500 are static pages
in the site's style; the login error reads as plain Indonesian."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path

from rembug import urls as root_urls

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"
MISSING_ID = "Halaman ini tidak ada, atau bukan untuk akun Anda."
MISSING_EN = "This page does not exist, or it is not for your account."


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def refuse(request):
    raise PermissionDenied


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [
    *root_urls.urlpatterns,
    path("uji/tolak/", refuse),
    path("uji/rusak/", boom),
]
handler404 = root_urls.handler404
handler400 = root_urls.handler400


def test_a_chair_opening_an_officials_page_gets_the_indonesian_404_in_the_layout(client, person):
    client.force_login(person("ketua_rt", RT001))
    page = client.get("/pelaksanaan/")
    assert page.status_code == 404
    text = page.content.decode()
    assert '<html lang="id">' in text
    assert 'aria-label="Menu utama"' in text and 'href="/usulan/"' in text  # the signed-in navigation
    assert MISSING_ID in text and "Not Found" not in text
    assert 'href="/dasbor/"' in text


def test_another_rts_proposal_reads_the_same_as_a_missing_one(client, person):
    client.force_login(person("ketua_rt", RT001))
    assert MISSING_ID in client.get("/usulan/2099-XX-0001/").content.decode()


def test_the_404_is_in_english_when_english_is_chosen(client, person):
    client.force_login(person("ketua_rt", RT001))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get("/pelaksanaan/").content.decode()
    assert '<html lang="en">' in text and MISSING_EN in text and MISSING_ID not in text


def test_a_visitor_gets_the_page_with_the_public_navigation(client):
    text = client.get("/tidak-ada/").content.decode()
    assert MISSING_ID in text and 'href="/masuk/"' in text


def test_the_api_still_answers_json(client):
    answer = client.get("/api/v1/tidak-ada")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


@pytest.mark.urls(__name__)
def test_a_refusal_by_role_gets_the_indonesian_403_with_a_link_to_the_dashboard(client, person):
    client.force_login(person("ketua_rt", RT001))
    page = client.get("/uji/tolak/")
    assert page.status_code == 403
    text = page.content.decode()
    assert "Peran Anda tidak mengizinkan tindakan ini." in text
    assert 'aria-label="Menu utama"' in text and 'href="/dasbor/"' in text


@pytest.mark.urls(__name__)
def test_a_server_error_is_a_static_indonesian_page_in_the_sites_style():
    client = Client(raise_request_exception=False)
    page = client.get("/uji/rusak/")
    assert page.status_code == 500
    text = page.content.decode()
    assert "Maaf, terjadi kesalahan di server kami." in text and "rembug.css" in text


def test_the_500_and_400_pages_render_with_no_request_and_no_database(django_assert_num_queries):
    from django.views import defaults

    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        error = defaults.server_error(request)
        bad = defaults.bad_request(request, Exception())
    assert error.status_code == 500 and "Maaf, terjadi kesalahan di server kami." in error.content.decode()
    assert bad.status_code == 400 and "Permintaan tidak dapat diproses." in bad.content.decode()


def test_a_wrong_password_reads_as_plain_indonesian(client, person):
    user = person("ketua_rt", RT001)
    page = client.post("/masuk/", {"username": user.username, "password": "salah"})
    text = page.content.decode()
    assert "nama pengguna nama pengguna" not in text
    assert "Nama pengguna atau sandi salah." in text
