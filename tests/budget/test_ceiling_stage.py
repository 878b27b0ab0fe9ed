"""The pagu indikatif belongs to the Musrenbang Kota: once that stage has closed, no page, API call or service may
set, change or remove a ceiling (the fit was published against them; changing them later rewrites the record)."""

import pytest

from rembug.budget.models import Ceiling
from rembug.budget.services import ceiling_remove, ceiling_set
from rembug.errors import StageClosed

from .conftest import DINOYO, MILLION
from .test_fit import kelurahan_ceiling

pytestmark = pytest.mark.django_db
JSON = "application/json"
CLOSED = "tahap Musrenbang Kota sudah ditutup"


def test_bappeda_cannot_change_or_remove_a_ceiling_on_the_page_after_musrenbang_kota_closed(
    client, bappeda, all_open, region, close_kota
):
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    close_kota()
    client.force_login(bappeda)
    base = f"/pagu/{all_open.pk}/pagu/{ceiling.pk}"
    changed = client.post(f"{base}/ubah/", {"amount": "Rp 120.000.000", "version": 1}, follow=True)
    assert CLOSED in changed.text
    removed = client.post(f"{base}/hapus/", {"version": 1}, follow=True)
    assert CLOSED in removed.text
    added = client.post(f"/pagu/{all_open.pk}/", {"kind": "src", "source": "apbd_kota", "amount": "5.000.000"})
    assert added.status_code == 200 and CLOSED in added.text
    ceiling.refresh_from_db()
    assert (ceiling.amount, ceiling.version) == (100 * MILLION, 1)
    assert Ceiling.objects.count() == 1


def test_the_api_refuses_to_change_or_remove_a_ceiling_after_musrenbang_kota_closed(
    client, bappeda, all_open, region, close_kota
):
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    close_kota()
    client.force_login(bappeda)
    changed = client.put(f"/api/v1/ceilings/{ceiling.pk}", {"amount": 120 * MILLION, "version": 1}, content_type=JSON)
    assert changed.status_code == 409 and changed.json()["code"] == "stage_closed"
    assert CLOSED in changed.json()["detail"]
    removed = client.delete(f"/api/v1/ceilings/{ceiling.pk}?version=1")
    assert removed.status_code == 409 and removed.json()["code"] == "stage_closed"
    added = client.post(
        f"/api/v1/cycles/{all_open.pk}/ceilings",
        {"kind": "src", "source": "apbd_kota", "amount": MILLION},
        content_type=JSON,
    )
    assert added.status_code == 409 and added.json()["code"] == "stage_closed"
    ceiling.refresh_from_db()
    assert (ceiling.amount, ceiling.version) == (100 * MILLION, 1)
    assert Ceiling.objects.count() == 1


def test_the_ceiling_services_refuse_outside_the_stage(bappeda, all_open, region, close_kota):
    ceiling = kelurahan_ceiling(bappeda, all_open, region, 100)
    close_kota()
    with pytest.raises(StageClosed):
        ceiling_set(actor=bappeda, cycle=all_open, kind="kel", region=region(DINOYO), amount=1, version=1)
    with pytest.raises(StageClosed):
        ceiling_remove(actor=bappeda, ceiling=ceiling, version=1)
    ceiling.refresh_from_db()
    assert ceiling.amount == 100 * MILLION
