"""SIPD's usulan list, column by column: defined once, read by the import and written by the export.

Every column has the header SIPD's export shows (in SIPD's order), the other headers files in use carry for it
(matched ignoring case and spacing), and how it maps to Rembug (docs/sipd.md). Status words and the Alamat form
live here too, because reading and writing them must agree exactly (the round trip of issue 11, point 5).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from rembug.proposals.lifecycle import Status
from rembug.spreadsheets import CellError, Column, SpreadsheetInvalid, cell_text
from rembug.verification.models import RecommendationLevel
from rembug.vocabularies.lookups import normalized


@dataclass(frozen=True)
class SipdColumn(Column):
    """One column of SIPD's list: `aliases` are the other headers accepted on import; `required` on import."""

    aliases: tuple[str, ...] = ()
    required: bool = False


#: The 26 columns of SIPD's usulan export, in its order (issue 11, point 5).
COLUMNS: tuple[SipdColumn, ...] = (
    SipdColumn("no", "No", ("Nomor", "No.")),
    SipdColumn("sipd_id", "ID Usulan", ("Id Usulan SIPD", "ID"), required=True),
    SipdColumn("proposed_on", "Tanggal Usul", ("Tgl Usul", "Tanggal Usulan", "Tgl Usulan")),
    SipdColumn("proposer", "Pengusul", (), required=True),
    SipdColumn("profile", "Profil", ("Profil Pengusul",)),
    SipdColumn("item", "Usulan", ("Kamus Usulan", "Nama Usulan"), required=True),
    SipdColumn("problem", "Masalah", ("Permasalahan",), required=True),
    SipdColumn("address", "Alamat", ("Alamat Lokasi", "Lokasi"), required=True),
    SipdColumn("city", "Kabupaten/Kota", ("Kota", "Kabupaten", "Kota/Kabupaten")),
    SipdColumn("kecamatan", "Kecamatan", ()),
    SipdColumn("kelurahan", "Kelurahan/Desa", ("Kelurahan", "Desa", "Desa/Kelurahan"), required=True),
    SipdColumn("times_proposed", "Usulan Ke", ("Usulan Ke-", "Usulan Ke-n")),
    SipdColumn("routed_agency", "OPD Tujuan Awal", ("Perangkat Daerah Tujuan Awal", "SKPD Tujuan Awal")),
    SipdColumn("final_agency", "OPD Tujuan Akhir", ("Perangkat Daerah Tujuan Akhir", "SKPD Tujuan Akhir")),
    SipdColumn("status", "Status", ("Status Existing", "Status Usulan"), required=True),
    SipdColumn("note", "Catatan", ()),
    SipdColumn("rec_mitra", "Rekomendasi Mitra", ()),
    SipdColumn("rec_kelurahan", "Rekomendasi Kelurahan", ("Rekomendasi Desa", "Rekomendasi Desa/Kelurahan")),
    SipdColumn("rec_kecamatan", "Rekomendasi Kecamatan", ()),
    SipdColumn("rec_opd", "Rekomendasi SKPD", ("Rekomendasi OPD", "Rekomendasi Perangkat Daerah")),
    SipdColumn("rec_tapd", "Rekomendasi TAPD", ()),
    SipdColumn("volume", "Volume", ()),
    SipdColumn("unit", "Satuan", ()),
    SipdColumn("cost", "Anggaran", ("Pagu", "Anggaran (Rp)", "Nilai Anggaran")),
    SipdColumn("spending_type", "Jenis Belanja", ()),
    SipdColumn("sub_activity", "Sub Kegiatan", ("Sub-Kegiatan", "Subkegiatan")),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
#: SIPD's "Koefisien" (volume and unit in one cell, "250 m") stands for Volume + Satuan in some exports.
COEFFICIENT = SipdColumn("coefficient", "Koefisien", ())

#: Which recommendation level each "Rekomendasi …" column holds. "Mitra" is Bappeda: its planners are the agencies'
#: partners (mitra) in SIPD's verification, and SIPD has no column named Bappeda (decision 0031).
RECOMMENDATION_COLUMNS: dict[str, str] = {
    "rec_mitra": RecommendationLevel.BAPPEDA,
    "rec_kelurahan": RecommendationLevel.KELURAHAN,
    "rec_kecamatan": RecommendationLevel.KECAMATAN,
    "rec_opd": RecommendationLevel.OPD,
    "rec_tapd": RecommendationLevel.TAPD,
}

# --- status ----------------------------------------------------------------------------------------------------------

ACCOMMODATED = "Diakomodir"
NOT_ACCOMMODATED = "Tidak Diakomodir"

#: Rembug's status → SIPD's word. A proposal still on its way up (agreed, forwarded, verified) is "Diakomodir"
#: by the last forum that decided it; drafts and withdrawn drafts never reached SIPD and are not exported.
SIPD_STATUS: dict[str, str] = {
    Status.AGREED: ACCOMMODATED,
    Status.FUNDED_KELURAHAN: ACCOMMODATED,
    Status.FORWARDED_KECAMATAN: ACCOMMODATED,
    Status.FORWARDED_OPD: ACCOMMODATED,
    Status.VERIFIED: ACCOMMODATED,
    Status.ACCOMMODATED: ACCOMMODATED,
    Status.IN_PROGRESS: ACCOMMODATED,
    Status.DONE: ACCOMMODATED,
    Status.OUTSIDE_QUOTA: NOT_ACCOMMODATED,
    Status.NOT_ACCOMMODATED: NOT_ACCOMMODATED,
    Status.MERGED: NOT_ACCOMMODATED,
}
EXPORTED_STATUSES = tuple(SIPD_STATUS)

#: SIPD's word (and the spellings in use) → the status an imported proposal gets.
IMPORTED_STATUS: dict[str, str] = {
    normalized(word): status
    for words, status in (
        (("Diakomodir", "Diakomodasi", "Diterima", "Disetujui"), Status.ACCOMMODATED),
        (("Tidak Diakomodir", "Tidak Diakomodasi", "Ditolak", "Tidak Disetujui"), Status.NOT_ACCOMMODATED),
    )
    for word in words
}

# --- Alamat with its map point ------------------------------------------------------------------------------------

_POINT = re.compile(
    r"^(?P<address>.*?)\s*\(\s*(?P<lat>-?\d{1,3}(?:\.\d+)?)\s*,\s*(?P<lng>-?\d{1,3}(?:\.\d+)?)\s*\)\s*$"
)


def address_cell(address: str, latitude: float | None, longitude: float | None) -> str:
    """Alamat as SIPD writes it: the address, then the map point in brackets, "Jl. Mawar 5 (-7.9526, 112.6145)"."""
    if latitude is None or longitude is None:
        return address
    return f"{address} ({latitude!r}, {longitude!r})"


def parse_address(text: str) -> tuple[str, float | None, float | None]:
    """(address, latitude, longitude) from an Alamat cell; the point is None when the cell has none."""
    match = _POINT.match(text)
    if match is None:
        return text, None, None
    return match["address"], float(match["lat"]), float(match["lng"])


# --- headers ---------------------------------------------------------------------------------------------------------


def header_positions(header_row: Sequence[Any]) -> dict[str, int]:
    """Where each known column is in row 1, by header or alias ignoring case and spacing (any order).

    A required column that is missing is reported as a row-1 cell error (with Volume + Satuan or Koefisien).
    """
    found = {normalized(cell_text(value)): index for index, value in enumerate(header_row) if cell_text(value)}
    positions: dict[str, int] = {}
    for column in (*COLUMNS, COEFFICIENT):
        for name in (column.header, *column.aliases):
            if normalized(name) in found:
                positions[column.key] = found[normalized(name)]
                break
    missing = [c for c in COLUMNS if c.required and c.key not in positions]
    if "coefficient" not in positions and not {"volume", "unit"} <= positions.keys():
        missing += [c for c in COLUMNS if c.key in ("volume", "unit") and c.key not in positions]
    if "cost" not in positions:
        missing.append(next(c for c in COLUMNS if c.key == "cost"))
    if missing:
        raise SpreadsheetInvalid(
            [
                CellError(
                    row=1,
                    column=get_column_letter(COLUMNS.index(column) + 1),
                    header=column.header,
                    message=_("judul kolom tidak ditemukan (kolom SIPD wajib)"),
                )
                for column in missing
            ]
        )
    return positions
