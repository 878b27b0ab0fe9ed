"""The default guide (Bimtek) every city starts from, in plain Indonesian. Loaded by `services.guide_defaults_load`;
a city changes it in the admin (its own copy wins over the default).

Sources: Bimtek Kota Malang 2022 for RT/RW/LPMK (who takes part, what a Rembug produces, funding split, carry-over),
Permendagri 86/2017 for the stages. Each checklist step is (label, check key from checks.REGISTRY, hint).
"""

from __future__ import annotations

from dataclasses import dataclass

from rembug.accounts.roles import Role
from rembug.cycles.phases import StageKind


@dataclass(frozen=True)
class DefaultPage:
    role: str
    stage: str
    title: str
    body: str
    items: tuple[tuple[str, str, str], ...]


_REMBUG_BODY = """\
Rembug adalah musyawarah warga {holder} untuk menyepakati daftar usulan pembangunan tahun depan, diurutkan dari yang \
paling penting, beserta rencana pendanaannya. Hasilnya diserahkan ke kelurahan dan dibawa oleh delegasi Anda ke \
Musrenbang Kelurahan. Tujuannya: pembangunan yang tepat sasaran dan tepat manfaat, diawasi warga sendiri.

Siapa yang harus diundang? Semua lapisan warga, bukan hanya pengurus:
- tokoh masyarakat;
- perempuan (sedikitnya 30 % peserta);
- pemuda;
- lansia;
- penyandang disabilitas (difabel);
- kelompok rentan dan yang sering terpinggirkan.
Untuk kelompok yang peka, Anda boleh mencatat jumlahnya saja tanpa nama.

Apa yang dibahas? Lihat kondisi lingkungan Anda:
- sarana umum: jalan, gorong-gorong/saluran, MCK;
- kebutuhan warga: air bersih, persampahan;
- sosial budaya: pendidikan, kesehatan, budaya;
- ekonomi: UMKM, keterampilan, pemasaran;
- usulan tahun lalu yang belum diakomodasi: tinjau lagi dan usulkan kembali bila masih dibutuhkan;
- jarak antara prioritas kota dan kondisi lingkungan Anda.

Tulis setiap usulan di aplikasi: masalahnya, gagasannya, jenis kegiatan dari kamus usulan, volume, lokasi dengan \
titik di peta, dan foto kondisi sekarang. Biaya dihitung otomatis dari volume × harga satuan.

Kuota: jumlah usulan prioritas yang diteruskan dibatasi oleh kota. Usulan di luar kuota tetap tercatat, tetapi \
tidak diteruskan ke kelurahan. Karena itu sepakati urutan dengan sungguh-sungguh.

Pendanaan: untuk setiap usulan, bagi biayanya menurut sumber dana — swadaya warga, Dana Kelurahan, APBD Kota, atau \
sumber lain seperti CSR, provinsi dan pusat. Jumlahnya harus sama dengan biaya usulan. Yang bisa dikerjakan \
sendiri oleh warga, catat sebagai swadaya.

Delegasi: pilih dari peserta yang hadir orang yang akan mengawal usulan ke Musrenbang Kelurahan, dan tuliskan \
mandatnya.

Menetapkan: setelah semua lengkap, tekan “Tetapkan”. Rembug dikunci, lalu Berita Acara (PDF) dan daftar usulan \
(Excel) dapat diunduh dan ditandatangani. Hasilnya otomatis diserahkan ke kelurahan. Bila ada kesalahan, buat \
revisi; versi lama tetap tersimpan."""

_CHAIR_ITEMS = (
    ("Tulis usulan unit Anda", "proposals_written", "Buka Usulan → Tulis usulan baru."),
    ("Lengkapi setiap usulan dengan foto", "photos_attached", "Foto kondisi sekarang membantu verifikasi."),
    ("Tandai lokasi setiap usulan di peta", "location_marked", "Ketuk peta pada halaman usulan."),
    (
        "Tindak lanjuti usulan tahun lalu yang belum diakomodasi",
        "carry_over_followed",
        "Pilih “Usulkan kembali” pada usulan tahun lalu.",
    ),
    ("Buka Rembug di aplikasi", "rembug_opened", "Usulan → Rembug dan daftar prioritas → Buka Rembug."),
    ("Isi tanggal, tempat dan pimpinan rapat", "meeting_details_filled", ""),
    ("Catat daftar hadir", "attendance_recorded", "Sedikitnya satu peserta dengan nama."),
    ("Pastikan perempuan sedikitnya 30 % peserta", "women_represented", "Undang lebih banyak warga perempuan."),
    (
        "Pastikan semua kelompok hadir",
        "all_groups_present",
        "Tokoh masyarakat, perempuan, pemuda, lansia, difabel dan kelompok rentan.",
    ),
    ("Sepakati urutan prioritas semua usulan", "order_agreed", "Perbarui daftar bila ada usulan baru."),
    (
        "Lengkapi rencana pendanaan setiap usulan",
        "funding_complete",
        "Jumlah swadaya, Dana Kelurahan, APBD dan sumber lain harus sama dengan biaya.",
    ),
    ("Pilih delegasi ke Musrenbang Kelurahan", "delegates_chosen", ""),
    ("Tetapkan Rembug dan unduh Berita Acara", "rembug_finalized", ""),
)

