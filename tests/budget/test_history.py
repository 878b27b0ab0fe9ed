"""Every change of a pagu is kept — who, when, the old and the new amount — and Bappeda reads it on "Riwayat"."""

import pytest
from django.utils import timezone

from rembug.budget.models import Ceiling
from rembug.budget.services import ceiling_remove, ceiling_set
from tests.test_history import before_after, recent

from .conftest import DINOYO, LOWOKWARU, MILLION
from .test_fit import kelurahan_ceiling

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_setting_changing_and_removing_a_ceiling_records_who_when_before_and_after(bappeda, all_open, region):
    start = timezone.now()
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    ceiling_set(actor=bappeda, cycle=all_open, kind="kel", region=region(DINOYO), amount=120 * MILLION, version=1)
    ceiling_remove(actor=bappeda, ceiling=ceiling, version=2)
    removed, changed, created = Ceiling.history.filter(id=ceiling.pk)
    assert [r.history_type for r in (created, changed, removed)] == ["+", "~", "-"]
    assert all(r.history_user == bappeda and recent(r, start) for r in (created, changed, removed))
    assert created.amount == 100 * MILLION
    assert before_after(changed)["amount"] == (100 * MILLION, 120 * MILLION)
    assert removed.amount == 120 * MILLION


def test_a_change_through_the_api_names_the_planner(client, bappeda, all_open, region):
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    client.force_login(bappeda)
    answer = client.put(f"/api/v1/ceilings/{ceiling.pk}", {"amount": 90 * MILLION, "version": 1}, content_type=JSON)
    assert answer.status_code == 200
    latest = Ceiling.history.filter(id=ceiling.pk).first()
    assert latest.history_user == bappeda and before_after(latest)["amount"] == (100 * MILLION, 90 * MILLION)


def test_bappeda_reads_the_history_of_the_years_pagu_and_schedule(client, bappeda, person, all_open, region):
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    client.force_login(bappeda)
    client.post(f"/pagu/{all_open.pk}/pagu/{ceiling.pk}/ubah/", {"amount": "120.000.000", "version": 1})
    client.post(f"/pagu/{all_open.pk}/pagu/{ceiling.pk}/hapus/", {"version": 2})
    page = client.get(f"/pagu/{all_open.pk}/riwayat/")
    assert page.status_code == 200
    removed, changed, created = page.context["ceilings"]
    assert (removed.action, changed.action, created.action) == ("dihapus", "diubah", "dibuat")
    assert changed.subject == "Kelurahan Dinoyo" and changed.who == bappeda
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("amount", "Rp100.000.000", "Rp120.000.000")]
    assert "Rp100.000.000 → Rp120.000.000" in page.text and bappeda.display_name in page.text
    assert "Musrenbang Kota" in page.text  # the stage windows the cycle was made with
    for outsider in (person("bappeda", "35.79"), person("camat", LOWOKWARU)):
        client.force_login(outsider)
        assert client.get(f"/pagu/{all_open.pk}/riwayat/").status_code == 404


def test_the_history_page_takes_a_bounded_number_of_queries(
    client, bappeda, all_open, region, django_assert_max_num_queries
):
    client.force_login(bappeda)
    for millions in range(1, 6):
        kelurahan_ceiling(bappeda, all_open, region, millions)
    client.get(f"/pagu/{all_open.pk}/riwayat/")
    # session, user, cycle, stages, roles, three histories (ceilings, stages, the year), unread notices
    with django_assert_max_num_queries(9):
        client.get(f"/pagu/{all_open.pk}/riwayat/")
