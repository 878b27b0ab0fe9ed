"""The Berita Acara of a Rembug as PDF (ReportLab) and its agreed list as XLSX (openpyxl).

Rendered once at finalization from the frozen record. Attendees appear by stakeholder group in counts: the
minutes annex of names stays with the kelurahan (UU 27/2022) and is not part of the shared document.
"""

from __future__ import annotations

import io

from django.utils.formats import number_format
from lokal import terbilang
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from rembug.formats import quantity
from rembug.pdf import markup, para
from rembug.proposals.choices import FundingSource
from rembug.regions.timezones import local_moment
from rembug.rupiah import rupiah
from rembug.spreadsheet_writers import new_workbook

from .berita_acara import (
    agreement,
    closing_and_signatures,
    formal_head,
    location_of,
    notulen,
    participants,
    reserve_list,
)
from .hooks import ranking_summary
from .models import Meeting, Stakeholder
from .qr import forum_public_url, qr_flowable
from .records import seal_line
from .wording import wording_of


def _items(meeting: Meeting):
    return list(
        meeting.items.select_related(
            "proposal", "proposal__item", "proposal__item__agency", "proposal__proposer_region__parent"
        )
        .prefetch_related("proposal__funding")
        .order_by("rank")
    )


def minutes_pdf(meeting: Meeting) -> bytes:
    """Berita Acara: header with region and date, attendance by group, the agreed list with volume, cost and
    funding, the delegates, and signature blocks."""
    from .services import inclusion_of

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"Berita Acara {meeting}",
        author="Rembug",
    )
    holder = meeting.holder_label
    kelurahan = meeting.kelurahan
    kecamatan = kelurahan.parent
    wording = wording_of(meeting)
    items = _items(meeting)
    story = [
        *formal_head(meeting, styles, wording=wording),
        para(f"{holder}, {kelurahan.label}, {kecamatan.label}, {meeting.city.name}", styles["Heading3"]),
        para(
            f"Musrenbang tahun {meeting.cycle.year} (perencanaan anggaran {meeting.cycle.budget_year})"
            + (f" — revisi ke-{meeting.revision}: {meeting.correction_reason}" if meeting.revision else ""),
            styles["BodyText"],
        ),
        *agreement(meeting, items, styles, wording=wording),
    ]
    if meeting.agenda:
        story.append(para(f"Agenda: {meeting.agenda}", styles["BodyText"]))
    inclusion = inclusion_of(meeting)
    story += participants(meeting, inclusion, "I. Kehadiran menurut unsur dan kelompok", styles, small)
    if not inclusion.complete:
        gaps = [str(Stakeholder(g).label) for g in inclusion.missing]
        notes = []
        if gaps:
            notes.append("tidak hadir: " + ", ".join(gaps))
        if inclusion.under_represented:
            notes.append(
                "kurang terwakili: " + ", ".join(str(Stakeholder(g).label) for g in inclusion.under_represented)
            )
        story.append(para("Catatan keterwakilan: " + "; ".join(notes) + ".", small))
    story += [Spacer(1, 0.3 * cm), para("II. Daftar usulan prioritas yang disepakati", styles["Heading4"])]
    rows = [["No", "Nomor usulan", "Usulan", "Lokasi (RT/RW)", "Volume", "Biaya", "Pendanaan"]]
    total = 0
    for item in items:
        if not item.within_quota:
            continue
        p = item.proposal
        total += p.estimated_cost
        funding = "\n".join(f"{FundingSource(f.source).label}: {rupiah(f.amount)}" for f in p.funding.all())
        rows.append(
            [
                str(item.rank),
                para(p.number, small),
                markup("{title}<br/>{item}", small, title=p.title, item=p.item.name),
                para(location_of(p), small),
                para(quantity(p.volume, p.unit), small),
                para(rupiah(p.estimated_cost), small),
                para(funding, small),
            ]
        )
    story.append(_table(rows, [0.8 * cm, 3 * cm, 4.2 * cm, 3 * cm, 1.7 * cm, 2.3 * cm, 2.8 * cm]))
    story.append(
        para(
            f"Jumlah biaya usulan yang diteruskan: {rupiah(total)} ({terbilang(total)} rupiah). "
            f"Kuota usulan prioritas: {meeting.cycle.priority_quota}.",
            small,
        )
    )
    story += reserve_list(items, styles, small)
    story += _order_section(meeting, items, styles, small)
    story += delegates_and_signatures(meeting, "III. Delegasi ke Musrenbang Kelurahan", "IV. Notulen", styles, small)
    if meeting.finalized_at:
        moment = local_moment(meeting.finalized_at, region_code=meeting.city.code)
        story.append(para(f"Ditetapkan di Rembug pada {moment}.", small))
    if seal_line(meeting):
        story.append(para(seal_line(meeting), small))
    story.append(qr_flowable(forum_public_url(meeting.pk)))
    doc.build(story)
    return buffer.getvalue()


