"""The demo shows real practice (issue 11, point 8): a past year imported from a SIPD file, with a lembaga's
proposal, the kelurahan itself as proposer, a kecamatan office as agency, and an export that opens again."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from rembug.cycles.selectors import today
from rembug.demo.services import demo_load
from rembug.demo.sipd_demo import demo_sipd_year
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.sipd.columns import HEADERS
from rembug.sipd.export import sipd_export

pytestmark = pytest.mark.django_db


def test_the_demo_imports_a_past_year_from_its_sipd_file_and_exports_it_again(malang):
    demo_load()
    year = demo_sipd_year(today())
    imported = Proposal.objects.filter(cycle__city=malang, cycle__year=year).select_related(
        "final_agency", "proposer_group", "proposer_region"
    )
    assert imported.count() == 6
    groups = {p.proposer_group.name for p in imported if p.proposer_group}
    assert groups == {"PKK Kelurahan Lowokwaru", "Karang Taruna Lowokwaru"}
    assert "kelurahan" in {p.proposer_region.level for p in imported}  # the kelurahan itself proposes
    assert {p.final_agency.name for p in imported if p.final_agency} == {"Kecamatan Lowokwaru"}
    assert {p.unit for p in imported} >= {"m²", "m", "paket"}
    assert ProposalEvent.objects.filter(proposal__in=imported, kind="imported").count() == 6

    demo_load()  # a second load updates the same rows (ID Usulan), never duplicates
    assert Proposal.objects.filter(cycle__city=malang, cycle__year=year).count() == 6

    sheet = load_workbook(io.BytesIO(sipd_export(city=malang, year=year)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS) and len(rows) == 7
    assert {"Diakomodir", "Tidak Diakomodir"} <= {r[HEADERS.index("Status")] for r in rows[1:]}
