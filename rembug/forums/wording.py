"""The words of the formal Berita Acara: the city's own (MinutesWording, edited by Bappeda) or the built-in ones.

Texts carry placeholders ({jumlah_usulan}, {wilayah}, …) filled from the meeting; a placeholder nobody knows is
printed as typed, so a typo in the admin shows on the draft instead of failing the finalization (decision 0028).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from .models import UPPER_KINDS, Meeting, MeetingKind, MinutesWording

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Shown beside the admin form: what a city may write in braces.
PLACEHOLDER_HELP = (
    "{forum} {wilayah} {kode_wilayah} {kode_kelurahan} {kota} {tahun} {tahun_anggaran} {forum_berikutnya} "
    "{kuota} {revisi}; butir kesepakatan juga: {jumlah_usulan} {jumlah_prioritas} {jumlah_cadangan} "
    "{jumlah_diteruskan} {jumlah_didanai} {jumlah_tidak_diakomodasi} {jumlah_biaya}; pola nomor juga: {seq} {seq3}."
)

REMBUG_CLAUSES = (
    "Menyepakati {jumlah_prioritas} usulan prioritas {wilayah} sebagaimana tercantum dalam daftar usulan prioritas "
    "untuk diteruskan ke {forum_berikutnya}.",
    "Menyepakati {jumlah_cadangan} usulan di luar kuota sebagai usulan cadangan yang tetap tercatat.",
    "Menetapkan delegasi yang mengawal usulan prioritas di {forum_berikutnya}.",
)
UPPER_CLAUSES = (
    "Menyepakati {jumlah_diteruskan} usulan prioritas {wilayah} sebagaimana tercantum dalam daftar usulan "
    "prioritas untuk diteruskan ke {forum_berikutnya}.",
    "Menyepakati {jumlah_didanai} usulan didanai di tingkat kelurahan (Dana Kelurahan/swadaya).",
    "Menyatakan {jumlah_tidak_diakomodasi} usulan tidak diakomodasi dengan alasan sebagaimana tercantum.",
    "Menetapkan delegasi yang mengawal usulan prioritas di {forum_berikutnya}.",
)

DEFAULTS = {
    "considerations": (
        "Bahwa dalam rangka penyusunan Rencana Kerja Pemerintah Daerah tahun {tahun_anggaran}, perlu disepakati "
        "usulan prioritas {wilayah} melalui {forum} secara musyawarah mufakat dengan melibatkan unsur masyarakat, "
        "termasuk perempuan, pemuda, lansia, penyandang disabilitas dan kelompok rentan."
    ),
    "closing": (
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya, dan "
        "ditandatangani oleh pimpinan rapat serta perwakilan peserta."
    ),
    "number_pattern": "{seq}/BA/{kode_wilayah}/{tahun}",
}
SIGNATORY_TITLES = {
    MeetingKind.REMBUG_RT: ("Ketua RT", "Perwakilan peserta"),
    MeetingKind.REMBUG_RW: ("Ketua RW", "Perwakilan peserta"),
    MeetingKind.REMBUG_POKMAS: ("Ketua Pokmas", "Perwakilan peserta"),
    MeetingKind.TEMATIK: ("Lurah", "Perwakilan kelompok"),
    MeetingKind.MUSRENBANG_KELURAHAN: ("Lurah", "Ketua LPMK", "Perwakilan delegasi"),
    MeetingKind.MUSRENBANG_KECAMATAN: ("Camat", "Ketua Tim Penyelenggara", "Perwakilan delegasi"),
}
NEXT_FORUM = {
    MeetingKind.REMBUG_RT: "Musrenbang Kelurahan",
    MeetingKind.REMBUG_RW: "Musrenbang Kelurahan",
    MeetingKind.REMBUG_POKMAS: "Musrenbang Kelurahan",
    MeetingKind.TEMATIK: "Musrenbang Kelurahan",
    MeetingKind.MUSRENBANG_KELURAHAN: "Musrenbang Kecamatan",
    MeetingKind.MUSRENBANG_KECAMATAN: "Forum Perangkat Daerah",
}


@dataclass(frozen=True)
class Wording:
    letterhead: tuple[str, ...]
    logo: object  # the stored FieldFile, or None
    considerations: str
    clauses: tuple[str, ...]
    closing: str
    signatory_titles: tuple[str, ...]
    number_pattern: str


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def default_letterhead(meeting: Meeting) -> tuple[str, ...]:
    """PEMERINTAH KOTA MALANG, then the kecamatan and kelurahan of the meeting."""
    lines = [f"PEMERINTAH {meeting.city.label.upper()}"]
    region = meeting.kelurahan or meeting.holder_region
    kecamatan = region.parent if meeting.kelurahan else region
    if kecamatan is not None:
        lines.append(kecamatan.label.upper())
    if meeting.kelurahan:
        lines.append(meeting.kelurahan.label.upper())
    return tuple(lines)


def wording_rows(meeting: Meeting) -> list[MinutesWording]:
    """The city's row for this kind of forum first, then its row for every forum (one query)."""
    rows = MinutesWording.objects.filter(Q(kind=meeting.kind) | Q(kind=""), city_id=meeting.city_id)
    return sorted(rows, key=lambda row: not row.kind)


def wording_of(meeting: Meeting) -> Wording:
    """Every text the Berita Acara needs, each from the first that has it: the city's row for this kind of forum,
    the city's row for every forum, the built-in wording."""
    rows = wording_rows(meeting)

    def own(name: str) -> str:
        return next((getattr(row, name) for row in rows if getattr(row, name).strip()), "")

    clauses = UPPER_CLAUSES if meeting.kind in UPPER_KINDS else REMBUG_CLAUSES
    logo = next((row.logo for row in rows if row.logo), None)
    return Wording(
        letterhead=_lines(own("letterhead")) or default_letterhead(meeting),
        logo=logo,
        considerations=own("considerations").strip() or DEFAULTS["considerations"],
        clauses=_lines(own("clauses")) or clauses,
        closing=own("closing").strip() or DEFAULTS["closing"],
        signatory_titles=_lines(own("signatory_titles")) or SIGNATORY_TITLES[MeetingKind(meeting.kind)],
        number_pattern=own("number_pattern").strip() or DEFAULTS["number_pattern"],
    )


def fill(text: str, values: dict[str, object]) -> str:
    """Replace {name} by its value; unknown names stay as typed (no attribute access: plain names only)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def base_values(meeting: Meeting) -> dict[str, object]:
    """Placeholders every text may use."""
    return {
        "forum": meeting.get_kind_display(),
        "wilayah": meeting.holder_label,
        "kode_wilayah": meeting.holder_region.code,
        "kode_kelurahan": meeting.kelurahan.code if meeting.kelurahan_id else meeting.holder_region.code,
        "kota": meeting.city.name,
        "tahun": meeting.cycle.year,
        "tahun_anggaran": meeting.cycle.budget_year,
        "forum_berikutnya": NEXT_FORUM[MeetingKind(meeting.kind)],
        "kuota": meeting.cycle.priority_quota,
        "revisi": meeting.revision,
    }


def ordinal(n: int) -> str:
    """KESATU, KEDUA, KETIGA, …: the clause labels of an Indonesian agreement."""
    from lokal import terbilang

    return f"KE{terbilang(n).upper()}"
