"""The default condition survey: the seed article's four fields and the things a Rembug looks at in each.

Each indicator is a question with five plain-language answers, 1 = very bad … 5 = good, so an RT chair can answer
on a phone without a manual. Bappeda may change the list per year (Kota Malang reviews its forms every year).
"""

from __future__ import annotations

from rembug.proposals.choices import Field

#: (field, code, name, question, (scale 1..5))
DEFAULT_INDICATORS: tuple[tuple[str, str, str, str, tuple[str, str, str, str, str]], ...] = (
    (
        Field.PUBLIC_FACILITIES,
        "jalan",
        "Kondisi jalan lingkungan",
        "Bagaimana kondisi jalan dan gang di wilayah Anda?",
        (
            "Sebagian besar rusak berat, sulit dilalui",
            "Banyak yang rusak dan berlubang",
            "Sebagian rusak ringan",
            "Umumnya baik, ada kerusakan kecil",
            "Baik dan rata di seluruh wilayah",
        ),
    ),
    (
        Field.PUBLIC_FACILITIES,
        "drainase",
        "Saluran air dan genangan",
        "Bagaimana saluran air (gorong-gorong) dan genangan/banjir saat hujan?",
        (
            "Banjir setiap hujan, saluran tidak ada atau tersumbat",
            "Sering tergenang lebih dari sehari",
            "Kadang tergenang, surut dalam beberapa jam",
            "Jarang tergenang, saluran sesekali tersumbat",
            "Tidak pernah tergenang, saluran lancar",
        ),
    ),
    (
        Field.PUBLIC_FACILITIES,
        "mck",
        "MCK umum",
        "Bagaimana ketersediaan dan kondisi MCK (mandi, cuci, kakus) umum bagi warga yang membutuhkan?",
        (
            "Tidak ada, warga buang air di sungai/kebun",
            "Ada tetapi rusak atau tidak layak",
            "Ada, layak tetapi kurang untuk jumlah warga",
            "Cukup dan layak, perawatan kurang",
            "Cukup, layak dan terawat",
        ),
    ),
    (
        Field.PRIVATE_NEEDS,
        "air_bersih",
        "Akses air bersih",
        "Bagaimana akses rumah tangga terhadap air bersih?",
        (
            "Sebagian besar warga kesulitan air bersih",
            "Banyak warga bergantung pada air beli/sumur tercemar",
            "Sebagian warga belum tersambung, air sering mati",
            "Hampir semua tersambung, sesekali mati",
            "Semua rumah tangga mendapat air bersih yang lancar",
        ),
    ),
    (
        Field.PRIVATE_NEEDS,
        "persampahan",
        "Layanan sampah",
        "Bagaimana pengangkutan dan pengelolaan sampah rumah tangga?",
        (
            "Tidak ada layanan, sampah dibuang/dibakar sembarangan",
            "Layanan jarang, banyak tumpukan sampah",
            "Layanan ada tetapi tidak teratur",
            "Layanan teratur, pemilahan belum berjalan",
            "Layanan teratur dan ada pemilahan/bank sampah",
        ),
    ),
    (
        Field.SOCIAL_CULTURAL,
        "pendidikan",
        "Pendidikan",
        "Bagaimana akses anak dan warga ke pendidikan (PAUD, sekolah, kegiatan belajar)?",
        (
            "Banyak anak putus sekolah, tidak ada PAUD",
            "Akses sulit, beberapa anak putus sekolah",
            "Akses cukup, sarana belajar kurang",
            "Akses baik, sarana sedikit kurang",
            "Semua anak bersekolah, sarana belajar memadai",
        ),
    ),
    (
        Field.SOCIAL_CULTURAL,
        "kesehatan",
        "Kesehatan",
        "Bagaimana layanan kesehatan warga (posyandu, puskesmas, gizi, lansia)?",
        (
            "Tidak ada layanan, banyak masalah gizi/penyakit",
            "Layanan jarang, masalah kesehatan sering",
            "Posyandu berjalan, peralatan dan kader kurang",
            "Layanan rutin, sedikit kekurangan",
            "Layanan rutin dan lengkap untuk semua kelompok",
        ),
    ),
    (
        Field.SOCIAL_CULTURAL,
        "budaya",
        "Kegiatan sosial budaya",
        "Bagaimana kegiatan sosial, budaya dan kerukunan warga?",
        (
            "Tidak ada kegiatan, sering ada konflik",
            "Kegiatan jarang, tidak ada tempat berkumpul",
            "Ada kegiatan, sarana kurang",
            "Kegiatan rutin, sarana cukup",
            "Kegiatan rutin melibatkan semua kelompok warga",
        ),
    ),
    (
        Field.ECONOMIC,
        "umkm",
        "Usaha mikro (UMKM)",
        "Bagaimana kondisi usaha kecil dan mikro warga?",
        (
            "Hampir tidak ada usaha, banyak pengangguran",
            "Usaha sedikit dan sulit bertahan",
            "Ada usaha, modal dan sarana kurang",
            "Usaha berjalan, perlu pendampingan",
            "Usaha berkembang dan saling mendukung",
        ),
    ),
    (
        Field.ECONOMIC,
        "keterampilan",
        "Keterampilan kerja",
        "Bagaimana kesempatan warga (terutama pemuda dan perempuan) mendapat pelatihan keterampilan?",
        (
            "Tidak pernah ada pelatihan",
            "Pelatihan sangat jarang",
            "Ada pelatihan, belum sesuai kebutuhan",
            "Pelatihan rutin, peserta terbatas",
            "Pelatihan rutin dan sesuai kebutuhan warga",
        ),
    ),
    (
        Field.ECONOMIC,
        "pemasaran",
        "Akses pasar",
        "Bagaimana warga memasarkan hasil usahanya (pasar, toko, daring)?",
        (
            "Tidak ada akses pasar",
            "Hanya dijual ke tetangga",
            "Dijual di pasar sekitar, tidak rutin",
            "Pasar rutin, belum daring",
            "Pasar luas, termasuk penjualan daring",
        ),
    ),
)
