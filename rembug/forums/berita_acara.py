"""The formal parts of every Berita Acara (Rembug, Tematik, Musrenbang Kelurahan and Kecamatan), written once:
the letterhead, the number, the opening spelled out in words, the considerations, the agreement clauses
(KESATU, KEDUA, …), the participants by official unsur beside the social groups, the reserve list, the notulen,
the closing sentence and the signature blocks (decision 0028). The wording is the city's (forums/wording.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from lokal import terbilang
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Spacer, Table, TableStyle

from rembug.formats import number
from rembug.pdf import markup, para
from rembug.regions.timezones import zone_of
from rembug.rupiah import rupiah

from .inclusion import REQUIRED
from .models import ForumDecision, Meeting, OfficialCategory, Stakeholder
from .wording import Wording, base_values, fill, ordinal, wording_of

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def date_in_words(day: dt.date) -> str:
    """ "hari ini Senin, tanggal dua belas bulan Januari tahun dua ribu dua puluh enam": how a Berita Acara
    spells its date, so a figure cannot be altered on paper."""
    return (
        f"hari ini {DAYS[day.weekday()]}, tanggal {terbilang(day.day)} bulan {MONTHS[day.month - 1]} "
        f"tahun {terbilang(day.year)}"
    )


def opening(meeting: Meeting) -> str:
    """The opening sentence, with the time in the city's own zone (WIB/WITA/WIT)."""
    when = f"Pada {date_in_words(meeting.held_on)}" if meeting.held_on else "Pada hari ini"
    if meeting.starts_at:
        when += f", pukul {meeting.starts_at:%H.%M} {zone_of(meeting.city.code).abbreviation}"
    return (
        f"{when}, bertempat di {meeting.place}, telah dilaksanakan {meeting.get_kind_display()} "
        f"{meeting.holder_label} tahun {meeting.cycle.year} yang dipimpin oleh {meeting.chair_name}."
    )


def clause_values(meeting: Meeting, items) -> dict[str, object]:
    """The figures the clauses may name ({jumlah_usulan}, {jumlah_prioritas}, …)."""
    decisions = Counter(i.decision for i in items)
    within = [i for i in items if i.within_quota]
    return {
        **base_values(meeting),
        "jumlah_usulan": number(len(items), decimals=0),
        "jumlah_prioritas": number(len(within), decimals=0),
        "jumlah_cadangan": number(len(items) - len(within), decimals=0),
        "jumlah_diteruskan": number(decisions[ForumDecision.FORWARD], decimals=0),
        "jumlah_didanai": number(decisions[ForumDecision.FUND_HERE], decimals=0),
        "jumlah_tidak_diakomodasi": number(decisions[ForumDecision.NOT_ACCOMMODATED], decimals=0),
        "jumlah_biaya": rupiah(sum(i.proposal.estimated_cost for i in within)),
    }


def _letterhead(wording: Wording, styles) -> list:
    centred = styles["Heading4"].clone("kop", alignment=1, spaceBefore=0, spaceAfter=0, leading=14)
    lines = [para(line, centred) for line in wording.letterhead]
    logo = _logo(wording)
    if logo is None:
        block = Table([[line] for line in lines], colWidths=[17.5 * cm])
    else:
        block = Table([[logo, lines]], colWidths=[2.5 * cm, 15 * cm])
    block.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black)])
    )
    return [block, Spacer(1, 0.3 * cm)]


def _logo(wording: Wording):
    """The city's logo, 2 cm high, or None (none is shipped: each city uploads its own)."""
    if not wording.logo:
        return None
    try:
        with wording.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    width, height = ImageReader(io.BytesIO(data)).getSize()
    return Image(io.BytesIO(data), width=2 * cm * width / max(height, 1), height=2 * cm)


def formal_head_lines(meeting: Meeting, styles, *, wording: Wording | None = None) -> list:
    """The city's letterhead (logo and lines) with the rule under it."""
    return _letterhead(wording or wording_of(meeting), styles)


def formal_head(meeting: Meeting, styles, *, wording: Wording | None = None) -> list:
    """Letterhead, then the title with the number."""
    wording = wording or wording_of(meeting)
    centred = styles["BodyText"].clone("nomor", alignment=1)
    story = _letterhead(wording, styles)
    story.append(para(f"BERITA ACARA {meeting.get_kind_display().upper()}", styles["Title"]))
    story.append(para(f"Nomor: {meeting.number or '....................'}", centred))
    return story


