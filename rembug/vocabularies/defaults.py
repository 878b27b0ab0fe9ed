"""The lists a new city starts with: units of measure as Musrenbang rows write them, and SIPD's jenis usulan and
jenis belanja. Bappeda edits them afterwards (add aliases, retire, add its own); these are only a start.

Plain data, read by `services.terms_ensure_defaults` and by the data migration that seeds existing cities.
"""

from __future__ import annotations

#: (name, code, aliases). The name is what Rembug shows ("130 m²"); aliases are what real rows write (case, extra
#: spaces and superscripts never matter: "M2" is "m2", see lookups.normalized). No alias that could mean another unit.
UNITS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("m", "", ("meter", "mtr", "m1", "m'", "meter lari")),
    ("m²", "", ("m2", "meter persegi", "mtr2", "m persegi")),
    ("m³", "", ("m3", "meter kubik")),
    ("km", "", ("kilometer",)),
    ("unit", "", ("unt",)),
    ("buah", "", ("bh", "bh.")),
    ("paket", "", ("pkt", "pkt.")),
    ("orang", "", ("org", "jiwa")),
    ("titik", "", ("ttk",)),
    ("kegiatan", "", ("keg", "kgt")),
    ("set", "", ("stel",)),
    ("lokasi", "", ("lok",)),
    ("kali", "", ("x",)),
    ("bulan", "", ("bln",)),
    ("hari", "", ("hr",)),
    ("orang-kegiatan", "OK", ("orang kegiatan", "org-keg")),
    ("ls", "", ("lumpsum", "lump sum")),
    ("kelompok", "", ("klp",)),
    ("dokumen", "", ("dok",)),
    ("rumah", "", ()),
    ("pohon", "", ("batang",)),
    ("ekor", "", ()),
    ("lembar", "", ("lbr",)),
    ("tahun", "", ("thn",)),
)

#: SIPD's kinds of proposal as Musrenbang lists write them (the code is what SIPD shows).
PROPOSAL_TYPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("SARPRAS", "SARPRAS", ("Sarana dan Prasarana", "sarana prasarana", "fisik")),
    ("LK", "LK", ()),
    ("PM", "PM", ("Pemberdayaan Masyarakat",)),
)

#: The kind of spending SIPD tags in a kamus item's name: "{#BP} PENGELOLAAN ARSIP".
SPENDING_TYPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("BP", "BP", ()),
    ("Belanja Hibah", "BHB", ("hibah",)),
    ("Belanja Bantuan Sosial", "BBS", ("bansos", "bantuan sosial")),
    ("Belanja Bantuan Keuangan", "BKD", ("bantuan keuangan", "bankeu")),
)

DEFAULTS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "satuan": UNITS,
    "jenis_usulan": PROPOSAL_TYPES,
    "jenis_belanja": SPENDING_TYPES,
}