_KELURAHAN_REMBUG_BODY = """\
Pada tahap Rembug, RT, RW dan Pokmas di kelurahan Anda menyusun usulan dan menetapkan hasil Rembug. Tugas kelurahan \
adalah mendampingi dan memastikan semua hasil masuk.

Pantau di dasbor Rembug mana yang sudah diserahkan, berapa usulan yang diteruskan dan berapa biayanya. Hubungi \
Ketua RT/RW yang belum menyerahkan sebelum tahap ditutup.

Rembug yang diadakan di atas kertas: unduh templat Excel untuk RT/RW tersebut (Usulan → unggah hasil Rembug), salin \
catatan kertas ke dalamnya, lalu unggah. Bila ada sel yang salah, semua kesalahan ditunjukkan dengan lembar, baris \
dan kolomnya, dan tidak ada yang disimpan sampai semuanya benar. Simpan Berita Acara kertas yang sudah ditandatangani.

Ingatkan para ketua: undang semua kelompok warga (tokoh masyarakat, perempuan, pemuda, lansia, difabel, kelompok \
rentan), tindak lanjuti usulan tahun lalu yang belum diakomodasi, dan lengkapi rencana pendanaan."""

_KELURAHAN_FORUM_BODY = """\
Musrenbang Kelurahan menggabungkan daftar usulan dari semua Rembug RT, RW, Pokmas dan Musrenbang Tematik di \
kelurahan Anda. Pesertanya: Lurah, LPMK, delegasi RW, lembaga kemasyarakatan, fasilitator dan perangkat daerah.

Langkah-langkahnya:
- Periksa lokasi setiap usulan, dan gabungkan usulan yang sama (mis. dua RT mengusulkan saluran yang sama). \
Aplikasi menyarankan pasangan yang mirip; usulan yang digabung tetap tercatat.
- Urutkan usulan menurut prioritas kelurahan.
- Putuskan setiap usulan: didanai di kelurahan (Dana Kelurahan atau swadaya), diteruskan ke kecamatan, atau tidak \
diakomodasi.
- Setiap usulan yang tidak diakomodasi wajib diberi alasan (mis. bukan kewenangan daerah, sudah dianggarkan, lokasi \
belum jelas). Warga akan membaca alasan ini, dan usulannya dapat diusulkan kembali tahun depan.
- Catat daftar hadir menurut kelompok; perempuan sedikitnya 30 %.
- Pilih delegasi ke Musrenbang Kecamatan dan tuliskan mandatnya.
- Tetapkan Musrenbang Kelurahan. Berita Acara beserta lampirannya (daftar hadir, daftar prioritas menurut perangkat \
daerah dan sumber dana, usulan yang tidak diakomodasi beserta alasannya, mandat delegasi) dibuat otomatis untuk \
ditandatangani."""

_FORUM_ITEMS = (
    ("Buka Musrenbang Kelurahan di aplikasi", "kelurahan_forum_opened", ""),
    ("Isi tanggal, tempat dan pimpinan rapat", "meeting_details_filled", ""),
    ("Catat daftar hadir", "attendance_recorded", ""),
    ("Pastikan perempuan sedikitnya 30 % peserta", "women_represented", ""),
    ("Pastikan semua kelompok hadir", "all_groups_present", ""),
    ("Putuskan setiap usulan, dengan alasan bila tidak diakomodasi", "decisions_made", ""),
    ("Pilih delegasi ke Musrenbang Kecamatan", "delegates_chosen", ""),
    ("Tetapkan Musrenbang Kelurahan", "kelurahan_forum_finalized", ""),
)

