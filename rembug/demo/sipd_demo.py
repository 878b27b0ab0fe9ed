"""A past planning year of Kelurahan Lowokwaru as SIPD exported it, for the demo (issue 11, point 8).

The file is written the way a kelurahan's SIPD list looks in practice — the kelurahan itself as "Profil" on every
row ("Lurah Lowokwaru"), a third of the rows from lembaga (PKK, Karang Taruna), amounts of their own, the
"Koefisien" column in place of Volume + Satuan, SIPD's full agency names ("Kecamatan Lowokwaru") — and then
loaded through the same import Bappeda uses (`rembug.sipd.services.sipd_import`), so the demo shows an imported
year, its not-accommodated rows ready to be proposed again, and an export that opens in any spreadsheet.
"""

from __future__ import annotations

import datetime
import io

from rembug.spreadsheet_writers import new_workbook

KELURAHAN = "35.73.05.1011"
#: The headers of the file: SIPD's, with the variants cities' files carry (Tgl Usul, Permasalahan, Koefisien …).
HEADERS = (
    "No",
    "ID Usulan",
    "Tgl Usul",
    "Pengusul",
    "Profil",
    "Usulan",
    "Permasalahan",
    "Alamat Lokasi",
    "Kabupaten/Kota",
    "Kecamatan",
    "Kelurahan/Desa",
    "Usulan Ke",
    "OPD Tujuan Awal",
    "OPD Tujuan Akhir",
    "Status Existing",
    "Catatan",
    "Rekomendasi Mitra",
    "Rekomendasi Kelurahan",
    "Rekomendasi Kecamatan",
    "Rekomendasi SKPD",
    "Rekomendasi TAPD",
    "Koefisien",
    "Anggaran",
)

# (proposer, item name, problem, address, times, agency first, agency final, status, kelurahan/kecamatan/opd rec,
#  koefisien, amount)
_ROWS = (
    (
        "RT 001 RW 03",
        "Paving jalan lingkungan/gang (paving K-300 tebal 6 cm, lebar ≤ 2 m)",
        "Gang Mawar becek dan berlubang saat hujan",
        "Gang Mawar RT 001 RW 03 (-7.9452, 112.6081)",
        2,
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "",
        "Diakomodir",
        ("Diteruskan", "Diteruskan", "Disetujui, volume disesuaikan"),
        "120 m2",
        18_000_000,
    ),
    (
        "RT 004 RW 05",
        "Saluran drainase lingkungan pasangan batu kali (lebar 40 cm)",
        "Air meluap ke rumah warga saat hujan deras",
        "Jl. Kendalsari RT 004 RW 05",
        3,
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "",
        "Tidak Diakomodir",
        ("Diteruskan", "Diteruskan", "Melebihi pagu tahun ini"),
        "60 m",
        90_000_000,
    ),
    (
        "Kelurahan Lowokwaru",
        "Rehabilitasi MCK umum lingkungan",
        "MCK umum dekat pasar rusak dan tidak layak pakai",
        "Pasar Lowokwaru RW 02",
        1,
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "Kecamatan Lowokwaru",
        "Diakomodir",
        ("Diteruskan", "Dialihkan ke kecamatan", "Dikerjakan kecamatan"),
        "1 Unit",
        45_000_000,
    ),
    (
        "PKK Kelurahan Lowokwaru",
        "Pelatihan pendidik PAUD nonformal (30 peserta)",
        "Kader PAUD belum terlatih",
        "Balai RW 07 Lowokwaru",
        1,
        "Dinas Pendidikan dan Kebudayaan",
        "",
        "Diakomodir",
        ("Diteruskan", "Diteruskan", "Disetujui"),
        "1 Paket",
        25_000_000,
    ),
    (
        "Karang Taruna Lowokwaru",
        "Tong sampah terpilah (3 tong 120 liter: organik, anorganik, B3)",
        "Sampah di taman RW 01 tidak terpilah",
        "Taman RW 01 Lowokwaru",
        1,
        "Dinas Lingkungan Hidup",
        "",
        "Tidak Diakomodir",
        ("Diteruskan", "Diteruskan", "Sudah dianggarkan tahun lalu"),
        "10 Unit",
        36_000_000,
    ),
    (
        "RW 03",
        "Sumur resapan air hujan (Ø 1 m, kedalaman 3 m)",
        "Genangan di ujung gang setelah hujan",
        "Gang Melati RW 03 (-7.9460, 112.6092)",
        1,
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "",
        "Tidak Diakomodir",
        ("Diteruskan", "Tidak diteruskan: prioritas lebih rendah", ""),
        "4 Unit",
        30_000_000,
    ),
)


def demo_sipd_year(today: datetime.date) -> int:
    """The year the demo imports: the one before the demo's full planning year."""
    return today.year - 2


def demo_sipd_file(year: int) -> bytes:
    """The demo's SIPD list of Kelurahan Lowokwaru for `year` (an .xlsx, as a kelurahan downloads it)."""
    book = new_workbook()
    sheet = book.active
    sheet.title = "Usulan"
    sheet.append(HEADERS)
    for number, row in enumerate(_ROWS, start=1):
        proposer, item, problem, address, times, first, final, status, recs, koefisien, amount = row
        sheet.append(
            [
                number,
                f"{year}-3573051011-{number:04d}",
                f"{number + 4:02d}/01/{year}",
                proposer,
                "Lurah Lowokwaru",
                item,
                problem,
                address,
                "Kota Malang",
                "Lowokwaru",
                "Lowokwaru",
                times,
                first,
                final,
                status,
                "",
                "",
                recs[0],
                recs[1],
                recs[2],
                "",
                koefisien,
                amount,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
