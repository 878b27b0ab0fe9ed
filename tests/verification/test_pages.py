"""The verifier's pages: the agency's queue and the review of one proposal with its three decisions."""

import pytest

from rembug.agencies.models import Agency
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.verification.models import Recommendation

from .conftest import move_forum, walk_to_forum

pytestmark = pytest.mark.django_db


def review_url(proposal) -> str:
    return f"/verifikasi/{proposal.number}/"


def test_the_queue_lists_what_waits_for_the_agency(client, forwarded, pupr):
    client.force_login(pupr)
    page = client.get("/verifikasi/")
    assert page.status_code == 200
    assert forwarded.number in page.text and forwarded.title in page.text
    assert "Kelurahan Lowokwaru" in page.text and "Rp3.000.000" in page.text and "usulan ke-1" in page.text


def test_the_queue_shows_each_proposals_photo_as_a_thumbnail(client, forwarded, pupr):
    client.force_login(pupr)
    photo = forwarded.attachments.get()
    text = client.get("/verifikasi/").text
    assert f'<img class="list-thumb" src="/usulan/lampiran/{photo.pk}/?size=thumb" width="64" height="48"' in text
    assert client.get(photo.thumb_url).status_code == 200


def test_the_queue_filters_by_status(client, forwarded, pupr):
    client.force_login(pupr)
    assert forwarded.number not in client.get("/verifikasi/", {"status": Status.VERIFIED}).text
    assert forwarded.number in client.get("/verifikasi/", {"status": "all", "kecamatan": "35.73.05"}).text
    assert forwarded.number not in client.get("/verifikasi/", {"kecamatan": "35.73.01"}).text


def test_people_who_are_not_verifiers_have_no_queue(client, chair):
    client.force_login(chair)
    assert client.get("/verifikasi/").status_code == 404


def test_the_queue_query_count_does_not_grow_with_the_list(
    client, make_forwarded, chair, pupr, cycle, django_assert_max_num_queries
):
    first_two = make_forwarded(2, photo=True)
    later = make_forwarded(13, photo=True, walk=False)
    move_forum(cycle, opens=0, closes=7)
    client.force_login(pupr)
    with django_assert_max_num_queries(14) as few:
        assert client.get("/verifikasi/").text.count("/verifikasi/2") == len(first_two)
    for proposal in later:
        walk_to_forum(proposal, chair)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        page = client.get("/verifikasi/")
    assert page.text.count("/verifikasi/2") >= 15
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_review_page_shows_photos_map_history_and_the_three_decisions(client, forwarded, pupr):
    client.force_login(pupr)
    page = client.get(review_url(forwarded))
    assert page.status_code == 200
    text = page.text
    photo = forwarded.attachments.get()
    assert f'<a href="{photo.file_url}"><img src="{photo.thumb_url}" width="140" height="105"' in text
    assert "data-map-view" in text and 'data-lat="-7.946600"' in text and "map-view.js" in text
    assert 'data-marker-icon="/static/leaflet/images/marker-icon.png"' in text and "marker-icon.js" in text
    assert "Ke forwarded_opd." in text and "Diteruskan ke perangkat daerah" in text  # the history
    for action in ("terima", "tolak", "alihkan"):
        assert f"/verifikasi/{forwarded.number}/{action}/" in text
    assert "<script>" not in text and "style=" not in text  # strict CSP: no inline code


def test_a_verifier_of_another_agency_or_city_gets_404(client, forwarded, dlh, batu_pupr):
    for outsider in (dlh, batu_pupr):
        client.force_login(outsider)
        assert client.get(review_url(forwarded)).status_code == 404
        response = client.post(f"{review_url(forwarded)}terima/", {"accept-version": forwarded.version})
        assert response.status_code == 404
        assert forwarded.number not in client.get("/verifikasi/", {"status": "all"}).text
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD


def test_accepting_from_the_page(client, forwarded, pupr):
    client.force_login(pupr)
    response = client.post(
        f"{review_url(forwarded)}terima/",
        {"accept-version": forwarded.version, "accept-volume": "18", "accept-note": "Disesuaikan survei."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/verifikasi/"
    assert f"Usulan {forwarded.number} diterima." in response.text
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.VERIFIED
    assert Recommendation.objects.get(proposal=forwarded).cost == 18 * 150_000
    review = client.get(review_url(forwarded)).text
    assert "Disesuaikan survei." in review and "Diterima" in review
    assert "/terima/" not in review  # decided: no more forms


def test_rejecting_from_the_page_without_a_reason_shows_the_error(client, forwarded, pupr):
    client.force_login(pupr)
    response = client.post(
        f"{review_url(forwarded)}tolak/",
        {"reject-version": forwarded.version, "reject-reason": "lainnya", "reject-reason_text": ""},
    )
    assert response.status_code == 200
    assert "Tuliskan alasannya." in response.text
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD
    response = client.post(
        f"{review_url(forwarded)}tolak/",
        {
            "reject-version": forwarded.version,
            "reject-reason": "sudah_dianggarkan",
            "reject-reason_text": "Masuk DPA 2027.",
        },
        follow=True,
    )
    assert "alasannya tercatat" in response.text
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.NOT_ACCOMMODATED


def test_rerouting_from_the_page(client, forwarded, pupr, dlh, malang):
    client.force_login(pupr)
    target = Agency.objects.get(city=malang, short_name="DLH")
    response = client.post(
        f"{review_url(forwarded)}alihkan/",
        {
            "reroute-version": forwarded.version,
            "reroute-to_agency": target.pk,
            "reroute-reason_text": "Urusan persampahan.",
        },
        follow=True,
    )
    assert "dialihkan ke DLH" in response.text
    assert client.get(review_url(forwarded)).status_code == 404  # no longer ours
    client.force_login(dlh)
    page = client.get(review_url(forwarded)).text
    assert "Dialihkan dari DPUPRPKP ke DLH" in page and "Urusan persampahan." in page


def test_the_page_refuses_when_the_forum_is_closed(client, forwarded, pupr, cycle):
    move_forum(cycle, opens=-20, closes=-1)
    client.force_login(pupr)
    page = client.get(review_url(forwarded)).text
    assert "Forum Perangkat Daerah sudah ditutup" in page and "/terima/" not in page
    response = client.post(f"{review_url(forwarded)}terima/", {"accept-version": forwarded.version})
    assert response.status_code == 200 and "sudah ditutup" in response.text
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD


def test_a_stale_page_is_refused(client, forwarded, pupr):
    client.force_login(pupr)
    response = client.post(f"{review_url(forwarded)}terima/", {"accept-version": forwarded.version - 1})
    assert "Muat ulang halaman" in response.text
    assert Proposal.objects.get(pk=forwarded.pk).status == Status.FORWARDED_OPD


def test_a_batu_verifier_who_also_chairs_an_rt_in_malang_works_on_batus_queue(client, person, batu, cycle):
    """The queue took the lowest city id of all the person's roles (Kota Malang, where they only chair an RT), so
    its year and kecamatan filter were Malang's and Batu's proposals never showed (issue 10, decision 0021)."""
    from rembug.accounts.services import role_assign
    from rembug.cycles.selectors import today
    from rembug.cycles.services import cycle_create
    from rembug.demo.services import demo_schedule
    from rembug.regions.models import Region

    verifier = person("verifikator_opd", "35.79", agency="DPUPRPKP")
    role_assign(actor=None, user=verifier, role="ketua_rt", region=Region.objects.get(code="35.73.05.1011.03.001"))
    batu_cycle = cycle_create(city=batu, year=cycle.year, schedule=demo_schedule(cycle.year, today()))
    client.force_login(verifier)
    page = client.get("/verifikasi/")
    assert page.status_code == 200
    assert page.context["cycle"] == batu_cycle
    assert "Batu" in page.text and "Lowokwaru" not in page.text  # the kecamatan filter offers Batu's