_KECAMATAN_BODY = """\
Musrenbang Kecamatan membahas usulan yang diteruskan oleh semua kelurahan di kecamatan Anda.

Langkah-langkahnya:
- Pastikan setiap kelurahan sudah menetapkan Musrenbang Kelurahan; hubungi yang belum.
- Periksa kembali lokasi, volume dan perangkat daerah setiap usulan.
- Urutkan usulan menurut prioritas kecamatan dan putuskan: diteruskan ke perangkat daerah, atau tidak diakomodasi \
dengan alasan yang jelas.
- Catat daftar hadir; undang perwakilan perempuan, pemuda, lansia, difabel dan kelompok rentan.
- Pilih tiga delegasi ke Forum Perangkat Daerah dan Musrenbang Kota.
- Tetapkan Musrenbang Kecamatan. Camat menandatangani Berita Acaranya."""

_KECAMATAN_ITEMS = (
    ("Semua kelurahan sudah menetapkan Musrenbang Kelurahan", "kelurahan_forums_finalized", ""),
    ("Buka Musrenbang Kecamatan di aplikasi", "kecamatan_forum_opened", ""),
    ("Catat daftar hadir", "attendance_recorded", ""),
    ("Pastikan perempuan sedikitnya 30 % peserta", "women_represented", ""),
    ("Putuskan setiap usulan, dengan alasan bila tidak diakomodasi", "decisions_made", ""),
    ("Pilih delegasi", "delegates_chosen", ""),
    ("Tetapkan Musrenbang Kecamatan", "kecamatan_forum_finalized", ""),
)

