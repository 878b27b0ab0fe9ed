"""What the paper-Rembug template and its import agree on: sheet titles, columns, limits and the holder's code."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.errors import DomainError
from rembug.proposals.choices import FundingSource
from rembug.proposals.fields import LATITUDE_RANGE, LONGITUDE_RANGE
from rembug.proposals.models import DictionaryItem
from rembug.regions.models import CommunityGroup, GroupKind, Level, Region
from rembug.spreadsheets import (
    Column,
)

from ..models import Attendee, DelegateMandate, Meeting

GUIDE_TITLE = "Petunjuk"
MEETING_TITLE = "Rembug"
PROPOSALS_TITLE = "Usulan"
PEOPLE_TITLE = "Peserta"
COUNTS_TITLE = "Jumlah tanpa nama"
CHOICES_TITLE = "Pilihan"

#: The "Rembug" sheet is a label/value form: the label in column A, the value in column B of the row below.
MEETING_FIELDS: tuple[tuple[str, str, int], ...] = (
    # (key, label in column A, row in the template)
    ("holder_code", "Kode unit", 4),
    ("year", "Tahun perencanaan", 5),
    ("held_on", "Tanggal", 6),
    ("place", "Tempat", 7),
    ("chair_name", "Pimpinan rapat", 8),
    ("agenda", "Agenda", 9),
    ("order_method", "Cara menyepakati urutan", 10),
    ("mandate", "Mandat delegasi", 11),
)
MEETING_HINTS = {
    "holder_code": "jangan diubah: menandai unit pemilik berkas ini",
    "year": "jangan diubah",
    "held_on": "wajib; tanggal rapat, mis. 17/01/2026",
    "place": "wajib; mis. Balai RW 03",
    "chair_name": "wajib; nama yang memimpin rapat",
    "agenda": "boleh kosong",
    "order_method": "boleh kosong; mis. musyawarah mufakat",
    "mandate": "boleh kosong; salah satu: " + " / ".join(str(c.label) for c in DelegateMandate),
}
#: The record's own limits (the model's), and the mandate's text before it is matched to a choice.
MEETING_MAX_LENGTH = {
    "place": Meeting._meta.get_field("place").max_length,
    "chair_name": Meeting._meta.get_field("chair_name").max_length,
    "mandate": 200,
}
PERSON_MAX_LENGTH = {name: Attendee._meta.get_field(name).max_length for name in ("name", "position")}

FUNDING_HEADERS = {source: f"{label} (Rp)" for source, label in FundingSource.choices}
PROPOSAL_COLUMNS: tuple[Column, ...] = (
    Column("rank", "Peringkat"),
    Column("title", "Judul"),
    Column("problem", "Masalah"),
    Column("idea", "Gagasan"),
    Column("code", "Kode kamus usulan"),
    Column("volume", "Volume"),
    Column("address", "Alamat/lokasi"),
    Column("latitude", "Lintang"),
    Column("longitude", "Bujur"),
    Column("beneficiaries", "Penerima manfaat"),
    *(Column(f"funding_{source}", header) for source, header in FUNDING_HEADERS.items()),
)
#: Columns the template computes for the operator (unit and cost of the chosen item); the import ignores them.
HELPER_HEADERS = ("Satuan (otomatis)", "Perkiraan biaya (otomatis)", "Selisih pendanaan (otomatis)")
PROPOSAL_WIDTHS = (10, 32, 36, 36, 16, 10, 30, 11, 11, 12, *(15,) * len(FundingSource.values), 12, 18, 18)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("name", "Nama"),
    Column("gender", "Jenis kelamin"),
    Column("age_group", "Kelompok umur"),
    Column("groups", "Kelompok"),
    Column("position", "Jabatan/unsur"),
    Column("delegate", "Delegasi"),
)
PEOPLE_WIDTHS = (30, 14, 15, 34, 24, 10)

COUNT_COLUMNS: tuple[Column, ...] = (Column("group", "Kelompok"), Column("count", "Jumlah"))

MAX_PROPOSALS = 200
MAX_PEOPLE = 1000
#: Rows of the template that carry the computed columns and the rupiah format.
TEMPLATE_ROWS = 100
LAT_RANGE, LNG_RANGE = LATITUDE_RANGE, LONGITUDE_RANGE  # the proposal services' rule
MAX_INTEGER = 2**31 - 1
MAX_COUNT = 32767
YES = {"ya": True, "y": True, "yes": True, "tidak": False, "t": False, "no": False, "bukan": False}
SEPARATORS = re.compile(r"[,;/\n]+")

# Where each list of valid values sits on the hidden "Pilihan" sheet (first value in row 2).
CHOICE_COLUMN = {"code": "A", "gender": "F", "age_group": "H", "groups": "J", "delegate": "L"}


def yes_no() -> list[tuple[str, str]]:
    return [("ya", _("dipilih sebagai delegasi")), ("tidak", _("bukan delegasi"))]


# --- the holder -----------------------------------------------------------------------------------------------------


def holder_parts(holder: Region | CommunityGroup) -> tuple[Region, CommunityGroup | None]:
    if isinstance(holder, CommunityGroup):
        if holder.kind != GroupKind.POKMAS:
            raise DomainError(_("Rembug diadakan oleh RT, RW atau Pokmas."))
        return holder.region, holder
    if holder.level not in (Level.RT, Level.RW):
        raise DomainError(_("Rembug diadakan oleh RT, RW atau Pokmas."))
    return holder, None


def holder_code(holder: Region | CommunityGroup) -> str:
    """What the template writes in "Kode unit", so a file filled for one holder is never imported into another."""
    if isinstance(holder, CommunityGroup):
        return f"{holder.region.code}/pokmas-{holder.pk}"
    return holder.code


def holder_description(holder: Region | CommunityGroup) -> str:
    """ "RT 001, RW 03, Kelurahan Lowokwaru" or "Pokmas Sejahtera, Kelurahan Dinoyo"."""
    region, group = holder_parts(holder)
    names = [str(group)] if group is not None else []
    node: Region | None = region
    while node is not None:
        names.append(node.label)
        if node.level in (Level.KELURAHAN, Level.DESA):
            break
        node = node.parent
    return ", ".join(names)


def active_items(cycle: PlanningCycle):
    """The city's dictionary items valid in the cycle's year, the only ones a proposal may pick."""
    return (
        DictionaryItem.objects.filter(city_id=cycle.city_id, active_from__lte=cycle.year)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=cycle.year))
        .order_by("code")
    )
