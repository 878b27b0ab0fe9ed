"""The blank attendance sheet (daftar hadir) of a meeting, printed for signing on paper: where the room has no
phone or signal, people sign here and the chair types the attendance in afterwards (or keeps counts only)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer

from rembug.pdf import para
from rembug.regions.timezones import zone_of

from .berita_acara import DAYS, MONTHS, formal_head_lines, grid
from .models import Meeting

#: Empty rows printed: two A4 pages of signatures, enough for an RT's Rembug; a bigger forum prints more copies.
BLANK_ROWS = 40
COLUMNS = ("No", "Nama", "Unsur/Jabatan", "L/P", "Tanda tangan")


def attendance_sheet_pdf(meeting: Meeting, *, rows: int = BLANK_ROWS) -> bytes:
    """Letterhead, the forum, its date, time and place, and a table of empty rows to sign (no names printed)."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"Daftar hadir {meeting}",
        author="Rembug",
    )
    body = styles["BodyText"]
    when = "Hari/tanggal: ...................................."
    if meeting.held_on:
        day = meeting.held_on
        when = f"Hari/tanggal: {DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"
    clock = f"{meeting.starts_at:%H.%M}" if meeting.starts_at else "........"
    story = [
        *formal_head_lines(meeting, styles),
        para(f"DAFTAR HADIR {meeting.get_kind_display().upper()}", styles["Title"]),
        para(f"{meeting.holder_label} — tahun {meeting.cycle.year}", styles["Heading4"]),
        para(when, body),
        para(f"Pukul: {clock} {zone_of(meeting.city.code).abbreviation}", body),
        para(f"Tempat: {meeting.place or '....................................'}", body),
        Spacer(1, 0.3 * cm),
    ]
    table = [list(COLUMNS)] + [[str(n), "", "", "", f"{n}."] for n in range(1, rows + 1)]
    story.append(grid(table, [1 * cm, 6 * cm, 5 * cm, 1.2 * cm, 4.8 * cm], row_height=0.75 * cm))
    story.append(Spacer(1, 0.3 * cm))
    story.append(
        para(
            "Isi jenis kelamin (L/P). Peserta yang tidak ingin namanya dicatat cukup dihitung menurut kelompok "
            "(UU 27/2022 tentang Pelindungan Data Pribadi).",
            styles["BodyText"].clone("catatan", fontSize=8, leading=10),
        )
    )
    doc.build(story)
    return buffer.getvalue()