DEFAULT_PAGES: tuple[DefaultPage, ...] = (
    DefaultPage(
        Role.KETUA_RT,
        StageKind.REMBUG,
        "Rembug RT: yang perlu Ketua RT lakukan",
        _REMBUG_BODY.format(holder="satu RT"),
        _CHAIR_ITEMS,
    ),
    DefaultPage(
        Role.KETUA_RW,
        StageKind.REMBUG,
        "Rembug RW: yang perlu Ketua RW lakukan",
        _REMBUG_BODY.format(holder="satu RW") + "\n\nSebagai Ketua RW, pantau juga Rembug RT di wilayah Anda "
        "dan bantu RT yang belum menetapkan hasilnya.",
        _CHAIR_ITEMS,
    ),
    DefaultPage(
        Role.KETUA_POKMAS,
        StageKind.REMBUG,
        "Rembug Pokmas: yang perlu Ketua Pokmas lakukan",
        _REMBUG_BODY.format(holder="dan anggota kelompok masyarakat (Pokmas)"),
        _CHAIR_ITEMS,
    ),
    DefaultPage(
        Role.OPERATOR_KELURAHAN,
        StageKind.REMBUG,
        "Tahap Rembug: tugas Operator Kelurahan",
        _KELURAHAN_REMBUG_BODY,
        (
            ("Sedikitnya satu hasil Rembug sudah masuk", "kelurahan_lists_received", ""),
            (
                "Setiap RW sudah menyerahkan hasil Rembug",
                "all_rw_handed_over",
                "Unggah hasil Rembug kertas dari RT/RW yang belum memakai aplikasi.",
            ),
        ),
    ),
    DefaultPage(
        Role.LURAH,
        StageKind.REMBUG,
        "Tahap Rembug: tugas Lurah",
        _KELURAHAN_REMBUG_BODY,
        (
            ("Sedikitnya satu hasil Rembug sudah masuk", "kelurahan_lists_received", ""),
            ("Setiap RW sudah menyerahkan hasil Rembug", "all_rw_handed_over", ""),
        ),
    ),
    DefaultPage(
        Role.LPMK,
        StageKind.REMBUG,
        "Tahap Rembug: peran LPMK",
        "LPMK mendampingi Rembug RT, RW dan Pokmas agar semua kelompok warga ikut serta dan usulannya "
        "tercatat dengan baik. Bantu ketua yang kesulitan memakai aplikasi, dan ingatkan agar usulan tahun "
        "lalu yang belum diakomodasi ditinjau kembali.",
        (
            ("Sedikitnya satu hasil Rembug sudah masuk", "kelurahan_lists_received", ""),
            ("Setiap RW sudah menyerahkan hasil Rembug", "all_rw_handed_over", ""),
        ),
    ),
    DefaultPage(
        Role.OPERATOR_KELURAHAN,
        StageKind.MUSRENBANG_KELURAHAN,
        "Musrenbang Kelurahan: tugas Operator",
        _KELURAHAN_FORUM_BODY,
        (("Setiap RW sudah menyerahkan hasil Rembug", "all_rw_handed_over", ""), *_FORUM_ITEMS),
    ),
    DefaultPage(
        Role.LURAH,
        StageKind.MUSRENBANG_KELURAHAN,
        "Musrenbang Kelurahan: tugas Lurah",
        _KELURAHAN_FORUM_BODY + "\n\nLurah memimpin forum dan menandatangani Berita Acaranya.",
        _FORUM_ITEMS,
    ),
    DefaultPage(
        Role.LPMK,
        StageKind.MUSRENBANG_KELURAHAN,
        "Musrenbang Kelurahan: peran LPMK",
        "LPMK hadir di Musrenbang Kelurahan untuk mengawal usulan warga. Perhatikan agar usulan yang sama "
        "digabung dengan adil, dan setiap usulan yang tidak diakomodasi diberi alasan yang jelas.\n\n"
        + _KELURAHAN_FORUM_BODY,
        _FORUM_ITEMS,
    ),
    DefaultPage(
        Role.KETUA_RW,
        StageKind.MUSRENBANG_KELURAHAN,
        "Musrenbang Kelurahan: Ketua RW sebagai delegasi",
        "Hadiri Musrenbang Kelurahan bersama delegasi yang dipilih di Rembug. Bawa Berita Acara Rembug, "
        "jelaskan urutan prioritas yang disepakati warga, dan pastikan setiap usulan yang tidak diakomodasi "
        "diberi alasan. Setelah forum, sampaikan hasilnya kepada warga.",
        (("Rembug RW sudah ditetapkan", "rembug_finalized", ""),),
    ),
    DefaultPage(
        Role.OPERATOR_KECAMATAN,
        StageKind.MUSRENBANG_KECAMATAN,
        "Musrenbang Kecamatan: tugas Operator",
        _KECAMATAN_BODY,
        _KECAMATAN_ITEMS,
    ),
    DefaultPage(
        Role.CAMAT,
        StageKind.MUSRENBANG_KECAMATAN,
        "Musrenbang Kecamatan: tugas Camat",
        _KECAMATAN_BODY + "\n\nCamat memimpin forum dan menandatangani Berita Acaranya.",
        _KECAMATAN_ITEMS,
    ),
    DefaultPage(
        Role.OPERATOR_KECAMATAN,
        StageKind.REMBUG,
        "Tahap Rembug: tugas Operator Kecamatan",
        "Pada tahap Rembug, dampingi kelurahan di kecamatan Anda agar semua RT, RW dan Pokmas menetapkan "
        "hasil Rembug sebelum tahap ditutup. Siapkan jadwal dan undangan Musrenbang Kecamatan.",
        (),
    ),
    DefaultPage(
        Role.CAMAT,
        StageKind.REMBUG,
        "Tahap Rembug: tugas Camat",
        "Pada tahap Rembug, dorong lurah di wilayah Anda agar semua RT, RW dan Pokmas menetapkan hasil "
        "Rembug dan mengundang semua kelompok warga. Siapkan Musrenbang Kecamatan.",
        (),
    ),
    DefaultPage(
        Role.VERIFIKATOR_OPD,
        StageKind.FORUM_OPD,
        "Forum Perangkat Daerah: tugas Verifikator",
        """\
Pada Forum Perangkat Daerah, setiap usulan yang diarahkan ke perangkat daerah Anda harus diverifikasi.

Untuk setiap usulan di antrean verifikasi:
- periksa kelayakan teknis, volume dan perkiraan biaya; bila perlu, isi rekomendasi volume dan biaya;
- putuskan: diterima, ditolak, atau dialihkan ke perangkat daerah lain yang berwenang;
- setiap penolakan wajib diberi alasan. Alasan ini dibaca warga dan kelurahan, jadi tulis dengan jelas dan sopan.

Usulan yang dialihkan pindah ke antrean perangkat daerah tujuan; riwayatnya tetap tercatat.""",
        (("Antrean verifikasi kosong", "queue_empty", "Buka Antrean verifikasi di dasbor."),),
    ),
    DefaultPage(
        Role.VERIFIKATOR_OPD,
        StageKind.REMBUG,
        "Tahap Rembug: persiapan Perangkat Daerah",
        "Selama warga menyusun usulan, periksa kamus usulan untuk perangkat daerah Anda: nama kegiatan, "
        "satuan dan harga satuan harus sesuai tahun ini. Usulan akan sampai di antrean Anda pada Forum "
        "Perangkat Daerah.",
        (),
    ),
    DefaultPage(
        Role.VERIFIKATOR_OPD,
        StageKind.IMPLEMENTATION,
        "Pelaksanaan: laporan kemajuan",
        "Laporkan kemajuan setiap kegiatan yang berasal dari usulan warga, dengan foto bila ada. Warga "
        "dapat mengikuti kemajuan ini sampai pekerjaan selesai.",
        (),
    ),
    DefaultPage(
        Role.BAPPEDA,
        StageKind.REMBUG,
        "Tahap Rembug: tugas Bappeda",
        "Pantau kemajuan Rembug di seluruh kota: berapa RT, RW dan Pokmas yang sudah menetapkan hasilnya. "
        "Pastikan kamus usulan, kuota usulan prioritas dan jadwal tahap sudah benar di Administrasi. "
        "Sesuaikan panduan ini untuk kota Anda bila perlu.",
        (("Sedikitnya satu Rembug sudah ditetapkan", "city_rembugs_started", ""),),
    ),
    DefaultPage(
        Role.BAPPEDA,
        StageKind.MUSRENBANG_KOTA,
        "Musrenbang Kota: tugas Bappeda",
        """\
Musrenbang Kota menyesuaikan usulan prioritas dengan pagu indikatif dan menyepakati RKPD.

Langkah-langkahnya:
- pastikan semua kecamatan sudah menetapkan Musrenbang Kecamatan dan semua perangkat daerah selesai memverifikasi;
- tetapkan pagu indikatif per perangkat daerah dan per kecamatan/kelurahan;
- sesuaikan usulan dengan pagu; usulan yang tidak tertampung dicatat dengan alasannya;
- umumkan hasilnya agar warga dapat mengikuti nasib usulannya.""",
        (
            ("Semua kecamatan sudah menetapkan Musrenbang Kecamatan", "kecamatan_forums_finalized", ""),
            ("Semua perangkat daerah selesai memverifikasi", "opd_verification_done", ""),
        ),
    ),
    DefaultPage(
        Role.ADMIN,
        StageKind.REMBUG,
        "Tahap Rembug: tugas Administrator Kota",
        "Pastikan setiap Ketua RT, Ketua RW, Ketua Pokmas dan operator punya akun dengan peran dan wilayah "
        "yang benar. Periksa jadwal tahap dan kuota usulan di Administrasi.",
        (("Sedikitnya satu Rembug sudah ditetapkan", "city_rembugs_started", ""),),
    ),
)

