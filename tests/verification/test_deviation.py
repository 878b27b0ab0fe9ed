"""Verifiers see how far a proposal's own amount is from volume × the dictionary's price (issue 11, point 2)."""

from __future__ import annotations

import pytest

from rembug.proposals.models import Proposal
from tests.verification.test_api import bearer

pytestmark = pytest.mark.django_db


def test_the_review_page_and_the_queue_api_show_the_deviation(client, forwarded, pupr):
    # 20 m × Rp150.000 = Rp3.000.000 in the dictionary; the Rembug agreed Rp3.300.000.
    Proposal.objects.filter(pk=forwarded.pk).update(estimated_cost=3_300_000)
    client.force_login(pupr)
    page = client.get(f"/verifikasi/{forwarded.number}/").text
    assert "20 m" in page and "Rp3.300.000" in page
    assert "+Rp300.000 (+10%) dari volume × harga kamus Rp3.000.000" in page
    client.logout()
    row = client.get("/api/v1/verification/queue", **bearer(client, pupr)).json()["results"][0]
    assert row["cost_deviation"] == {"reference": 3_000_000, "difference": 300_000, "percent": 10.0}


def test_a_proposal_that_follows_the_dictionary_says_so(client, forwarded, pupr):
    client.force_login(pupr)
    assert "sesuai volume × harga kamus" in client.get(f"/verifikasi/{forwarded.number}/").text
