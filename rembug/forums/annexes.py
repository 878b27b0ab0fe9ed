"""Berita Acara of the Musrenbang Kelurahan and Kecamatan, with the annexes practice requires, and the forum's
list in the columns of the national SIPD usulan list (so nobody types a list twice).

Annexes: attendance by stakeholder group; the agreed priority list grouped by agency and by funding source;
the proposals not accommodated, each with its reason; the delegates' mandate.
"""

from __future__ import annotations

import io
from collections import defaultdict

from lokal import terbilang
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer

from rembug.formats import quantity
from rembug.pdf import markup, para
from rembug.proposals.choices import FundingSource
from rembug.rupiah import rupiah
from rembug.sipd.export import sipd_xlsx as sipd_list_xlsx
from rembug.sipd.selectors import sipd_proposals, sipd_rows

from .berita_acara import agreement, formal_head, location_of, participants
from .documents import _order_section, _table, delegates_and_signatures
from .models import ForumDecision, Meeting
from .qr import forum_public_url, qr_flowable
from .records import seal_line
from .wording import wording_of


def _items(meeting: Meeting):
    return list(
        meeting.items.select_related(
            "proposal",
            "proposal__item",
            "proposal__item__agency",
            "proposal__proposer_region__parent",
            "proposal__proposer_group",
            "proposal__kelurahan",
        )
        .prefetch_related("proposal__funding", "proposal__merged_from__proposer_region__parent")
        .order_by("rank")
    )


def _proposers(proposal) -> str:
    merged = list(proposal.merged_from.all())
    if merged:
        return ", ".join(sorted({p.proposer_region.label for p in merged}))
    return proposal.proposer_label


def _locations(proposal) -> str:
    """The Lokasi (RT/RW) of a proposal, or of every original a merged one joins."""
    merged = list(proposal.merged_from.all())
    if merged:
        return "; ".join(sorted({location_of(p) for p in merged}))
    return location_of(proposal)


def upper_minutes_pdf(meeting: Meeting) -> bytes:
    from .services import inclusion_of

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"Berita Acara {meeting.get_kind_display()}",
        author="Rembug",
    )
    region = meeting.holder_region
    wording = wording_of(meeting)
    items = _items(meeting)
    story = [
        *formal_head(meeting, styles, wording=wording),
        para(
            f"{region.label}, {meeting.city.name} — tahun perencanaan {meeting.cycle.year} "
            f"(anggaran {meeting.cycle.budget_year})",
            styles["Heading3"],
        ),
        *agreement(meeting, items, styles, wording=wording),
    ]
    story += _order_section(meeting, items, styles, small)
    inclusion = inclusion_of(meeting)
    story += participants(meeting, inclusion, "Lampiran I. Kehadiran menurut unsur dan kelompok", styles, small)

    accepted = [i for i in items if i.decision in (ForumDecision.FORWARD, ForumDecision.FUND_HERE)]
    story += [
        Spacer(1, 0.3 * cm),
        para("Lampiran II. Daftar usulan prioritas menurut perangkat daerah", styles["Heading4"]),
    ]
    by_agency: dict[str, list] = defaultdict(list)
    for item in accepted:
        by_agency[item.proposal.item.agency.name].append(item)
    for agency, group in sorted(by_agency.items()):
        story.append(markup("<b>{agency}</b>", small, agency=agency))
        rows = [["No", "Nomor", "Usulan", "Lokasi (RT/RW)", "Volume", "Biaya", "Keputusan"]]
        for item in group:
            p = item.proposal
            rows.append(
                [
                    str(item.rank),
                    para(p.number, small),
                    para(p.title, small),
                    para(_locations(p), small),
                    para(quantity(p.volume, p.unit), small),
                    para(rupiah(p.estimated_cost), small),
                    para(item.get_decision_display(), small),
                ]
            )
        story.append(_table(rows, [0.9 * cm, 3.2 * cm, 4.2 * cm, 3 * cm, 1.8 * cm, 2.4 * cm, 2.5 * cm]))
    totals: dict[str, int] = defaultdict(int)
    for item in accepted:
        for share in item.proposal.funding.all():
            totals[share.source] += share.amount
    story += [Spacer(1, 0.2 * cm), para("Rekapitulasi menurut sumber dana", small)]
    rows = [["Sumber dana", "Jumlah"]] + [
        [str(FundingSource(s).label), rupiah(totals[s])] for s in FundingSource.values if totals.get(s)
    ]
    grand = sum(totals.values())
    rows.append(["Jumlah", rupiah(grand)])
    story.append(_table(rows, [9 * cm, 5 * cm]))
    story.append(para(f"Terbilang: {terbilang(grand)} rupiah.", small))

    refused = [i for i in items if i.decision == ForumDecision.NOT_ACCOMMODATED]
    story += [
        Spacer(1, 0.3 * cm),
        para("Lampiran III. Usulan yang tidak diakomodasi dan alasannya", styles["Heading4"]),
    ]
    rows = (
        [["Nomor", "Usulan", "Pengusul", "Alasan"]]
        + [
            [
                para(i.proposal.number, small),
                para(i.proposal.title, small),
                para(_proposers(i.proposal), small),
                para(": ".join(filter(None, [i.get_reason_display(), i.reason_text])), small),
            ]
            for i in refused
        ]
        if refused
        else [["-", "Tidak ada", "", ""]]
    )
    story.append(_table(rows, [3.2 * cm, 5 * cm, 3.5 * cm, 6 * cm]))

    story += delegates_and_signatures(
        meeting, "Lampiran IV. Delegasi dan mandatnya", "Lampiran V. Notulen", styles, small
    )
    if seal_line(meeting):
        story.append(para(seal_line(meeting), small))
    story.append(qr_flowable(forum_public_url(meeting.pk)))
    doc.build(story)
    return buffer.getvalue()


def sipd_xlsx(meeting: Meeting) -> bytes:
    """Every proposal on the forum's list, each with its status in SIPD's words, in SIPD's 26 columns: the list
    the kelurahan or kecamatan enters into SIPD (written by rembug.sipd, the one SIPD writer)."""
    on_the_list = meeting.items.values("proposal_id")
    proposals = sipd_proposals(city=meeting.city, year=meeting.cycle.year).filter(pk__in=on_the_list)
    return sipd_list_xlsx(sipd_rows(proposals))