#: Help beside form fields, by form key (see forms.HelpFromGuide).
DEFAULT_FIELD_HELP: dict[str, str] = {
    "proposals.ProposalForm.title": "Singkat dan jelas, mis. “Paving gang Melati RT 005”.",
    "proposals.ProposalForm.problem": "Apa yang dialami warga? Sejak kapan, seberapa parah, siapa yang terdampak?",
    "proposals.ProposalForm.idea": "Apa yang diusulkan untuk mengatasinya? Satu kegiatan per usulan.",
    "proposals.ProposalForm.item": "Pilih dari kamus usulan kota; ini menentukan perangkat daerah, satuan dan "
    "harga satuan.",
    "proposals.ProposalForm.volume": "Ukur di lapangan, dalam satuan kegiatan yang dipilih (mis. 120 untuk 120 m²).",
    "proposals.ProposalForm.address": "Nama jalan/gang dan patokan, agar petugas bisa menemukan lokasinya.",
    "proposals.ProposalForm.beneficiaries": "Perkiraan jumlah orang yang merasakan manfaatnya.",
    "forums.AttendeeForm.name": "Nama peserta seperti di daftar hadir kertas.",
    "forums.AttendeeForm.age_group": "Pemuda dan lansia dihitung dari kelompok umur.",
    "forums.AttendeeForm.groups": "Centang bila peserta mewakili kelompok ini. Perempuan, pemuda dan lansia dihitung "
    "otomatis dari jenis kelamin dan umur.",
    "forums.AttendeeForm.position": "Mis. Ketua RT, kader PKK, Karang Taruna, tokoh agama.",
}
