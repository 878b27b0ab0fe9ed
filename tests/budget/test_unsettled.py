"""After a year closes no proposal is left without a fate and its reason (issue 12, point 4)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from rembug.proposals.lifecycle import Status
from rembug.proposals.models import ProposalEvent
from rembug.proposals.selectors import unsettled_in

from .conftest import MILLION

pytestmark = pytest.mark.django_db


def test_the_check_lists_proposals_without_a_fate_or_left_out_without_a_reason(
    verified, all_open, bappeda, client, django_assert_max_num_queries
):
    from tests.factories import walk

    hanging = verified("Paving gang Mawar", 50)  # VERIFIED: the fit never published
    settled = walk(verified("Saluran gang Kenanga", 10), Status.ACCOMMODATED, reason="Diakomodasi")
    silent = walk(verified("Lampu gang Melati", 5), Status.NOT_ACCOMMODATED, reason="Melebihi pagu")
    ProposalEvent.objects.filter(proposal=silent, to_status=Status.NOT_ACCOMMODATED).update(reason="")

    assert {p.number for p in unsettled_in(all_open)} == {hanging.number, silent.number}
    assert settled.number not in {p.number for p in unsettled_in(all_open)}

    client.force_login(bappeda)
    with django_assert_max_num_queries(12):
        page = client.get(f"/pagu/{all_open.pk}/tuntas/").content.decode()
    assert "2 usulan belum tuntas" in page and hanging.number in page and silent.number in page
    assert "tanpa alasan" in page

    with pytest.raises(SystemExit) as exit_code:
        call_command("check_year", kota="35.73", tahun=all_open.year)
    assert exit_code.value.code == 1


def test_a_settled_year_passes_the_check(verified, all_open, bappeda, client, capsys):
    from tests.factories import walk

    walk(verified("Saluran gang Kenanga", 10), Status.ACCOMMODATED, reason=f"Rp{10 * MILLION}")
    call_command("check_year", kota="35.73", tahun=all_open.year)
    assert "Semua usulan" in capsys.readouterr().out
    client.force_login(bappeda)
    assert "sudah mendapat keputusan akhir" in client.get(f"/pagu/{all_open.pk}/tuntas/").content.decode()