def _percent(share: float) -> str:
    value = round(share * 100, 1)
    return f"{int(value)}%" if value.is_integer() else f"{number_format(value, decimal_pos=1)}%"


def _order_section(meeting: Meeting, items, styles, small) -> list:
    """How the order was agreed: the forum's own words, then the suggestion and the vote that informed it."""
    summary = ranking_summary(meeting)
    if not meeting.order_method and summary.empty:
        return []
    titles = {i.proposal_id: i.proposal.title for i in items}

    def title(pid) -> str:
        return titles.get(int(pid), f"usulan {pid}")

    story = [
        Spacer(1, 0.2 * cm),
        para("Cara menyepakati urutan", styles["Heading5"]),
        para(meeting.order_method or "-", small),
    ]
    suggestion = summary.suggestion
    if suggestion is not None:
        criteria = ", ".join(
            c["name"] + " " + _percent(c["weight"]) + ("" if c["used"] else " (tidak dipakai: semua usulan bernilai 0)")
            for c in suggestion.criteria
        )
        ranks = "; ".join(
            f"{rank}. {title(pid)} ({number_format(round(suggestion.score_of(pid), 3), decimal_pos=3)})"
            for rank, pid in enumerate(suggestion.order, start=1)
        )
        story.append(para(f"Saran urutan {suggestion.method.upper()} (kriteria: {criteria}): {ranks}.", small))
    tally = summary.tally
    if tally is not None:
        borda = tally.is_borda
        unit = "poin" if borda else "setuju"
        overall = "; ".join(f"{title(pid)} {points} {unit}" for pid, points in tally.results())
        tops = []
        for found in tally.required_groups():
            if not found.ballot_count:
                choice = "tidak ada suara"
            elif found.top is None:
                choice = "-"
            else:
                choice = title(found.top) + (" (seri)" if found.top_tied else "")
            tops.append(f"{found.label}: {choice}")
        story.append(
            para(
                f"Hasil pemungutan suara ({'Borda' if borda else 'persetujuan'}), {tally.ballot_count} suara: "
                f"{overall}. Pilihan utama menurut kelompok: {'; '.join(tops)}.",
                small,
            )
        )
    if not summary.empty:
        story.append(
            para(
                "Saran urutan dan hasil pemungutan suara membantu musyawarah; urutan yang berlaku "
                "adalah daftar di atas, yang disepakati peserta.",
                small,
            )
        )
    return story


def _table(rows, widths, *, grid: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
    ]
    if grid:
        style += [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]
    table.setStyle(TableStyle(style))
    return table


def priority_list_xlsx(meeting: Meeting) -> bytes:
    """The agreed list in a spreadsheet, one row per proposal, amounts as numbers."""
    book = new_workbook()
    sheet = book.active
    sheet.title = "Daftar usulan"
    sources = list(FundingSource)
    header = [
        "Peringkat",
        "Nomor usulan",
        "Judul",
        "Masalah",
        "Gagasan",
        "Kamus usulan",
        "Perangkat daerah",
        "Volume",
        "Satuan",
        "Harga satuan",
        "Perkiraan biaya",
        "Lokasi",
        "Penerima manfaat",
        *[f"Dana {s.label}" for s in sources],
        "Dalam kuota",
        "Usulan ke-",
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in _items(meeting):
        p = item.proposal
        funding = {f.source: f.amount for f in p.funding.all()}
        sheet.append(
            [
                item.rank,
                p.number,
                p.title,
                p.problem,
                p.idea,
                p.item.name,
                p.item.agency.short_name,
                float(p.volume),
                p.unit,
                p.unit_price,
                p.estimated_cost,
                p.address,
                p.beneficiaries,
                *[funding.get(s.value, 0) for s in sources],
                "ya" if item.within_quota else "tidak",
                p.times_proposed,
            ]
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def delegates_and_signatures(meeting: Meeting, heading: str, notes_heading: str, styles, small) -> list:
    """The delegates' table (name, unsur, mandate — structured choices only), the notulen, the closing sentence
    and the signature blocks: the same in every Berita Acara, so written once."""
    delegates = list(meeting.delegates.select_related("attendee"))
    rows = [["No", "Nama", "Unsur", "Mandat"]] + [
        [str(n), para(d.attendee.name, small), para(d.get_role_display(), small), para(d.get_mandate_display(), small)]
        for n, d in enumerate(delegates, 1)
    ]
    fallback = [meeting.chair_name, delegates[0].attendee.name if delegates else ""]
    return [
        Spacer(1, 0.3 * cm),
        para(heading, styles["Heading4"]),
        _table(rows, [1 * cm, 5 * cm, 3.5 * cm, 7.5 * cm]),
        *notulen(meeting, notes_heading, styles, small),
        *closing_and_signatures(meeting, styles, fallback=fallback),
    ]