def agreement(meeting: Meeting, items, styles, *, wording: Wording | None = None) -> list:
    """The opening, the considerations and the clauses KESATU, KEDUA, … with the meeting's figures filled in."""
    wording = wording or wording_of(meeting)
    values = clause_values(meeting, items)
    body = styles["BodyText"]
    story = [Spacer(1, 0.2 * cm), para(opening(meeting), body)]
    story.append(para(fill(wording.considerations, values), body))
    story.append(para("Dalam forum tersebut, peserta menyepakati hal-hal sebagai berikut:", body))
    rows = [[para(ordinal(n), body), ":", para(fill(text, values), body)] for n, text in enumerate(wording.clauses, 1)]
    if rows:
        table = Table(rows, colWidths=[2.6 * cm, 0.6 * cm, 14.4 * cm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    return story


def participants(meeting: Meeting, inclusion, heading: str, styles, small) -> list:
    """Who attended, counted by official unsur beside the social groups (names stay in the attendance annex)."""
    by_category = Counter(meeting.attendees.values_list("category", flat=True))
    for row in meeting.official_counts.all():
        by_category[row.category] += row.count
    official = [(str(c.label), by_category.get(c.value, 0)) for c in OfficialCategory]
    social = [(str(Stakeholder(g).label), inclusion.by_group.get(g, 0)) for g in REQUIRED]
    rows = [["Unsur", "Jumlah", "Kelompok sosial", "Jumlah"]]
    for n in range(max(len(official), len(social))):
        left = official[n] if n < len(official) else ("", "")
        right = social[n] if n < len(social) else ("", "")
        rows.append([para(left[0], small), str(left[1]), para(right[0], small), str(right[1])])
    rows.append(["Jumlah menurut unsur", str(sum(by_category.values())), "Jumlah peserta", str(inclusion.total)])
    return [Spacer(1, 0.3 * cm), para(heading, styles["Heading4"]), grid(rows, [6 * cm, 2 * cm, 6 * cm, 2 * cm])]


def location_of(proposal) -> str:
    """The Lokasi column: the RT/RW that proposed it (its Pokmas' region) and the address typed."""
    region = proposal.proposer_region
    where = region.label
    if region.level == "rt" and region.parent is not None:
        where = f"{region.label}/{region.parent.label}"
    return f"{where}, {proposal.address}" if proposal.address else where


def reserve_list(items, styles, small) -> list:
    """Usulan cadangan: the proposals past the quota, recorded but not forwarded."""
    reserve = [i for i in items if not i.within_quota]
    rows = [["No", "Nomor", "Usulan", "Lokasi (RT/RW)", "Biaya"]] + [
        [
            str(i.rank),
            para(i.proposal.number, small),
            para(i.proposal.title, small),
            para(location_of(i.proposal), small),
            para(rupiah(i.proposal.estimated_cost), small),
        ]
        for i in reserve
    ]
    if not reserve:
        rows.append(["-", "Tidak ada", "", "", ""])
    return [
        Spacer(1, 0.3 * cm),
        para("Usulan cadangan (di luar kuota)", styles["Heading5"]),
        grid(rows, [1 * cm, 3.2 * cm, 5.6 * cm, 5 * cm, 2.8 * cm]),
    ]


def notulen(meeting: Meeting, heading: str, styles, small) -> list:
    """The points raised, numbered, as the notulis wrote them."""
    notes = list(meeting.notes or [])
    story = [Spacer(1, 0.3 * cm), para(heading, styles["Heading4"])]
    if not notes:
        return [*story, para("Tidak ada catatan.", small)]
    return story + [markup("{n}. {note}", small, n=n, note=note) for n, note in enumerate(notes, 1)]


def closing_and_signatures(meeting: Meeting, styles, *, wording: Wording | None = None, fallback=()) -> list:
    """The closing sentence and one signature block per signatory (NIP under the name where given). Without
    signatories recorded, the city's titles with `fallback` names (chair, first delegate) and room to write."""
    wording = wording or wording_of(meeting)
    body = styles["BodyText"]
    blocks = [(s.title, s.name, s.nip) for s in meeting.signatories.all()]
    if not blocks:
        names = list(fallback)
        blocks = [(title, names[n] if n < len(names) else "", "") for n, title in enumerate(wording.signatory_titles)]
    cells = [_signature(title, name, nip, body) for title, name, nip in blocks]
    rows = [cells[n : n + 2] + [""] * (2 - len(cells[n : n + 2])) for n in range(0, len(cells), 2)]
    story = [Spacer(1, 0.3 * cm), para(fill(wording.closing, base_values(meeting)), body), Spacer(1, 0.5 * cm)]
    if meeting.held_on:
        day = f"{meeting.held_on.day} {MONTHS[meeting.held_on.month - 1]} {meeting.held_on.year}"
        story.append(para(f"{meeting.place}, {day}", body.clone("tanggal", alignment=2)))
    if rows:
        table = Table(rows, colWidths=[8.75 * cm, 8.75 * cm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        story.append(table)
    return story


def _signature(title: str, name: str, nip: str, style) -> list:
    centred = style.clone("ttd", alignment=1)
    block = [para(title, centred), Spacer(1, 1.6 * cm), para(name or "(....................................)", centred)]
    if nip:
        block.append(para(f"NIP. {nip}", centred))
    elif title.lower().startswith(("camat", "lurah", "kepala", "sekretaris")):
        block.append(para("NIP. ....................................", centred))
    block.append(Spacer(1, 0.4 * cm))
    return block


def grid(rows, widths, *, row_height=None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, rowHeights=None if row_height is None else row_height)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ]
        )
    )
    return table
