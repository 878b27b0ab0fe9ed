"""The budget pages: Bappeda sets the pagu, runs the fit, compares it with the greedy rule, adjusts and publishes."""

import re

import pytest

from rembug.budget.models import Ceiling, FitRun, FitStatus
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal

from .conftest import DINOYO, LOWOKWARU, MILLION
from .test_fit import kelurahan_ceiling

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(client, bappeda):
    client.force_login(bappeda)
    return client


def test_bappeda_sets_the_pagu_on_the_ceilings_page(planner, all_open, region, verified):
    verified("Jalan lingkungan", 60)
    url = f"/pagu/{all_open.pk}/"
    assert planner.get("/pagu/").url == url
    page = planner.get(url)
    assert page.status_code == 200 and "Jalankan penyesuaian" in page.text
    kelurahan = region(DINOYO)
    answer = planner.post(
        url, {"kind": "kel", "region": kelurahan.pk, "agency": "", "source": "apbd_kota", "amount": "100.000.000"}
    )
    assert answer.status_code == 302
    ceiling = Ceiling.objects.get()
    assert (ceiling.key, ceiling.amount) == (f"kel:{DINOYO}", 100 * MILLION)
    refused = planner.post(url, {"kind": "kec", "region": kelurahan.pk, "amount": "5"})
    assert "Pilih kecamatan di kota ini." in refused.text
    page = planner.get(url)
    assert "Kelurahan Dinoyo" in page.text and "60.000.000" in page.text
    planner.post(f"/pagu/{all_open.pk}/pagu/{ceiling.pk}/ubah/", {"amount": "Rp 120.000.000", "version": 1})
    ceiling.refresh_from_db()
    assert ceiling.amount == 120 * MILLION and ceiling.version == 2
    planner.post(f"/pagu/{all_open.pk}/pagu/{ceiling.pk}/hapus/", {"version": 2})
    assert not Ceiling.objects.exists()


def test_others_do_not_find_the_budget_pages(client, person, all_open, bappeda, region, verified):
    verified("Jalan lingkungan", 60)
    kelurahan_ceiling(bappeda, all_open, region, 100)
    planner_client = client
    planner_client.force_login(bappeda)
    run_url = planner_client.post(f"/pagu/{all_open.pk}/jalankan/", {"value_basis": "rank"}).url
    for outsider in (person("bappeda", "35.79"), person("camat", LOWOKWARU)):
        client.force_login(outsider)
        for url in (f"/pagu/{all_open.pk}/", run_url, run_url + "umumkan/"):
            assert client.get(url).status_code == 404
        assert client.post(f"/pagu/{all_open.pk}/jalankan/").status_code == 404
    assert FitRun.objects.count() == 1


def test_a_run_shows_each_pagu_the_greedy_rule_and_the_reasons_then_is_adjusted_and_published(
    planner, all_open, bappeda, region, verified, kecamatan_forum
):
    first = verified("Jalan lingkungan", 60)
    second = verified("Lampu jalan", 50, agency="Dishub")
    third = verified("Tong sampah", 50, agency="DLH")
    kecamatan_forum([first, second, third, verified("Posyandu", 200, agency="Dinkes")])
    kelurahan_ceiling(bappeda, all_open, region, 100)
    answer = planner.post(f"/pagu/{all_open.pk}/jalankan/", {"value_basis": "rank"})
    run = FitRun.objects.get()
    assert answer.url == f"/pagu/penyesuaian/{run.pk}/"
    page = planner.get(answer.url).text
    assert '<meter min="0" max="100000000" value="100000000"' in page
    assert "Melebihi pagu Kelurahan Dinoyo (sisa Rp0)." in page
    inline_script = re.search(r"<script(?![^>]*\ssrc=)", page)  # base.html loads feedback.js by src (CSP)
    assert "Hanya didanai aturan serakah" in page and "style=" not in page and inline_script is None
    # Force the first road in, the lamp out, and run again from the same page.
    answer = planner.post(
        f"/pagu/{all_open.pk}/jalankan/",
        {"run": run.pk, "value_basis": "rank", "forced_in": [first.number], "forced_out": [second.number]},
    )
    adjusted = FitRun.objects.order_by("-pk").first()
    assert adjusted.selected == [first.number] and adjusted.forced_out == [second.number]
    page = planner.get(answer.url).text
    assert "Dikeluarkan oleh Bappeda" in page and f'value="{first.number}" checked' in page
    refused = planner.post(
        f"/pagu/{all_open.pk}/jalankan/",
        {"run": adjusted.pk, "forced_in": [first.number], "forced_out": [first.number]},
        follow=True,
    )
    assert "sekaligus" in refused.text and refused.redirect_chain[-1][0] == f"/pagu/penyesuaian/{adjusted.pk}/"
    # The older run can no longer be published; the latest asks for a confirmation first.
    assert "Umumkan" not in planner.get(f"/pagu/penyesuaian/{run.pk}/").text.split("Usulan dan hasilnya")[1]
    confirm = planner.get(f"/pagu/penyesuaian/{adjusted.pk}/umumkan/")
    assert confirm.status_code == 200 and "Dikeluarkan oleh Bappeda" in confirm.text
    unconfirmed = planner.post(f"/pagu/penyesuaian/{adjusted.pk}/umumkan/", {})
    assert unconfirmed.status_code == 200 and not Proposal.objects.filter(status=Status.ACCOMMODATED).exists()
    done = planner.post(f"/pagu/penyesuaian/{adjusted.pk}/umumkan/", {"confirm": "on"})
    assert done.url == f"/pagu/penyesuaian/{adjusted.pk}/"
    adjusted.refresh_from_db()
    assert adjusted.status == FitStatus.PUBLISHED
    assert Proposal.objects.get(pk=first.pk).status == Status.ACCOMMODATED
    assert Proposal.objects.get(pk=second.pk).status == Status.NOT_ACCOMMODATED


def test_a_closed_stage_is_explained_on_the_page(planner, all_open, verified, close_kota):
    verified("Jalan lingkungan", 60)
    close_kota()
    page = planner.get(f"/pagu/{all_open.pk}/").text
    assert "tahap Musrenbang Kota sudah ditutup" in page
    answer = planner.post(f"/pagu/{all_open.pk}/jalankan/", follow=True)
    assert "sudah ditutup" in answer.text and not FitRun.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_pages_cost_the_same_queries_for_3_or_30_proposals(
    count, planner, all_open, bappeda, region, verified, kecamatan_forum, django_assert_max_num_queries
):
    made = [verified(f"Usulan {i}", 1 + i % 7, agency=("DPUPRPKP", "Dishub", "DLH")[i % 3]) for i in range(count)]
    kecamatan_forum(made)
    kelurahan_ceiling(bappeda, all_open, region, 12)
    run = FitRun.objects.get(pk=planner.post(f"/pagu/{all_open.pk}/jalankan/").url.split("/")[-2])
    assert len(run.items) == count
    with django_assert_max_num_queries(8):
        assert planner.get(f"/pagu/penyesuaian/{run.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert planner.get(f"/pagu/penyesuaian/{run.pk}/umumkan/").status_code == 200
    with django_assert_max_num_queries(15):
        assert planner.get(f"/pagu/{all_open.pk}/").status_code == 200
